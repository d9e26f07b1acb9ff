import 'reflect-metadata';
import { IsString } from 'class-validator';
import { Description } from '../../src';
import { schemaPrompt } from '../../src/modes/json-prompt';
import { resolveResponseTarget } from '../../src/response-model';

@Description('A person mentioned in the text.')
class Sentence {
  @IsString() name!: string;
}

@Description('A person mentioned in the text')
class Phrase {
  @IsString() name!: string;
}

describe('schemaPrompt', () => {
  it('opens with the class description as one sentence, whether or not it ends in a full stop', () => {
    for (const model of [Sentence, Phrase]) {
      const prompt = schemaPrompt(resolveResponseTarget(model), 'Reply with JSON.');
      expect(prompt.split('\n')[0]).toBe('A person mentioned in the text.');
    }
  });
});
