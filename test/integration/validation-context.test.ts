import 'reflect-metadata';
import {
  IsString,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { fromProvider, getValidationContext, InstructorRetryException } from '../../src';
import { FakeOpenAIServer } from '../../src/testing';

interface ModerationContext {
  banned: string[];
}

@ValidatorConstraint({ name: 'notBanned' })
class NotBanned implements ValidatorConstraintInterface {
  validate(value: string): boolean {
    return !getValidationContext<ModerationContext>()?.banned.includes(value);
  }
  defaultMessage(): string {
    return 'the word is banned in this context';
  }
}

@ValidatorConstraint({ name: 'notBannedAsync', async: true })
class NotBannedAsync implements ValidatorConstraintInterface {
  async validate(value: string): Promise<boolean> {
    await Promise.resolve();
    return !getValidationContext<ModerationContext>()?.banned.includes(value);
  }
  defaultMessage(): string {
    return 'the word is banned (async check)';
  }
}

class Word {
  @IsString() @Validate(NotBanned) word!: string;
}

class AsyncWord {
  @IsString() @Validate(NotBannedAsync) word!: string;
}

describe('validation context', () => {
  let server: FakeOpenAIServer;
  const messages = [{ role: 'user' as const, content: 'Say a word' }];

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  it.each([
    ['a sync constraint', Word, 'Word', 'the word is banned in this context'],
    ['an async constraint', AsyncWord, 'AsyncWord', 'the word is banned (async check)'],
  ] as const)('reaches %s during the call and only that call', async (_, model, name, message) => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 0 });
    server.reply(
      { toolCall: { name, arguments: { word: 'darn' } } },
      { toolCall: { name, arguments: { word: 'darn' } } },
    );

    const banned = await client
      .create({ messages, responseModel: model, context: { banned: ['darn'] } })
      .catch((error: unknown) => error);
    const allowed = await client.create({ messages, responseModel: model });

    expect(banned).toBeInstanceOf(InstructorRetryException);
    expect((banned as Error).message).toContain(`word: ${message}`);
    expect(allowed.word).toBe('darn');
    expect(getValidationContext()).toBeUndefined();
  });

  it('keeps concurrent calls apart: each async validation sees only its own context', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 0 });
    const count = 20;
    server.reply(
      ...Array.from({ length: count }, () => ({
        toolCall: { name: 'AsyncWord', arguments: { word: 'darn' } },
      })),
    );

    const results = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        client
          .create({
            messages,
            responseModel: AsyncWord,
            context: { banned: index % 2 === 0 ? ['darn'] : [] },
          })
          .then(
            () => 'allowed',
            () => 'banned',
          ),
      ),
    );

    expect(results).toEqual(
      Array.from({ length: count }, (_, index) => (index % 2 === 0 ? 'banned' : 'allowed')),
    );
  });
});
