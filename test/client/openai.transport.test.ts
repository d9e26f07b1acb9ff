// How SDK calls fail, through the public client over the real SDK: each failure a ProviderError
// naming the provider, with the client's key never shown; streams that break, end early, carry
// chunks that are not objects, or are left by the consumer.
import 'reflect-metadata';
import { APIConnectionError, APIUserAbortError } from 'openai';
import { Instructor, ProviderError } from '../../src';
import { FakeOpenAIServer, type ReplyScript } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from '../integration/support';

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const ok = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

/** A client whose errors name the provider `acme`. */
const acme = (apiKey = 'sk-fake-test-key'): Instructor =>
  new Instructor({ client: server.client({ apiKey }), provider: 'acme', model: 'acme-1' });

/** Reads a stream to its end. */
async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const value of stream) void value;
}

/** The ProviderError a streamed call over `script` fails with. */
async function streamFailure(script: ReplyScript): Promise<ProviderError> {
  server.reply(script);
  const error = await failureOf(drain(acme().createPartial({ messages, responseModel: User })));
  expect(error).toBeInstanceOf(ProviderError);
  expect(server.requests).toHaveLength(1);
  return error as ProviderError;
}

const chunk = (delta: object, finishReason: string | null): string =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'acme-1',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  })}\n\n`;

describe('the client key is never shown in a provider error', () => {
  // Not shaped like an `sk-...` key, so only the client's own key can hide it.
  const key = 'plain-tenant-credential-0042';

  it('in a failed request', async () => {
    server.reply({ error: { status: 401, message: `Incorrect API key provided: ${key}.` } });

    const error = await failureOf(acme(key).create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      'acme request failed (HTTP 401): 401 Incorrect API key provided: [redacted].',
    );
  });

  it('in a failed stream', async () => {
    server.reply({ error: { status: 401, message: `Incorrect API key provided: ${key}.` } });

    const error = await failureOf(
      drain(acme(key).createPartial({ messages, responseModel: User })),
    );

    expect((error as ProviderError).message).toBe(
      'acme request failed (HTTP 401): 401 Incorrect API key provided: [redacted].',
    );
  });

  it('in a 200 reply that is an error body', async () => {
    server.reply({ body: JSON.stringify({ error: { message: `Key ${key} is over quota` } }) });

    const error = await failureOf(acme(key).create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      'acme answered with an error (HTTP 200): Key [redacted] is over quota',
    );
  });
});

describe('every key a request may have used is hidden', () => {
  const oldKey = 'plain-tenant-credential-0042';
  const newKey = 'plain-tenant-credential-0043';
  const bothKeys = `Incorrect API key provided: ${oldKey}; now ${newKey}.`;

  it.each([
    ['create()', (client: Instructor) => client.create({ messages, responseModel: User })],
    [
      'createPartial()',
      (client: Instructor) => drain(client.createPartial({ messages, responseModel: User })),
    ],
  ])('a key replaced while the call of %s is in flight', async (_name, call) => {
    const sdk = server.client({ apiKey: oldKey });
    const client = new Instructor({ client: sdk, provider: 'acme', model: 'acme-1' });
    server.reply(() => {
      sdk.apiKey = newKey; // handed a new key before the answer to the old one arrives
      return { error: { status: 401, message: bothKeys } };
    });

    const error = await failureOf(call(client));

    expect((error as ProviderError).message).toBe(
      'acme request failed (HTTP 401): 401 Incorrect API key provided: [redacted]; now [redacted].',
    );
  });

  it('a key the SDK gets from an apiKey function, on the first call', async () => {
    const sdk = server.client({ apiKey: () => Promise.resolve(oldKey) });
    const client = new Instructor({ client: sdk, provider: 'acme', model: 'acme-1' });
    server.reply({ error: { status: 401, message: `Incorrect API key provided: ${oldKey}.` } });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect((error as ProviderError).message).toBe(
      'acme request failed (HTTP 401): 401 Incorrect API key provided: [redacted].',
    );
  });
});

describe('a stream that fails', () => {
  it('before the first chunk is the HTTP error of the provider', async () => {
    const error = await streamFailure({ error: { status: 503, message: 'overloaded' } });

    expect(error.message).toBe('acme request failed (HTTP 503): 503 overloaded');
    expect(error.status).toBe(503);
    expect(error.provider).toBe('acme');
    expect(error.requestId).toBe('req_fake_1');
  });

  it.each(['42', 'null', '"text"'])(
    'with a chunk that is %s, not an object, is a ProviderError saying so',
    async (data) => {
      const error = await streamFailure({ sse: `data: ${data}\n\ndata: [DONE]\n\n` });

      expect(error.message).toBe(
        'acme request failed (Error): a stream chunk is not a JSON object',
      );
      expect(error.provider).toBe('acme');
    },
  );

  it('that ends without a finish reason is a ProviderError of the provider, without a cause', async () => {
    const error = await streamFailure({
      sse: `${chunk({ role: 'assistant', content: '' }, null)}data: [DONE]\n\n`,
    });

    expect(error.message).toBe('acme: the stream ended without a finish reason');
    expect(error.provider).toBe('acme');
    expect(error.cause).toBeUndefined();
    expect(error.status).toBeUndefined();
  });

  it('that breaks off, without any signal, is the connection failure, not an abort', async () => {
    const error = await streamFailure({ ...ok, ending: 'hang-up', finishReason: 'tool_calls' });

    // undici's TypeError (of another realm under jest): `terminated`, the socket closed.
    expect(error.cause).toMatchObject({ name: 'TypeError', message: 'terminated' });
    expect(error.message).toMatch(/^acme request failed \(TypeError\): (TypeError: )?terminated$/);
  });
});

describe('a stream that is aborted by its signal', () => {
  it('after its last chunk was read ends as an abort, not as a finished call', async () => {
    const controller = new AbortController();
    server.reply({ ...ok, ending: 'keep-open', finishReason: 'tool_calls' });
    const stream = acme().createPartial(
      { messages, responseModel: User },
      { signal: controller.signal },
    );

    const error = await failureOf(
      (async () => {
        for await (const partial of stream) {
          void partial;
          controller.abort();
        }
      })(),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      'acme request failed (Error): Request was aborted.',
    );
    expect((error as ProviderError).cause).toBeInstanceOf(APIUserAbortError);
  });
});

describe('a request that fails', () => {
  it('a connection refused is a ProviderError of the provider', async () => {
    const closed = await FakeOpenAIServer.start();
    const url = closed.url;
    await closed.stop();
    const client = new Instructor({
      client: server.client({ baseURL: url }),
      provider: 'acme',
      model: 'acme-1',
    });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe('acme request failed (Error): Connection error.');
    expect((error as ProviderError).cause).toBeInstanceOf(APIConnectionError);
  });
});
