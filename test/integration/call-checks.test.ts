import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  ConfigurationError,
  fromProvider,
  Hooks,
  Instructor,
  Mode,
  ProviderError,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from './support';

// What a user sees when a call or a client is set up wrongly (each a ConfigurationError before any
// request, with a message saying what to change), and the defaults a client is built with.

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const valid = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

const client = (options: Parameters<typeof fromProvider>[1] = {}) =>
  fromProvider('openai/gpt-4.1-mini', { client: server.client(), ...options });

/** Iterates a stream to its end. */
async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const value of stream) void value;
}

/** The ConfigurationError `run` throws or rejects with; fails the test otherwise. */
async function configurationError(run: () => unknown): Promise<ConfigurationError> {
  const error = await failureOf(Promise.resolve().then(run));
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

describe('a call set up wrongly is a ConfigurationError before any request', () => {
  afterEach(() => expect(server.requests).toHaveLength(0));

  it.each([
    ['create', (instructor: Instructor) => instructor.create(undefined as never)],
    [
      'createWithCompletion',
      (instructor: Instructor) => instructor.createWithCompletion(null as never),
    ],
  ])('%s without params says what it needs', async (_, call) => {
    const error = await configurationError(() => call(client()));

    expect(error.message).toBe('create() needs params: { messages, responseModel, ... }.');
  });

  it('createPartial without params, or with a bare-value model, asks for a decorated class', async () => {
    for (const params of [undefined, { messages, responseModel: String }]) {
      const error = await configurationError(() => client().createPartial(params as never));
      expect(error.message).toBe('createPartial() needs a decorated class as `responseModel`.');
    }
  });

  it('createIterable without params is refused the same way', async () => {
    await configurationError(() => client().createIterable(undefined as never));
  });

  it('create() with `stream` says that create() does not stream', async () => {
    const error = await configurationError(() =>
      client().create({ messages, responseModel: User, stream: true } as never),
    );

    expect(error.message).toBe(
      'create() does not stream: pass no `stream` option (createPartial and createIterable stream).',
    );
  });

  it.each([
    ['createPartial', (instructor: Instructor, params: never) => instructor.createPartial(params)],
    [
      'createIterable',
      (instructor: Instructor, params: never) => instructor.createIterable(params),
    ],
  ])('%s() with `stream` says that it streams by itself', async (method, call) => {
    const error = await configurationError(() =>
      call(client(), { messages, responseModel: User, stream: true } as never),
    );

    expect(error.message).toBe(`${method}() streams by itself: pass no \`stream\` option.`);
  });

  it('`n` other than 1 names where it was set', async () => {
    const perCall = await configurationError(() =>
      client().create({ messages, responseModel: User, n: 2 }),
    );
    const inDefaults = await configurationError(() =>
      client({ defaults: { n: 3 } }).create({ messages, responseModel: User }),
    );

    expect(perCall.message).toBe(
      '`n: 2` in the params of create(): create() validates one reply, the first choice, so other ' +
        'choices would be paid for and dropped. Leave `n` out, or pass `responseModel: null` for the raw completion.',
    );
    expect(inDefaults.message).toMatch(/^`n: 3` in `defaults`: create\(\) validates one reply/);
  });

  it.each([
    [Mode.TOOLS, 'tools', 'TOOLS'],
    [Mode.JSON_SCHEMA, 'response_format', 'JSON_SCHEMA'],
  ])('in %s, a param the mode builds is refused with a way out', async (mode, param, name) => {
    const error = await configurationError(() =>
      client({ mode }).create({
        messages,
        responseModel: User,
        [param]: [],
      }),
    );

    expect(error.message).toBe(
      `\`${param}\` is built by Mode.${name} from \`responseModel\`; leave it out (of the call and of ` +
        '`defaults`), or pass `responseModel: null` to send your own and get the raw completion.',
    );
  });

  it.each([-1, 1.5, '2'])('maxRetries %p is refused with the value it got', async (maxRetries) => {
    const error = await configurationError(() =>
      client().create({ messages, responseModel: User, maxRetries: maxRetries as number }),
    );

    expect(error.message).toBe(
      `maxRetries must be a whole number of re-asks, 0 or more; got ${String(maxRetries)}.`,
    );
  });
});

describe('the params and the request options of a call are checked as a whole', () => {
  afterEach(() => expect(server.requests).toHaveLength(0));

  it('`messages` that is not an array', async () => {
    const error = await configurationError(() =>
      client().create({ messages: 'hi' as never, responseModel: User }),
    );

    expect(error.message).toBe('`messages` must be an array of chat messages.');
  });

  it('per-call hooks that are not a Hooks set', async () => {
    const error = await configurationError(() =>
      client().create({ messages, responseModel: User, hooks: {} as Hooks }),
    );

    expect(error.message).toBe('Per-call `hooks` must be a Hooks instance.');
  });

  it.each([
    ['null', null, 'null'],
    ['a Map', new Map(), 'an instance of Map'],
    ['a function', () => undefined, 'a function'],
    ['a symbol', Symbol('fast'), 'Symbol(fast)'],
    ['a number', 5, '5'],
  ])('request options that are %s name what they got', async (_, options, described) => {
    const error = await configurationError(() =>
      client().create({ messages, responseModel: User }, options as never),
    );

    expect(error.message).toBe(
      `The second argument of a call is the SDK's request options ({ timeout, headers, ... }); got ${described}.`,
    );
  });
});

describe('request options reach the wire', () => {
  it('an object without a prototype is accepted as request options', async () => {
    server.reply(valid);
    const options = Object.assign(Object.create(null) as object, { headers: { 'X-Trace': 't-1' } });

    await client().create({ messages, responseModel: User }, options);

    expect(server.requestHeaders[0]!['x-trace']).toBe('t-1');
  });

  it('idempotencyKey without headers of the caller becomes the Idempotency-Key header', async () => {
    server.reply(valid);

    await client().create({ messages, responseModel: User }, { idempotencyKey: 'order-9' });

    expect(server.requestHeaders[0]!['idempotency-key']).toBe('order-9');
  });

  it('idempotencyKey next to headers given as tuples: added, unless one is there already', async () => {
    server.reply(valid, valid);

    await client().create(
      { messages, responseModel: User },
      { idempotencyKey: 'order-1', headers: [['X-Other', '1']] },
    );
    await client().create(
      { messages, responseModel: User },
      { idempotencyKey: 'order-2', headers: [['Idempotency-Key', 'by-hand']] },
    );

    expect(server.requestHeaders[0]).toMatchObject({
      'idempotency-key': 'order-1',
      'x-other': '1',
    });
    expect(server.requestHeaders[1]!['idempotency-key']).toBe('by-hand');
  });
});

describe("a 200 body that is an error is the provider's failure", () => {
  it.each([
    ['a text error', { error: 'quota exceeded' }, 'quota exceeded', undefined],
    ['a numeric code', { error: { message: 'slow down', code: 1015 } }, 'slow down', '1015'],
  ])('with %s: a ProviderError with its message and code', async (_, body, message, code) => {
    server.reply({ body: JSON.stringify(body) });

    const error = await failureOf(client().create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      `openai answered with an error (HTTP 200): ${message}`,
    );
    expect((error as ProviderError).code).toBe(code);
  });
});

describe('response model lists and re-ask options are checked before any request', () => {
  afterEach(() => expect(server.requests).toHaveLength(0));

  /** A second class named `User`, as another module could declare it. */
  function anotherUser(): new () => object {
    class User {
      @IsString() nickname!: string;
    }
    return User;
  }

  it.each([
    ['no class', [], 'responseModel: [] names no class; give at least one.'],
    [
      'two classes of one name',
      [User, anotherUser()],
      'responseModel lists two classes named `User`: tool names must differ.',
    ],
    ['String', [User, String], 'Mode.PARALLEL_TOOLS needs decorated classes; got String.'],
    ['null', [null], 'Mode.PARALLEL_TOOLS needs decorated classes; got null.'],
  ])('Mode.PARALLEL_TOOLS with a list of %s', async (_, responseModel, message) => {
    const error = await configurationError(() =>
      client({ mode: Mode.PARALLEL_TOOLS }).create({ messages, responseModel } as never),
    );

    expect(error.message).toBe(message);
  });

  it('createIterable of a bare value', async () => {
    const error = await configurationError(() =>
      client().createIterable({ messages, responseModel: Number }),
    );

    expect(error.message).toBe('createIterable needs decorated classes; got Number.');
  });

  it.each(['fast', ['keepFailedAttempts']])('reask %j that is not an object', async (reask) => {
    const error = await configurationError(() =>
      client().create({ messages, responseModel: User, reask: reask as never }),
    );

    expect(error.message).toBe(
      '`reask` must be an object: { keepFailedAttempts?, stopAfterRepeatedErrors? }.',
    );
  });
});

describe('a call may say n: 1 or n: null', () => {
  it.each([1, null])('n: %p is sent as given and the reply is read', async (n) => {
    server.reply(valid);

    const user = await client().create({ messages, responseModel: User, n });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(server.requests[0]!.n).toBe(n);
  });
});

describe('a client set up wrongly is a ConfigurationError when it is built', () => {
  it.each([-1, 1.5, '2'])('httpRetries %p', async (httpRetries) => {
    const error = await configurationError(() =>
      fromProvider('openai/gpt-4.1-mini', {
        apiKey: 'sk-test',
        httpRetries: httpRetries as number,
      }),
    );

    expect(error.message).toBe(
      `httpRetries must be a whole number of HTTP retries, 0 or more; got ${String(httpRetries)}.`,
    );
  });

  it('options that are not an object', async () => {
    const error = await configurationError(() =>
      fromProvider('openai/gpt-4.1-mini', null as never),
    );

    expect(error.message).toBe('fromProvider options must be an object.');
  });

  it('unknown options, named in the singular or the plural', async () => {
    const one = await configurationError(() => client({ temprature: 0 } as never));
    const two = await configurationError(() => client({ temprature: 0, maxToken: 5 } as never));

    expect(one.message).toMatch(
      /^Unknown fromProvider option `temprature`\. Known options: mode, /,
    );
    expect(one.message).toMatch(/\. Request params for every call go in `defaults`\.$/);
    expect(two.message).toMatch(/^Unknown fromProvider options `temprature`, `maxToken`\. Known/);
  });

  it('new Instructor without an SDK client', async () => {
    const error = await configurationError(() => new Instructor({} as never));

    expect(error.message).toBe(
      'new Instructor({ client }) needs an OpenAI SDK instance as `client`.',
    );
  });

  it('client hooks that are not a Hooks set', async () => {
    const error = await configurationError(() => client({ hooks: {} as Hooks }));

    expect(error.message).toBe('The client `hooks` option must be a Hooks instance.');
  });
});

describe('what a client is built with', () => {
  it("new Instructor names 'openai' as the provider of its errors by default", async () => {
    server.reply({ error: { status: 400 } });
    const instructor = new Instructor({ client: server.client(), model: 'gpt-4.1-mini' });

    const error = await failureOf(instructor.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).provider).toBe('openai');
  });

  async function streamOptionsSent(instructor: Instructor): Promise<unknown> {
    server.reset();
    server.reply(valid);
    await drain(instructor.createPartial({ messages, responseModel: User }));
    return server.requests[0]!.stream_options;
  }

  it('asks OpenAI for usage in streams, and other providers only when told to', async () => {
    const sdk = server.client();
    const model = 'gpt-4.1-mini';

    expect(await streamOptionsSent(new Instructor({ client: sdk, model }))).toEqual({
      include_usage: true,
    });
    expect(
      await streamOptionsSent(new Instructor({ client: sdk, model, provider: 'groq' })),
    ).toBeUndefined();
    expect(
      await streamOptionsSent(
        new Instructor({ client: sdk, model, provider: 'groq', streamUsage: true }),
      ),
    ).toEqual({ include_usage: true });
    expect(await streamOptionsSent(fromProvider(`openai/${model}`, { client: sdk }))).toEqual({
      include_usage: true,
    });
    expect(await streamOptionsSent(fromProvider(`groq/${model}`, { client: sdk }))).toBeUndefined();
  });
});

describe('a CallStream', () => {
  it('is at attempt 0 before it is iterated, and streams only once', async () => {
    server.reply(valid);
    const stream = client().createPartial({ messages, responseModel: User });

    expect(stream.attemptNumber).toBe(0);
    expect(stream.result).toBeUndefined();
    await drain(stream);
    expect(stream.attemptNumber).toBe(1);
    expect(stream.result?.data).toEqual({ name: 'Jason', age: 25 });

    expect(() => stream[Symbol.asyncIterator]()).toThrow(
      new ConfigurationError({
        message:
          'This stream was already iterated: each createPartial() / createIterable() call streams once.',
      }),
    );
  });
});
