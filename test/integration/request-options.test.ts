import 'reflect-metadata';
import { APIConnectionError, APIUserAbortError, type ClientOptions } from 'openai';
import { container as globalContainer } from 'tsyringe';
import {
  ConfigurationError,
  fromProvider,
  Instructor,
  ProviderError,
  registerInstructor,
  type RequestOptions,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from './support';

describe('request options: the second argument of every call, handed to each SDK call', () => {
  let server: FakeOpenAIServer;
  const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
  const ok = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };
  const invalid = { toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } };
  let client: Instructor;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 1 });
  });

  it('sends the headers of the call with every attempt, re-asks included', async () => {
    server.reply(invalid, ok);

    await client.create(
      { messages, responseModel: User },
      { headers: { 'X-Trace-Id': 'trace-42' } },
    );

    expect(server.requestHeaders.map((headers) => headers['x-trace-id'])).toEqual([
      'trace-42',
      'trace-42',
    ]);
  });

  it('sends idempotencyKey as the Idempotency-Key header (the SDK alone would drop it)', async () => {
    server.reply(ok);

    await client.createWithCompletion(
      { messages, responseModel: User },
      { idempotencyKey: 'order-7', headers: { 'X-Other': '1' } },
    );

    expect(server.requestHeaders[0]).toMatchObject({
      'idempotency-key': 'order-7',
      'x-other': '1',
    });
  });

  it('keeps an Idempotency-Key header the caller set by hand', async () => {
    server.reply(ok);

    await client.create(
      { messages, responseModel: User },
      { idempotencyKey: 'from-option', headers: new Headers({ 'idempotency-key': 'by-hand' }) },
    );

    expect(server.requestHeaders[0]!['idempotency-key']).toBe('by-hand');
  });

  it('adds query parameters to the request URL', async () => {
    const seen: string[] = [];
    const recording: NonNullable<ClientOptions['fetch']> = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const sdk = server.client({ fetch: recording });
    server.reply(ok);

    await fromProvider('openai/gpt-4.1-mini', { client: sdk }).create(
      { messages, responseModel: User },
      { query: { 'api-version': '2024-10-21' } },
    );

    expect(seen).toEqual([`${server.url}/chat/completions?api-version=2024-10-21`]);
  });

  it('a timeout shorter than the reply ends the call with a ProviderError', async () => {
    server.reply({ ...ok, delayMs: 60_000 });

    // Without the timeout the reply would come after jest's own 5 s limit for a test.
    const error = await failureOf(
      client.create({ messages, responseModel: User }, { timeout: 50, maxRetries: 0 }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).cause).toBeInstanceOf(APIConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it("maxRetries there is the SDK's HTTP retry count, not a re-ask", async () => {
    const retryNow = { 'retry-after-ms': '1' };
    server.reply({ error: { status: 500 }, headers: retryNow }, ok);

    const user = await client.create({ messages, responseModel: User }, { maxRetries: 1 });

    expect(user).toBeInstanceOf(User);
    expect(server.requests).toHaveLength(2);
  });

  it('a signal in the options aborts the call like the `signal` param', async () => {
    const controller = new AbortController();
    server.reply(() => {
      controller.abort();
      return { ...ok, delayMs: 5_000 };
    });

    const error = await failureOf(
      client.create({ messages, responseModel: User }, { signal: controller.signal }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).cause).toBeInstanceOf(APIUserAbortError);
  });

  it('with a signal in both places, either one aborts the call', async () => {
    const inParams = new AbortController();
    const inOptions = new AbortController();
    server.reply(() => {
      inParams.abort();
      return { ...ok, delayMs: 5_000 };
    });

    const error = await failureOf(
      client.create(
        { messages, responseModel: User, signal: inParams.signal },
        { signal: inOptions.signal },
      ),
    );

    expect((error as ProviderError).cause).toBeInstanceOf(APIUserAbortError);
  });

  it("leaves the caller's options object as it was", async () => {
    server.reply(ok);
    const options: RequestOptions = { idempotencyKey: 'k-1', headers: { 'X-A': 'a' } };
    const before = JSON.stringify(options);

    await client.create({ messages, responseModel: User }, options);

    expect(JSON.stringify(options)).toBe(before);
  });

  it.each([
    ['an unknown option', { body: '{}' }, /Unknown request option `body`/],
    ['a request param', { responseModel: User }, /Unknown request option `responseModel`/],
    ['a signal that is no AbortSignal', { signal: { aborted: false } }, /must be an AbortSignal/],
    ['an empty idempotencyKey', { idempotencyKey: '' }, /idempotencyKey` must be a non-empty/],
    ['a non-object', 'fast', /request options/],
  ])('rejects %s before any request', async (_case, options, message) => {
    const error = await failureOf(
      client.create({ messages, responseModel: User }, options as unknown as RequestOptions),
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });
});

describe('SDK client options on fromProvider and registerInstructor', () => {
  let server: FakeOpenAIServer;
  const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
  const ok = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  const connect = { apiKey: 'sk-test-options', baseURL: '' };
  beforeEach(() => {
    connect.baseURL = server.url;
  });

  it('sends defaultHeaders, defaultQuery, organization and project with every request', async () => {
    server.reply(ok);
    const seen: string[] = [];
    const client = fromProvider('openai/gpt-4.1-mini', {
      ...connect,
      defaultHeaders: { 'X-App': 'billing' },
      defaultQuery: { tenant: 't1' },
      organization: 'org-1',
      project: 'proj-1',
      fetch: (input, init) => {
        seen.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });

    await client.create({ messages, responseModel: User });

    expect(server.requestHeaders[0]).toMatchObject({
      'x-app': 'billing',
      'openai-organization': 'org-1',
      'openai-project': 'proj-1',
    });
    expect(seen).toEqual([`${server.url}/chat/completions?tenant=t1`]);
  });

  it('timeout on the client ends a slow call with a ProviderError', async () => {
    server.reply({ ...ok, delayMs: 60_000 });
    const client = fromProvider('openai/gpt-4.1-mini', { ...connect, timeout: 50, httpRetries: 0 });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).cause).toBeInstanceOf(APIConnectionError);
  });

  it('httpRetries is the SDK maxRetries: 0 fails on the first 500, 1 retries once', async () => {
    const retryNow = { 'retry-after-ms': '1' };
    const failing = { error: { status: 500 }, headers: retryNow };
    server.reply(failing, failing, ok);

    const none = fromProvider('openai/gpt-4.1-mini', { ...connect, httpRetries: 0 });
    expect(await failureOf(none.create({ messages, responseModel: User }))).toBeInstanceOf(
      ProviderError,
    );
    const once = fromProvider('openai/gpt-4.1-mini', { ...connect, httpRetries: 1 });
    expect(await once.create({ messages, responseModel: User })).toBeInstanceOf(User);

    expect(server.requests).toHaveLength(3);
    expect(once.client.maxRetries).toBe(1);
  });

  it('registerInstructor builds its OpenAI instance with the same options', async () => {
    const container = globalContainer.createChildContainer();
    registerInstructor(container, {
      model: 'openai/gpt-4.1-mini',
      ...connect,
      defaultHeaders: { 'X-App': 'di' },
      httpRetries: 0,
    });
    server.reply(ok);

    const client = container.resolve(Instructor);
    await client.create({ messages, responseModel: User });

    expect(server.requestHeaders[0]!['x-app']).toBe('di');
    expect(client.client.maxRetries).toBe(0);
  });

  it.each([
    [{ httpRetries: -1 }, /httpRetries must be a whole number/],
    [{ temperature: 0 }, /Unknown fromProvider option `temperature`.*go in `defaults`/],
    [{ maxRetry: 1 }, /Unknown fromProvider option `maxRetry`/],
  ])('fromProvider rejects %j with a ConfigurationError', (options, message) => {
    expect(() => fromProvider('openai/gpt-4.1-mini', { ...connect, ...options })).toThrow(
      ConfigurationError,
    );
    expect(() => fromProvider('openai/gpt-4.1-mini', { ...connect, ...options })).toThrow(message);
  });

  it('an existing client with options that would build another is a ConfigurationError', () => {
    const sdk = server.client();
    const call = (): unknown =>
      fromProvider('openai/gpt-4.1-mini', { client: sdk, timeout: 10, apiKey: 'sk-x' });

    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(/`client` is used as is, so `apiKey`, `timeout` would be ignored/);
    expect(() =>
      registerInstructor(globalContainer.createChildContainer(), {
        model: 'openai/gpt-4.1-mini',
        client: sdk,
        defaultHeaders: { a: 'b' },
      }),
    ).toThrow(/`client` is used as is, so `defaultHeaders` would be ignored/);
  });
});
