import 'reflect-metadata';
import { inspect } from 'node:util';
import { Type } from 'class-transformer';
import {
  IsOptional,
  IsString,
  Validate,
  ValidateNested,
  ValidatorConstraint,
} from 'class-validator';
import {
  ConfigurationError,
  fromProvider,
  InstructorError,
  InstructorRetryException,
  Mode,
  ProviderError,
  ValidationError,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { completionBody, failureOf } from './support';

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];

describe('malformed replies end in typed errors, never a crash', () => {
  let server: FakeOpenAIServer;
  let client: Instructor;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 0 });
  });

  it.each([
    ['tool_calls is an object', { role: 'assistant', content: null, tool_calls: {} }],
    ['tool_calls holds null', { role: 'assistant', content: null, tool_calls: [null] }],
    [
      'a tool call without a function',
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: null }],
      },
    ],
    [
      'only a custom tool call',
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'User', input: '{}' } }],
      },
    ],
    ['content is a number', { role: 'assistant', content: 42 }],
  ])('%s: a ValidationError, re-askable', async (_, message) => {
    server.reply({ body: completionBody(message) });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect((error as InstructorRetryException).cause).toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(1);
  });

  it('non-string content in MD_JSON is a ValidationError', async () => {
    server.reply({ body: completionBody({ role: 'assistant', content: { x: 1 } }) });

    const error = await failureOf(
      fromProvider('openai/gpt-4.1-mini', {
        client: server.client(),
        mode: Mode.MD_JSON,
        maxRetries: 0,
      }).create({ messages, responseModel: User }),
    );

    expect((error as InstructorRetryException).cause).toBeInstanceOf(ValidationError);
  });

  it('a body that is not a chat completion (JSON null) is a ProviderError', async () => {
    server.reply({ body: 'null' });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/not a chat completion/);
  });

  it('tool arguments sent as an object (some compatible servers) are accepted, hostile keys stripped', async () => {
    server.reply({
      body: completionBody({
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: {
              name: 'User',
              arguments: JSON.parse(
                '{"name":"Jason","age":25,"__proto__":{"polluted":1}}',
              ) as unknown,
            },
          },
        ],
      }),
    });

    const user = await client.create({ messages, responseModel: User });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(Object.getPrototypeOf(user)).toBe(User.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('usage with strings or nulls does not corrupt the totals', async () => {
    const toolCall = { name: 'User', arguments: { name: 'Jason', age: 25 } };
    server.reply({
      toolCall,
      usage: { prompt_tokens: '10', completion_tokens: null, total_tokens: 5 } as never,
    });

    const result = await client.createWithCompletion({ messages, responseModel: User });

    expect(result.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 5 });
  });

  it('deep nesting under a key the model does not declare is dropped with the key', async () => {
    const depth = 200_000;
    server.reply({
      toolCall: {
        name: 'User',
        arguments: `{"name":"x","age":1,"extra":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      },
    });

    const user = await client.create({ messages, responseModel: User });

    expect(user).toEqual({ name: 'x', age: 1 });
  });

  it('deep nesting through a recursive model is a ValidationError, not a stack overflow', async () => {
    class Chain {
      @IsString() id!: string;
      @IsOptional() @ValidateNested() @Type(() => Chain) next?: Chain;
    }
    const depth = 100_000;
    server.reply({
      toolCall: {
        name: 'Chain',
        arguments: `${'{"id":"a","next":'.repeat(depth)}null${'}'.repeat(depth)}`,
      },
    });

    const error = await failureOf(client.create({ messages, responseModel: Chain }));

    expect(error).toBeInstanceOf(InstructorRetryException);
    const cause = (error as InstructorRetryException).cause as ValidationError;
    expect(cause).toBeInstanceOf(ValidationError);
    expect(cause.message).toMatch(/^Chain: the reply could not be converted: RangeError/);
  });

  it('a custom constraint that throws on an odd shape is a ValidationError and is re-asked', async () => {
    @ValidatorConstraint({ name: 'lowercase' })
    class Lowercase {
      validate(value: string): boolean {
        return value.toLowerCase() === value; // throws for non-strings
      }
    }
    class Tag {
      @Validate(Lowercase) @IsString() label!: string;
    }
    server.reply(
      { toolCall: { name: 'Tag', arguments: { label: 7 } } },
      { toolCall: { name: 'Tag', arguments: { label: 'ok' } } },
    );

    const tag = await fromProvider('openai/gpt-4.1-mini', { client: server.client() }).create({
      messages,
      responseModel: Tag,
    });

    expect(tag.label).toBe('ok');
    expect(server.requests[1]!.messages[2]!.content).toContain('Validating the reply threw');
  });
});

describe('bad call options are ConfigurationErrors before any request', () => {
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());

  it.each([
    ['messages is not an array', { messages: 'hi' }],
    ['hooks is not a Hooks set', { messages, hooks: { on: () => undefined } }],
  ])('%s', async (_, params) => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });

    const error = await failureOf(
      client.create({ responseModel: User, ...(params as unknown as { messages: [] }) }),
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(0);
  });

  it('a class whose name cannot be a tool name', async () => {
    const Weird = { ['Bad Name!']: class {} }['Bad Name!'];
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });

    await expect(client.create({ messages, responseModel: Weird })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
  });
});

describe('the API key never leaks', () => {
  let server: FakeOpenAIServer;
  const secret = 'sk-proj-LEAKLEAKLEAK0123456789';

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());

  it('not through the error, its cause, inspect() output or the completion:error payload', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', {
      client: server.client({ apiKey: secret }),
    });
    const hookPayloads: string[] = [];
    client.on('completion:error', (error) => void hookPayloads.push(inspect(error, { depth: 5 })));
    server.reply({ error: { status: 401, message: `Incorrect API key provided: ${secret}.` } });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(InstructorError.isInstance(error)).toBe(true);
    const providerError = error as ProviderError;
    expect(providerError.status).toBe(401);
    expect((providerError.cause as { status: number }).status).toBe(401);
    for (const text of [
      inspect(error, { depth: 5 }),
      String((providerError.cause as Error).message),
      String((providerError.cause as Error).stack),
      JSON.stringify((providerError.cause as { error: unknown }).error),
      ...hookPayloads,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(hookPayloads).toHaveLength(1);
  });
});
