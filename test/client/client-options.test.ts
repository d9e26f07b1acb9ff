// The options a client is built with (fromProvider, new Instructor): which are known, what the
// client keeps of them, and the call checks that depend on them.
import 'reflect-metadata';
import {
  ConfigurationError,
  fromProvider,
  Hooks,
  Instructor,
  InstructorRetryException,
  Mode,
  type CreateParams,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { collect, failureOf } from '../integration/support';

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const jason = { name: 'Jason', age: 25 };

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

/** The message of the ConfigurationError `run` throws; fails the test otherwise. */
function configurationMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('nothing was thrown, a ConfigurationError was expected');
}

/** Everything a stream yields, in order. */
describe('unknown options name every known one', () => {
  it('of fromProvider', () => {
    expect(
      configurationMessage(() =>
        fromProvider('openai/gpt-4.1-mini', { client: server.client(), temperature: 0 } as never),
      ),
    ).toBe(
      'Unknown fromProvider option `temperature`. Known options: mode, hooks, maxRetries, ' +
        'defaults, reask, maxTotalTokens, streamUsage, validatorOptions, apiKey, baseURL, timeout, ' +
        'httpRetries, ' +
        'defaultHeaders, defaultQuery, fetch, fetchOptions, organization, project, ' +
        'dangerouslyAllowBrowser, azure, local, client. Request params for every call go in `defaults`.',
    );
  });

  it('of new Instructor, in the plural for more than one', () => {
    expect(
      configurationMessage(
        () => new Instructor({ client: server.client(), retries: 3, temp: 1 } as never),
      ),
    ).toBe(
      'Unknown new Instructor options `retries`, `temp`. Known options: mode, hooks, maxRetries, ' +
        'defaults, reask, maxTotalTokens, streamUsage, validatorOptions, client, provider, model. ' +
        'Request params for every call go in `defaults`.',
    );
  });
});

describe('what a client keeps of its settings', () => {
  const settings = () => ({
    mode: Mode.JSON,
    hooks: new Hooks(),
    maxRetries: 4,
    defaults: { temperature: 0.5 },
    reask: { keepFailedAttempts: 1 },
    maxTotalTokens: 1_000,
    streamUsage: false,
  });

  it.each([
    [
      'fromProvider',
      (options: ReturnType<typeof settings>) =>
        fromProvider('openai/gpt-4.1-mini', { client: server.client(), ...options }),
    ],
    [
      'new Instructor',
      (options: ReturnType<typeof settings>) =>
        new Instructor({ client: server.client(), model: 'gpt-4.1-mini', ...options }),
    ],
  ])('%s keeps every setting it is given', (_where, build) => {
    const given = settings();

    const client = build(given);

    expect({
      mode: client.mode,
      hooks: client.hooks,
      maxRetries: client.maxRetries,
      defaults: client.defaults,
      reask: client.reask,
      maxTotalTokens: client.maxTotalTokens,
      streamUsage: client.streamUsage,
    }).toEqual(given);
    expect(client.hooks).toBe(given.hooks);
  });

  it('fromProvider with a client and options that would build another names the function', () => {
    expect(
      configurationMessage(() =>
        fromProvider('openai/gpt-4.1-mini', {
          client: server.client(),
          apiKey: 'sk-x',
          timeout: 10,
        }),
      ),
    ).toBe(
      'fromProvider: `client` is used as is, so `apiKey`, `timeout` would be ignored; configure ' +
        'them on the OpenAI instance you pass (new OpenAI({ ... })) or leave `client` out.',
    );
  });
});

