// The second argument of every call: what is refused (with which message) before any request,
// what reaches the wire (signals, the Idempotency-Key header), and what is handed to the SDK.
import 'reflect-metadata';
import OpenAI, { APIUserAbortError } from 'openai';
import {
  ConfigurationError,
  fromProvider,
  ProviderError,
  type Instructor,
  type RequestOptions,
} from '../../src';
import { prepareRequestOptions } from '../../src/client/request-options';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from '../integration/support';

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const ok = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };

let server: FakeOpenAIServer;
let client: Instructor;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.reset();
  client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
});

/** The ConfigurationError message of a create() that must be refused before any request. */
async function refusal(call: Promise<unknown>): Promise<string> {
  const error = await failureOf(call);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(server.requests).toHaveLength(0);
  return (error as Error).message;
}

const create = (options: unknown, params: object = {}): Promise<User> =>
  client.create({ messages, responseModel: User, ...params }, options as RequestOptions);

describe('a second argument that is not request options is refused before any request', () => {
  const prefix =
    "The second argument of a call is the SDK's request options ({ timeout, headers, ... }); got ";

  it.each([
    ['a string, quoted', 'fast', '"fast"'],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['a function', () => ({}), 'a function'],
    ['an array', [], 'an instance of Array'],
    ['an instance of a class', new Map(), 'an instance of Map'],
    [
      'an object whose prototype has no constructor',
      Object.create(Object.create(null) as object) as object,
      'an instance of Object',
    ],
  ])('%s', async (_case, options, described) => {
    expect(await refusal(create(options))).toBe(`${prefix}${described}.`);
  });

  it('an unknown option names every option the second argument takes', async () => {
    expect(await refusal(create({ temperature: 0 }))).toBe(
      'Unknown request option `temperature`; the second argument takes timeout, headers, ' +
        'idempotencyKey, maxRetries, signal, query, fetchOptions. ' +
        'Request params (responseModel, messages, temperature, ...) go in the first argument.',
    );
  });

  it.each([
    ['an object', { aborted: false }, 'an instance of Object'],
    ['a string', 'abort', '"abort"'],
  ])('a `signal` param that is %s says it must be an AbortSignal', async (_case, signal, got) => {
    expect(await refusal(create(undefined, { signal }))).toBe(
      `\`signal\` must be an AbortSignal (from an AbortController); got ${got}.`,
    );
  });

  it('a `signal` request option that is no AbortSignal is named as requestOptions.signal', async () => {
    expect(await refusal(create({ signal: new EventTarget() }))).toBe(
      '`requestOptions.signal` must be an AbortSignal (from an AbortController); got an instance of EventTarget.',
    );
  });

  it.each([
    ['empty', '', '""'],
    ['a number', 42, '42'],
    ['a symbol', Symbol('order'), 'Symbol(order)'],
    ['a boolean', true, 'true'],
  ])('an idempotencyKey that is %s', async (_case, idempotencyKey, got) => {
    expect(await refusal(create({ idempotencyKey }))).toBe(
      `\`idempotencyKey\` must be a non-empty string; got ${got}.`,
    );
  });
});

describe('every request option is taken', () => {
  it.each<[string, RequestOptions]>([
    ['timeout', { timeout: 60_000 }],
    ['headers', { headers: { 'X-Trace': 't' } }],
    ['idempotencyKey', { idempotencyKey: 'k-1' }],
    ['maxRetries', { maxRetries: 0 }],
    ['signal', { signal: new AbortController().signal }],
    ['query', { query: { q: '1' } }],
    ['fetchOptions', { fetchOptions: {} }],
  ])('%s', async (_name, options) => {
    server.reply(ok);

    expect(await create(options)).toEqual({ name: 'Jason', age: 25 });
    expect(server.requests).toHaveLength(1);
  });

  it('a null signal, in the params or the options, is the same as none', async () => {
    server.reply(ok, ok);

    await create({ signal: null }, { signal: null });
    await create(undefined, { signal: null });

    expect(server.requests).toHaveLength(2);
  });
});

describe('a signal in the params and one in the options', () => {
  it('the one in the options aborts the call too', async () => {
    const inParams = new AbortController();
    const inOptions = new AbortController();
    server.reply(() => {
      inOptions.abort();
      return { ...ok, delayMs: 5_000 };
    });

    const error = await failureOf(
      create({ signal: inOptions.signal }, { signal: inParams.signal }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).cause).toBeInstanceOf(APIUserAbortError);
    expect(inParams.signal.aborted).toBe(false);
  });

  it('the same signal in both places is handed to the SDK as it is', () => {
    const { signal } = new AbortController();

    expect(prepareRequestOptions(server.client(), { signal }, signal)?.signal).toBe(signal);
  });

  it('two signals are combined into one that aborts with the reason of the first to abort', () => {
    const first = new AbortController();
    const second = new AbortController();

    const combined = prepareRequestOptions(
      server.client(),
      { signal: second.signal },
      first.signal,
    )?.signal;
    second.abort('second stopped');
    first.abort('first stopped');

    expect(combined?.aborted).toBe(true);
    expect(combined?.reason).toBe('second stopped');
  });
});

