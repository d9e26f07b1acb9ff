// Keys that are not chat-completions params, in a call's params or in the client's `defaults`:
// each a ConfigurationError saying where the option belongs, before anything is sent.
import 'reflect-metadata';
import {
  ConfigurationError,
  fromProvider,
  Instructor,
  type CreateParams,
  type ResponseModel,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from '../integration/support';

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

/** Every option name of ours or of the SDK, with where it belongs. */
const homes: readonly [string, string][] = [
  ['timeout', 'a request option: create(params, { timeout })'],
  ['headers', 'a request option: create(params, { headers })'],
  ['idempotencyKey', 'a request option: create(params, { idempotencyKey })'],
  ['query', 'a request option: create(params, { query })'],
  ['fetchOptions', 'a request option: create(params, { fetchOptions })'],
  [
    'httpRetries',
    "a client option: fromProvider(model, { httpRetries }), or the SDK's create(params, { maxRetries })",
  ],
  ['mode', 'a client option: fromProvider(model, { mode })'],
  ['defaults', 'a client option: fromProvider(model, { defaults })'],
  ['apiKey', 'a client option: fromProvider(model, { apiKey })'],
  ['baseURL', 'a client option: fromProvider(model, { baseURL })'],
  ['client', 'a client option: fromProvider(model, { client })'],
  ['defaultHeaders', 'a client option: fromProvider(model, { defaultHeaders })'],
  ['defaultQuery', 'a client option: fromProvider(model, { defaultQuery })'],
  ['fetch', 'a client option: fromProvider(model, { fetch })'],
  ['organization', 'a client option: fromProvider(model, { organization })'],
  ['project', 'a client option: fromProvider(model, { project })'],
  ['validatorOptions', 'a per-call option of create(), or the client option `validatorOptions`'],
  ['responseModel', 'a per-call option of create()'],
  ['context', 'a per-call option of create() (never sent to the provider)'],
  ['hooks', 'a per-call option of create(), or the client option `hooks`'],
  ['signal', 'a per-call option of create(), or a request option'],
  ['reask', 'a per-call option of create(), or the client option `reask`'],
  ['maxTotalTokens', 'a per-call option of create(), or the client option `maxTotalTokens`'],
  ['maxRetries', 'a per-call option of create(), or the client option `maxRetries`'],
  ['streamUsage', 'a client option: fromProvider(model, { streamUsage })'],
];

/** Our own per-call options: create() takes them out of the params, so only `defaults` has them. */
const perCall = new Set([
  'responseModel',
  'context',
  'hooks',
  'signal',
  'reask',
  'maxTotalTokens',
  'maxRetries',
  'validatorOptions',
]);

const notSent = 'It is not a chat-completions param and is never sent to the provider.';

/** What `new Instructor` with these defaults throws; fails the test when it builds. */
function buildError(defaults: object): unknown {
  try {
    new Instructor({ client: server.client(), defaults });
  } catch (error) {
    return error;
  }
  throw new Error('the client was built, a ConfigurationError was expected');
}

describe('an option name in the client defaults', () => {
  it.each(homes)('`%s` says where it belongs', (name, home) => {
    const error = buildError({ max_tokens: 10, [name]: 1 });

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(`\`${name}\` in \`defaults\` is ${home}. ${notSent}`);
  });
});

describe('an option name in the params of a call', () => {
  it.each(homes.filter(([name]) => !perCall.has(name)))(
    '`%s` says where it belongs, and nothing is sent',
    async (name, home) => {
      const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
      const params = { messages, responseModel: User, [name]: 1 } as CreateParams<ResponseModel>;

      const error = await failureOf(client.create(params));

      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toBe(
        `\`${name}\` in the params of create() is ${home}. ${notSent}`,
      );
      expect(server.requests).toHaveLength(0);
    },
  );

  it('names the method the params were given to', () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    const params = { messages, responseModel: User, timeout: 5 } as never;

    expect(() => client.createPartial(params)).toThrow(
      `\`timeout\` in the params of createPartial() is a request option: create(params, { timeout }). ${notSent}`,
    );
  });
});

describe('a camelCase key is not a chat-completions param', () => {
  it('in the params of a call: the snake_case name is suggested', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    const params = { messages, responseModel: User, topLogProbs: 2 } as CreateParams<ResponseModel>;

    const error = await failureOf(client.create(params));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      '`topLogProbs` in the params of create() is not a chat-completions param: those are snake_case' +
        ' (did you mean `top_log_probs`?). Provider-specific params pass through as written.',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('in the client defaults', () => {
    expect((buildError({ maxTokens: 10 }) as Error).message).toBe(
      '`maxTokens` in `defaults` is not a chat-completions param: those are snake_case' +
        ' (did you mean `max_tokens`?). Provider-specific params pass through as written.',
    );
  });
});

describe('an own `__proto__` key (as JSON.parse makes) is refused before anything is sent', () => {
  const withProto = (): object =>
    JSON.parse('{"__proto__": {"stream": true}, "temperature": 0}') as object;

  it('in the params of a call', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    const params = { messages, responseModel: User, ...withProto() } as CreateParams<ResponseModel>;

    const error = await failureOf(client.create(params));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      '`__proto__` in the params of create() is not a chat-completions param; leave it out.',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('in the client defaults', () => {
    expect((buildError(withProto()) as Error).message).toBe(
      '`__proto__` in `defaults` is not a chat-completions param; leave it out.',
    );
  });
});

describe('what passes', () => {
  it('snake_case params, known or not, and option names set to undefined', async () => {
    const client = new Instructor({
      client: server.client(),
      model: 'gpt-4.1-mini',
      defaults: { temperature: 0, ...({ mode: undefined, top_k: 5 } as object) },
    });
    server.reply({ toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } });

    await client.create({
      messages,
      responseModel: User,
      ...({ repetition_penalty: 1.1, headers: undefined, topK: undefined } as object),
    });

    expect(server.requests[0]).toMatchObject({ temperature: 0, top_k: 5, repetition_penalty: 1.1 });
  });
});
