import 'reflect-metadata';
import {
  ConfigurationError,
  fromProvider,
  Hooks,
  Instructor,
  Mode,
  type CreateParams,
  type ResponseModel,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from './support';

// The rule: our own options are taken out by name; what is left goes on the wire only when it can
// be a chat-completions param (snake_case); camelCase keys and known option names are rejected.
describe('only chat-completions params go on the wire', () => {
  let server: FakeOpenAIServer;
  let client: Instructor;
  const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
  const ok = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
  });

  it('sends none of the options we define, per call or per request', async () => {
    server.reply(ok);
    const sentKwargs: object[] = [];
    client.on('completion:kwargs', (kwargs) => {
      sentKwargs.push(kwargs);
    });

    await client.create(
      {
        messages,
        responseModel: User,
        maxRetries: 1,
        hooks: new Hooks(),
        context: { tenant: 'a' },
        signal: new AbortController().signal,
      },
      {
        timeout: 60_000,
        maxRetries: 0,
        headers: { 'X-Trace': '1' },
        idempotencyKey: 'idem-1',
        query: { q: '1' },
        fetchOptions: {},
        signal: new AbortController().signal,
      },
    );

    const wireKeys = ['messages', 'model', 'tool_choice', 'tools'];
    expect(Object.keys(server.requests[0]!).sort()).toEqual(wireKeys);
    expect(Object.keys(sentKwargs[0]!).sort()).toEqual(wireKeys);
  });

  it('passes snake_case params it does not know unchanged (provider extensions)', async () => {
    server.reply(ok);

    await client.create({
      messages,
      responseModel: User,
      ...({ top_k: 40, repetition_penalty: 1.1 } as object),
    });

    expect(server.requests[0]).toMatchObject({ top_k: 40, repetition_penalty: 1.1 });
  });

  // Keys that reach the params through a spread or a cast: each a ConfigurationError, no request.
  it.each([
    [
      'timeout',
      1000,
      /`timeout` in the params of create\(\) is a request option: create\(params, \{ timeout \}\)/,
    ],
    ['headers', { a: 'b' }, /is a request option: create\(params, \{ headers \}\)/],
    ['idempotencyKey', 'k', /is a request option/],
    ['httpRetries', 1, /is a client option: fromProvider\(model, \{ httpRetries \}\)/],
    ['mode', 'json', /is a client option: fromProvider\(model, \{ mode \}\)/],
    ['apiKey', 'sk-x', /is a client option/],
    ['maxTokens', 10, /`maxTokens` .* is not a chat-completions param.*did you mean `max_tokens`/],
    ['responseFormat', {}, /did you mean `response_format`/],
  ])('rejects `%s` in the params before any request', async (name, value, message) => {
    const params = { messages, responseModel: User, [name]: value } as CreateParams<ResponseModel>;

    const error = await failureOf(client.create(params));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  it('a key set to undefined is the same as one left out', async () => {
    server.reply(ok);

    await client.create({
      messages,
      responseModel: User,
      ...({ timeout: undefined, maxTokens: undefined } as object),
    });

    expect(server.requests).toHaveLength(1);
  });

  it('checks the client defaults the same way, when the client is built', () => {
    const build = (defaults: object): Instructor =>
      fromProvider('openai/gpt-4.1-mini', { client: server.client(), defaults });

    expect(() => build({ timeout: 10 })).toThrow(ConfigurationError);
    expect(() => build({ timeout: 10 })).toThrow(/`timeout` in `defaults` is a request option/);
    expect(() => build({ maxTokens: 10 })).toThrow(/did you mean `max_tokens`/);
    expect(() => build({ max_tokens: 10, seed: 1 })).not.toThrow();
  });

  it.each([
    [
      Mode.TOOLS,
      { tool_choice: 'auto' },
      /`tool_choice` is built by Mode.TOOLS from `responseModel`/,
    ],
    [Mode.TOOLS_STRICT, { tools: [] }, /`tools` is built by Mode.TOOLS_STRICT/],
    [Mode.JSON, { response_format: { type: 'text' } }, /`response_format` is built by Mode.JSON /],
    [Mode.JSON_SCHEMA, { response_format: { type: 'json_object' } }, /Mode.JSON_SCHEMA/],
  ])(
    'in %s, a param the mode builds is refused instead of overwritten',
    async (mode, own, message) => {
      const modal = fromProvider('openai/gpt-4.1-mini', { client: server.client(), mode });

      const params = { messages, responseModel: User, ...own } as CreateParams<typeof User>;
      const error = await failureOf(modal.create(params));

      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(message);
      expect(server.requests).toHaveLength(0);
    },
  );

  it('with responseModel: null the caller sends tools of their own', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: {} } }];
    server.reply({ content: 'hi' });

    await client.create({ messages, responseModel: null, tools, tool_choice: 'auto' });

    expect(server.requests[0]).toMatchObject({ tools, tool_choice: 'auto' });
  });

  it('create() takes stream: false, as its type allows, and refuses stream: true', async () => {
    server.reply(ok);

    await client.create({ messages, responseModel: User, stream: false });

    expect(server.requests[0]!.stream).toBe(false);
    const streaming = { messages, responseModel: User, stream: true } as unknown as CreateParams<
      typeof User
    >;
    await expect(client.create(streaming)).rejects.toThrow(/create\(\) does not stream/);
  });

  it('rejects unknown options of new Instructor(...)', () => {
    expect(
      () =>
        new Instructor({
          client: server.client(),
          ...({ retries: 3 } as object),
        }),
    ).toThrow(/Unknown new Instructor option `retries`/);
  });
});