describe('what is handed to the SDK', () => {
  it('nothing at all when no option is given, or only a null signal', () => {
    const sdk = server.client();

    expect(prepareRequestOptions(sdk, undefined, undefined)).toBeUndefined();
    expect(prepareRequestOptions(sdk, {}, null)).toBeUndefined();
    expect(prepareRequestOptions(sdk, { signal: null }, undefined)).toBeUndefined();
  });

  it('the options without a null signal, and the param signal as `signal`', () => {
    const sdk = server.client();
    const { signal } = new AbortController();

    expect(prepareRequestOptions(sdk, { timeout: 5, signal: null }, undefined)).toStrictEqual({
      timeout: 5,
    });
    expect(prepareRequestOptions(sdk, { timeout: 5 }, signal)).toStrictEqual({
      timeout: 5,
      signal,
    });
  });
});

describe('idempotencyKey goes out as the Idempotency-Key header', () => {
  it('added to headers given as a Headers instance', async () => {
    server.reply(ok);

    await create({ idempotencyKey: 'order-1', headers: new Headers({ 'X-Other': '1' }) });

    expect(server.requestHeaders[0]).toMatchObject({
      'idempotency-key': 'order-1',
      'x-other': '1',
    });
  });

  it.each<[string, RequestOptions['headers']]>([
    ['no headers', undefined],
    ['headers in an object', { 'X-Other': '1' }],
    [
      'headers in an object without a prototype',
      Object.assign(Object.create(null) as object, { 'X-Other': '1' }),
    ],
    ['headers as tuples', [['X-Other', '1']]],
  ])('added next to %s', async (_case, headers) => {
    server.reply(ok);

    await create({ idempotencyKey: 'order-0', headers });

    expect(server.requestHeaders[0]!['idempotency-key']).toBe('order-0');
    if (headers !== undefined) expect(server.requestHeaders[0]!['x-other']).toBe('1');
  });

  it('refuses headers it cannot add the key to (the SDK would drop it silently)', async () => {
    class HeaderBag {
      'X-Other' = '1';
    }

    expect(await refusal(create({ idempotencyKey: 'order-3', headers: new HeaderBag() }))).toBe(
      '`headers` next to `idempotencyKey` must be a plain object, a Headers instance or ' +
        '[name, value] pairs; got an instance of HeaderBag.',
    );
  });

  it('a header set by hand in a Headers instance wins', async () => {
    server.reply(ok);

    await create({
      idempotencyKey: 'from-option',
      headers: new Headers({ 'Idempotency-Key': 'by-hand' }),
    });

    expect(server.requestHeaders[0]!['idempotency-key']).toBe('by-hand');
  });

  it('added when headers is null', async () => {
    server.reply(ok);

    await create({ idempotencyKey: 'order-2', headers: null });

    expect(server.requestHeaders[0]!['idempotency-key']).toBe('order-2');
  });

  it('a header set by hand in an object, in any case and next to others, wins', async () => {
    server.reply(ok);

    await create({
      idempotencyKey: 'from-option',
      headers: { 'X-Other': '1', 'idempotency-key': 'by-hand' },
    });

    expect(server.requestHeaders[0]).toMatchObject({
      'idempotency-key': 'by-hand',
      'x-other': '1',
    });
  });

  it('a header set by hand among tuples, after others, wins', async () => {
    server.reply(ok);

    await create({
      idempotencyKey: 'from-option',
      headers: [
        ['X-Other', '1'],
        ['IDEMPOTENCY-KEY', 'by-hand'],
      ],
    });

    expect(server.requestHeaders[0]).toMatchObject({
      'idempotency-key': 'by-hand',
      'x-other': '1',
    });
  });

  it('a client that sends the key under a header of its own keeps doing it alone', async () => {
    class KeyedOpenAI extends OpenAI {
      protected override idempotencyHeader = 'X-Idem-Key';
    }
    const keyed = new KeyedOpenAI({
      apiKey: 'sk-fake-test-key',
      baseURL: server.url,
      maxRetries: 0,
    });
    server.reply(ok);

    await fromProvider('openai/gpt-4.1-mini', { client: keyed }).create(
      { messages, responseModel: User },
      { idempotencyKey: 'order-3' },
    );

    expect(server.requestHeaders[0]!['x-idem-key']).toBe('order-3');
    expect(server.requestHeaders[0]!['idempotency-key']).toBeUndefined();
  });
});
