import 'reflect-metadata';
import OpenAI from 'openai';
import { ConfigurationError, fromProvider, Instructor, Mode, SUPPORTED_PROVIDERS } from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';

describe('fromProvider', () => {
  let server: FakeOpenAIServer;
  const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
  const ok = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  it('splits at the first slash: the rest is the default model of every call', async () => {
    const client = fromProvider('openai/accounts/fireworks/models/x', { client: server.client() });
    server.reply(ok);

    await client.create({ messages, responseModel: User });

    expect(client).toBeInstanceOf(Instructor);
    expect(client.provider).toBe('openai');
    expect(client.model).toBe('accounts/fireworks/models/x');
    expect(server.requests[0]!.model).toBe('accounts/fireworks/models/x');
  });

  it("a call's model overrides the default", async () => {
    server.reply(ok);

    await fromProvider('openai/gpt-4.1-mini', { client: server.client() }).create({
      messages,
      responseModel: User,
      model: 'gpt-4.1',
    });

    expect(server.requests[0]!.model).toBe('gpt-4.1');
  });

  it.each(['gpt-4.1-mini', 'openai/', '/gpt-4.1-mini', 'nosuch/model', ''])(
    'rejects %j with a ConfigurationError naming the supported providers',
    (model) => {
      expect(() => fromProvider(model)).toThrow(ConfigurationError);
      expect(() => fromProvider(model)).toThrow(/Supported providers: openai, /);
    },
  );

  it("merges defaults into every request; the call's own params win", async () => {
    const client = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      defaults: { temperature: 0.1, max_tokens: 100, user: 'default-user' },
    });
    server.reply(ok, ok);

    await client.create({ messages, responseModel: User });
    await client.create({ messages, responseModel: User, temperature: 0.9 });

    expect(server.requests[0]).toMatchObject({
      temperature: 0.1,
      max_tokens: 100,
      user: 'default-user',
    });
    expect(server.requests[1]).toMatchObject({ temperature: 0.9, max_tokens: 100 });
  });

  it('never sends its own options (responseModel, maxRetries, hooks, context, signal) to the API', async () => {
    server.reply(ok);

    await fromProvider('openai/gpt-4.1-mini', { client: server.client() }).create({
      messages,
      responseModel: User,
      maxRetries: 1,
      context: { tenant: 'a' },
      signal: new AbortController().signal,
    });

    expect(Object.keys(server.requests[0]!).sort()).toEqual([
      'messages',
      'model',
      'tool_choice',
      'tools',
    ]);
  });

  it('builds its own SDK client from apiKey and baseURL', async () => {
    server.reply(ok);
    const client = fromProvider('openai/gpt-4.1-mini', {
      apiKey: 'sk-test-1',
      baseURL: server.url,
    });

    await client.create({ messages, responseModel: User });

    expect(client.client.baseURL).toBe(server.url);
    expect(server.requests).toHaveLength(1);
  });

  it("takes the key from the provider's environment variable and fails clearly without one", () => {
    const saved = process.env.GROQ_API_KEY;
    try {
      delete process.env.GROQ_API_KEY;
      expect(() => fromProvider('groq/llama-3.1-8b-instant')).toThrow(
        /No API key for groq: set GROQ_API_KEY/,
      );
      process.env.GROQ_API_KEY = 'gsk-from-env';
      const client = fromProvider('groq/llama-3.1-8b-instant');
      expect(client.client.apiKey).toBe('gsk-from-env');
      expect(client.client.baseURL).toBe('https://api.groq.com/openai/v1');
    } finally {
      if (saved === undefined) delete process.env.GROQ_API_KEY;
      else process.env.GROQ_API_KEY = saved;
    }
  });

  it('local servers need no key and take their base URL from options', () => {
    const client = fromProvider('ollama/llama3.2', { baseURL: server.url });

    expect(client.client.baseURL).toBe(server.url);
    expect(client.mode).toBe(Mode.JSON_SCHEMA);
    expect(SUPPORTED_PROVIDERS).toContain('ollama');
  });

  it('uses a given OpenAI instance as is', () => {
    const sdk = new OpenAI({ apiKey: 'sk-given', baseURL: server.url });

    expect(fromProvider('openai/gpt-4.1-mini', { client: sdk }).client).toBe(sdk);
  });

  it.each([-1, 1.5, Number.NaN, '2'])(
    'rejects maxRetries %p with a ConfigurationError',
    (value) => {
      expect(() =>
        fromProvider('openai/gpt-4.1-mini', {
          client: server.client(),
          maxRetries: value as number,
        }),
      ).toThrow(ConfigurationError);
    },
  );

  it('rejects an unknown mode and a per-call bad maxRetries before any request', async () => {
    expect(() =>
      fromProvider('openai/gpt-4.1-mini', { client: server.client(), mode: 'xml' as Mode }),
    ).toThrow(ConfigurationError);
    expect(() =>
      fromProvider('openai/gpt-4.1-mini', { client: server.client(), mode: 'xml' as Mode }),
    ).toThrow(`Mode "xml" is not a mode; use one of: ${Object.values(Mode).join(', ')}.`);
    await expect(
      fromProvider('openai/gpt-4.1-mini', { client: server.client() }).create({
        messages,
        responseModel: User,
        maxRetries: -2,
      }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(0);
  });

  it('new Instructor without a model needs one per call', async () => {
    const client = new Instructor({ client: server.client() });

    await expect(client.create({ messages, responseModel: User })).rejects.toThrow(/No model/);
    server.reply(ok);
    await expect(
      client.create({ messages, responseModel: User, model: 'gpt-4.1-nano' }),
    ).resolves.toEqual({ name: 'Jason', age: 25 });
  });
});
