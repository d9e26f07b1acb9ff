import 'reflect-metadata';
import {
  ConfigurationError,
  fromProvider,
  InstructorError,
  InstructorRetryException,
  Mode,
  ProviderError,
  RefusalError,
  ValidationError,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { completionBody, failureOf } from './support';

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const ok = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };
const DEPTH = 10_000;

/** A JSON text nested `depth` levels deep: `{"a":{"a":...}}`. */
function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** The body as raw text with `marker` (a JSON string) replaced by a raw JSON value. */
function withRaw(body: string, marker: string, raw: string): string {
  return body.replace(JSON.stringify(marker), raw);
}

describe('hostile replies that used to crash end in typed errors', () => {
  let server: FakeOpenAIServer;
  let client: Instructor;
  const events: string[] = [];

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    events.length = 0;
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 1 });
    client.on('parse:error', () => {
      events.push('parse:error');
    });
    client.on('completion:error', () => {
      events.push('completion:error');
    });
    client.on('completion:last_attempt', () => {
      events.push('completion:last_attempt');
    });
  });

  it('tool arguments sent as a deeply nested JSON value are re-asked, not a RangeError', async () => {
    const body = completionBody({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'User', arguments: 'DEEP' } }],
    });
    server.reply({ body: withRaw(body, 'DEEP', deepJson(DEPTH)) }, ok);

    const user = await client.create({ messages, responseModel: User });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(events).toEqual(['parse:error']);
    const reask = server.requests[1]!.messages;
    const echoed = reask[1] as { tool_calls: { function: { arguments: string } }[] };
    expect(typeof echoed.tool_calls[0]!.function.arguments).toBe('string');
  });

  it('a deeply nested refusal is a RefusalError with bounded text', async () => {
    const body = completionBody({ role: 'assistant', content: null, refusal: 'DEEP' });
    server.reply({ body: withRaw(body, 'DEEP', deepJson(DEPTH)) });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).refusal.length).toBeLessThan(1_000);
    expect(events).toEqual(['completion:error', 'completion:last_attempt']);
  });

  it('a deeply nested 200 body that is not a completion is a ProviderError', async () => {
    server.reply({ body: `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}` });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message.length).toBeLessThan(1_000);
    expect(events).toEqual(['completion:error', 'completion:last_attempt']);
  });

  it('a deeply nested 400 error body is a ProviderError with status', async () => {
    server.reply({
      body: `{"error":{"message":"bad","detail":${deepJson(DEPTH)}}}`,
      status: 400,
    });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(400);
    expect(events).toEqual(['completion:error', 'completion:last_attempt']);
  });

  it('a re-ask echoes a tool call that had no arguments with an arguments string', async () => {
    const body = completionBody({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'User' } }],
    });
    server.reply({ body }, ok);

    await client.create({ messages, responseModel: User });

    const echoed = server.requests[1]!.messages[1] as {
      tool_calls: { function: { arguments?: unknown } }[];
    };
    expect(typeof echoed.tool_calls[0]!.function.arguments).toBe('string');
  });

  it('redacts an API key echoed in a 200 body that is not a completion', async () => {
    const secret = 'sk-proj-ECHOEDKEYECHOEDKEY1234';
    const keyed = fromProvider('openai/gpt-4.1-mini', {
      client: server.client({ apiKey: secret }),
    });
    server.reply({ body: JSON.stringify(`invalid credentials for key ${secret}`) });

    const error = await failureOf(keyed.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toContain('invalid credentials for key');
    expect((error as Error).message).not.toContain(secret);
    expect((error as Error).message).not.toContain('ECHOEDKEY');
  });

  it.each([
    [{ stream: true }, /`stream` in `defaults`/],
    [{ n: 2 }, /`n: 2` in `defaults`/],
  ])(
    'defaults %j that conflict with create() are a ConfigurationError before any request',
    async (defaults, message) => {
      const error = await failureOf(
        (async () =>
          fromProvider('openai/gpt-4.1-mini', {
            client: server.client(),
            defaults: defaults as object,
          }).create({
            messages,
            responseModel: User,
          }))(),
      );

      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(message);
      expect(server.requests).toHaveLength(0);
    },
  );

  it('n > 1 on a call with a response model is a ConfigurationError; with null it is sent', async () => {
    const error = await failureOf(client.create({ messages, responseModel: User, n: 3 }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/`n: 3`/);

    server.reply({ content: 'a' });
    await client.create({ messages, responseModel: null, n: 3 });
    expect(server.requests[0]!.n).toBe(3);
  });

  it.each([null, undefined])(
    'JSON mode with a system message whose content is %p adds the schema prompt',
    async (content) => {
      const json = fromProvider('openai/gpt-4.1-mini', {
        client: server.client(),
        mode: Mode.JSON,
      });
      server.reply({ content: '{"name":"Jason","age":25}' });
      const system = { role: 'system', content } as unknown as { role: 'system'; content: string };

      const user = await json.create({ messages: [system, ...messages], responseModel: User });

      expect(user).toEqual({ name: 'Jason', age: 25 });
      const sent = server.requests[0]!.messages[0] as { role: string; content: string };
      expect(sent.role).toBe('system');
      expect(sent.content).toMatch(/^A person/);
    },
  );

  it('usage details with keys like toString, constructor or __proto__ are summed as numbers', async () => {
    const details = '{"toString":2,"constructor":3,"__proto__":{"polluted":1},"cached_tokens":4}';
    const body = JSON.stringify({
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'c1',
                type: 'function',
                function: { name: 'User', arguments: '{"name":"Jason","age":25}' },
              },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 1,
        completion_tokens: 1,
        total_tokens: 2,
        prompt_tokens_details: 'D',
      },
    });
    server.reply({ body: withRaw(body, 'D', details) });

    const { usage } = await client.createWithCompletion({ messages, responseModel: User });

    expect({ ...usage.prompt_tokens_details }).toEqual({
      toString: 2,
      constructor: 3,
      cached_tokens: 4,
    });
    expect(Object.getPrototypeOf(usage.prompt_tokens_details)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('decisions: replies that look like something else', () => {
  let server: FakeOpenAIServer;
  let client: Instructor;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 1 });
  });

  it('several calls of the forced tool are a ValidationError, re-asked', async () => {
    const twice = {
      toolCalls: [
        { name: 'User', arguments: { name: 'A', age: 1 } },
        { name: 'User', arguments: { name: 'B', age: 2 } },
      ],
    };
    server.reply(twice, ok);
    const parseErrors: string[] = [];
    client.on('parse:error', (error) => {
      parseErrors.push(error.message);
    });

    const user = await client.create({ messages, responseModel: User });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(parseErrors).toEqual([expect.stringMatching(/exactly one call expected/)]);
    expect(server.requests).toHaveLength(2);
  });

  it('a 200 body shaped like an error is a ProviderError with its message and code', async () => {
    server.reply({
      body: JSON.stringify({
        error: { message: 'Upstream overloaded', code: 'overloaded', type: 'server_error' },
      }),
    });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toContain('Upstream overloaded');
    expect((error as ProviderError).code).toBe('overloaded');
    expect(server.requests).toHaveLength(1);
  });

  it('maxRetries: null means the default, on the client and per call alike', async () => {
    const nullClient = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      maxRetries: null,
    });
    expect(nullClient.maxRetries).toBe(2);

    const bad = { toolCall: { name: 'User', arguments: { name: 'J', age: -1 } } };
    server.reply(bad, ok);
    const user = await client.create({
      messages,
      responseModel: User,
      maxRetries: null,
    });

    // The per-call null fell back to the client's one re-ask.
    expect(user).toBeInstanceOf(User);
    expect(server.requests).toHaveLength(2);
  });

  it('an aborted signal ends the call while a hook handler is still pending', async () => {
    const controller = new AbortController();
    const order: string[] = [];
    client.on('completion:response', () => {
      controller.abort();
      return new Promise<void>(() => {}); // never settles
    });
    client.on('completion:last_attempt', () => {
      order.push('completion:last_attempt');
    });
    server.reply(ok);

    const error = await failureOf(
      client.create({ messages, responseModel: User }, { signal: controller.signal }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect(InstructorError.isInstance(error)).toBe(true);
    expect(order).toEqual(['completion:last_attempt']);
  });

  it('the error of a failed re-ask round never enters the next prompt when it was a transport error', async () => {
    const bad = { toolCall: { name: 'User', arguments: { name: 'J', age: -1 } } };
    server.reply(bad, { error: { status: 400, message: 'TRANSPORT-DETAIL' } });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect(JSON.stringify(server.requests)).not.toContain('TRANSPORT-DETAIL');
    expect(error).not.toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(InstructorRetryException);
  });
});
