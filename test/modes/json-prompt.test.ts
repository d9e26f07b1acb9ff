import 'reflect-metadata';
import { IsOptional, IsString } from 'class-validator';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { Description } from '../../src';
import { schemaPrompt, withSystemPrompt } from '../../src/modes/json-prompt';
import { resolveResponseTarget } from '../../src/response-model';

@Description('A person mentioned in the text.')
class Sentence {
  @IsString() name!: string;
}

@Description('A person mentioned in the text')
class Phrase {
  @IsString() name!: string;
}

@Description('Version 2.0 of a person')
class Versioned {
  @IsString() name!: string;
}

@Description('Is this a person?  ')
class Padded {
  @IsString() name!: string;
}

@Description('A nickname')
class Nickname {
  @IsOptional() @IsString() nickname?: string;
}

describe('schemaPrompt', () => {
  it('opens with the class description as one sentence, whether or not it ends in a full stop', () => {
    for (const model of [Sentence, Phrase]) {
      const prompt = schemaPrompt(resolveResponseTarget(model), 'Reply with JSON.');
      expect(prompt.split('\n')[0]).toBe('A person mentioned in the text.');
    }
  });

  it('adds a full stop to a description with a dot inside but not at its end', () => {
    const prompt = schemaPrompt(resolveResponseTarget(Versioned), 'Reply with JSON.');
    expect(prompt.split('\n')[0]).toBe('Version 2.0 of a person.');
  });

  it('keeps the punctuation that ends a description, trailing spaces dropped', () => {
    const prompt = schemaPrompt(resolveResponseTarget(Padded), 'Reply with JSON.');
    expect(prompt.split('\n')[0]).toBe('Is this a person?');
  });

  it('is the description, the instruction, the non-strict schema and the answer format', () => {
    expect(schemaPrompt(resolveResponseTarget(Nickname), 'Reply with the JSON object only.')).toBe(
      'A nickname.\n' +
        'Answer with a JSON object that matches this JSON Schema (an instance of it, not the schema itself):\n' +
        JSON.stringify({
          type: 'object',
          description: 'A nickname',
          // Optional: may be left out, or null (class-validator's @IsOptional skips both).
          properties: { nickname: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
          required: [],
          additionalProperties: false,
        }) +
        '\nReply with the JSON object only.',
    );
  });

  it('gives the same text again for the same target and answer format, another for another', () => {
    const target = resolveResponseTarget(Phrase);
    const first = schemaPrompt(target, 'Reply with JSON.');
    expect(schemaPrompt(target, 'Reply with JSON.')).toBe(first);
    expect(schemaPrompt(target, 'Reply in a fence.')).toBe(
      first.replace(/Reply with JSON\.$/, 'Reply in a fence.'),
    );
  });
});

describe('withSystemPrompt', () => {
  const user: ChatCompletionMessageParam = { role: 'user', content: 'Extract' };

  it('prepends a system message when there is none, also to an empty list', () => {
    expect(withSystemPrompt([user], 'P')).toEqual([{ role: 'system', content: 'P' }, user]);
    expect(withSystemPrompt([], 'P')).toEqual([{ role: 'system', content: 'P' }]);
  });

  it('prepends a system message when a system message comes only later', () => {
    const later: ChatCompletionMessageParam = { role: 'system', content: 'Late' };
    expect(withSystemPrompt([user, later], 'P')).toEqual([
      { role: 'system', content: 'P' },
      user,
      later,
    ]);
  });

  it("appends the prompt to the first system message's text after a blank line, as a copy", () => {
    const system: ChatCompletionMessageParam = {
      role: 'system',
      content: 'You extract.',
      name: 'x',
    };
    expect(withSystemPrompt([system, user], 'P')).toEqual([
      { role: 'system', content: 'You extract.\n\nP', name: 'x' },
      user,
    ]);
    expect(system).toEqual({ role: 'system', content: 'You extract.', name: 'x' });
  });

  it('appends the prompt as a text part to a system message made of parts', () => {
    const system: ChatCompletionMessageParam = {
      role: 'system',
      content: [{ type: 'text', text: 'You extract.' }],
    };
    expect(withSystemPrompt([system], 'P')).toEqual([
      {
        role: 'system',
        content: [
          { type: 'text', text: 'You extract.' },
          { type: 'text', text: 'P' },
        ],
      },
    ]);
    expect(system.content).toEqual([{ type: 'text', text: 'You extract.' }]);
  });

  it.each([[''], [null], [undefined]])(
    'makes the prompt the whole system message when its content is %p',
    (content) => {
      const system = { role: 'system', content } as unknown as ChatCompletionMessageParam;
      expect(withSystemPrompt([system, user], 'P')).toEqual([
        { role: 'system', content: 'P' },
        user,
      ]);
    },
  );
});