describe('call checks that depend on the client', () => {
  const client = (options: Parameters<typeof fromProvider>[1] = {}): Instructor =>
    fromProvider('openai/gpt-4.1-mini', { client: server.client(), ...options });
  const ok = { toolCall: { name: 'User', arguments: jason } };

  it('`n: null` in the defaults is one choice: sent as it is, and the reply is read', async () => {
    server.reply(ok);

    const user = await client({ defaults: { n: null } }).create({ messages, responseModel: User });

    expect(user).toEqual(jason);
    expect(server.requests[0]!.n).toBeNull();
  });

  it.each([
    [
      'createPartial',
      (instructor: Instructor, params: object) => instructor.createPartial(params as never),
    ],
    [
      'createIterable',
      (instructor: Instructor, params: object) => instructor.createIterable(params as never),
    ],
  ])('%s() takes `stream: null` as no stream option', async (_method, call) => {
    const reply =
      _method === 'createIterable'
        ? { toolCall: { name: 'UserList', arguments: { items: [jason] } } }
        : ok;
    server.reply(reply);

    const values = await collect(call(client(), { messages, responseModel: User, stream: null }));

    expect(values[values.length - 1]).toEqual(jason);
    expect(server.requests[0]!.stream).toBe(true);
  });

  it.each([
    ['createPartial', (instructor: Instructor, params: never) => instructor.createPartial(params)],
    [
      'createIterable',
      (instructor: Instructor, params: never) => instructor.createIterable(params),
    ],
  ])('%s() refuses `stream: false`: it streams by itself', (method, call) => {
    const params = { messages, responseModel: User, stream: false } as never;

    expect(configurationMessage(() => call(client(), params))).toBe(
      `${method}() streams by itself: pass no \`stream\` option.`,
    );
  });

  it('createIterable() refuses reask.keepFailedAttempts: 0, per call or on the client', () => {
    const expected =
      'createIterable() re-asks name the elements already accepted; `reask.keepFailedAttempts: 0` ' +
      'would drop that and elements would come twice. Use 1 or more.';

    expect(
      configurationMessage(() =>
        client().createIterable({
          messages,
          responseModel: User,
          reask: { keepFailedAttempts: 0 },
        }),
      ),
    ).toBe(expected);
    expect(
      configurationMessage(() =>
        client({ reask: { keepFailedAttempts: 0 } }).createIterable({
          messages,
          responseModel: User,
        }),
      ),
    ).toBe(expected);
    expect(server.requests).toHaveLength(0);
  });

  it('createIterable() keeps the elements accepted before a re-ask and asks for the rest', async () => {
    const ada = { name: 'Ada', age: 36 };
    const grace = { name: 'Grace', age: 85 };
    server.reply(
      { toolCall: { name: 'UserList', arguments: { items: [ada, { name: 'Alan', age: -1 }] } } },
      { toolCall: { name: 'UserList', arguments: { items: [grace] } } },
    );
    const stream = client().createIterable({ messages, responseModel: User });

    const values = await collect(stream);

    expect(values).toEqual([ada, grace]);
    expect(stream.result?.data).toEqual([ada, grace]);
    expect(server.requests).toHaveLength(2);
    const correction = server.requests[1]!.messages[2] as { role: string; content: string };
    expect(correction.role).toBe('tool');
    expect(correction.content).toContain(
      'Elements 1 to 1 were accepted: [{"name":"Ada","age":36}]. Reply again with the remaining ' +
        'elements only, from element 2 on',
    );
  });

  it('a per-call reask keeps the client token budget', async () => {
    server.reply({ toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } }, ok);
    const params: CreateParams<typeof User> = {
      messages,
      responseModel: User,
      reask: { keepFailedAttempts: 1 },
    };

    const error = await failureOf(client({ maxTotalTokens: 15 }).create(params));

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect((error as InstructorRetryException).reason).toBe('token_budget');
    expect(server.requests).toHaveLength(1);
  });

  it('a per-call maxTotalTokens keeps the client reask options', async () => {
    const invalid = { toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } };
    server.reply(invalid, invalid, ok);
    const params: CreateParams<typeof User> = {
      messages,
      responseModel: User,
      maxTotalTokens: 1_000,
    };

    await client({ reask: { keepFailedAttempts: 1 } }).create(params);

    // The third request carries one failed attempt (assistant + tool message), not two.
    expect(server.requests[2]!.messages).toHaveLength(messages.length + 2);
  });
});
