import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import type OpenAI from 'openai';
import {
  fromProvider,
  IncompleteOutputException,
  Instructor,
  Mode,
  ProviderError,
  type AttemptInfo,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { collect, failureOf, sseChunk as chunk } from '../integration/support';

// One streamed attempt (createPartial / createIterable) over HTTP: what it sends, how it reads
// the chunks, when it cancels the request, and how a stream that ends badly ends the call.

class User {
  @IsString() name!: string;
  @IsInt() @Min(0) age!: number;
}

const messages = [{ role: 'user' as const, content: 'Extract the users' }];
const jason = { name: 'Jason', age: 25 };

/** A content delta of the first choice. */
function content(text: string): string {
  return chunk([{ index: 0, delta: { content: text }, finish_reason: null }]);
}

const stop = chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
const done = 'data: [DONE]\n\n';

/** Resolves once `condition` holds, checking on each turn of the event loop (no timers). */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !condition(); turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

function client(mode: Mode = Mode.JSON, maxRetries = 0): Instructor {
  return fromProvider('openai/gpt-4.1-mini', { client: server.client(), mode, maxRetries });
}

/** The hooks a client fires, as `name attempt` (the attempt when the hook gets one). */
function recordHooks(instructor: Instructor): string[] {
  const events: string[] = [];
  for (const name of [
    'completion:kwargs',
    'completion:response',
    'completion:usage',
    'completion:error',
    'parse:error',
    'completion:last_attempt',
  ] as const) {
    instructor.on(name, (...payload: unknown[]) => {
      const attempt = payload[1] as AttemptInfo | undefined;
      events.push(attempt?.attemptNumber ? `${name} ${attempt.attemptNumber}` : name);
    });
  }
  return events;
}

describe('the streamed request', () => {
  it('keeps the stream_options the caller passed instead of adding include_usage', async () => {
    server.reply({ content: JSON.stringify(jason) });

    await collect(
      client().createPartial({
        messages,
        responseModel: User,
        stream_options: { include_usage: false },
      }),
    );

    expect(server.requests[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: false },
    });
  });

  it('asks for usage when the caller passed none', async () => {
    server.reply({ content: JSON.stringify(jason) });

    await collect(client().createPartial({ messages, responseModel: User }));

    expect(server.requests[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});

describe('reading the chunks', () => {
  const items = (...users: unknown[]): string => JSON.stringify({ items: users });

  it('reads only choice 0, whatever order the choices come in', async () => {
    const wrong = { name: 'Second choice', age: 1 };
    server.reply({
      sse:
        chunk([
          { index: 1, delta: { content: items(wrong) }, finish_reason: null },
          { index: 0, delta: { content: items(jason) }, finish_reason: null },
        ]) +
        chunk([
          { index: 1, delta: {}, finish_reason: 'stop' },
          { index: 0, delta: {}, finish_reason: 'stop' },
        ]) +
        done,
    });

    const users = await collect(client().createIterable({ messages, responseModel: User }));

    expect(users).toEqual([jason]);
  });

  it('a choice without an index is choice 0', async () => {
    server.reply({
      sse:
        chunk([{ delta: { content: items(jason) }, finish_reason: null }]) +
        chunk([{ delta: {}, finish_reason: 'stop' }]) +
        done,
    });

    const users = await collect(client().createIterable({ messages, responseModel: User }));

    expect(users).toEqual([jason]);
  });

  it('skips choices that are not objects', async () => {
    server.reply({
      sse:
        chunk([
          null,
          'junk',
          7,
          { index: 0, delta: { content: items(jason) }, finish_reason: null },
        ]) +
        stop +
        done,
    });

    const users = await collect(client().createIterable({ messages, responseModel: User }));

    expect(users).toEqual([jason]);
  });

  it.each([
    ['no choices field', chunk(undefined)],
    ['choices that are not a list', chunk({ index: 0, delta: { content: '{"items":' } })],
    ['a null delta', chunk([{ index: 0, delta: null, finish_reason: null }])],
    ['a text delta', chunk([{ index: 0, delta: 'text', finish_reason: null }])],
  ])('ignores a chunk with %s', async (_case, odd) => {
    server.reply({ sse: odd + content(items(jason)) + odd + stop + done });

    const users = await collect(client().createIterable({ messages, responseModel: User }));

    expect(users).toEqual([jason]);
  });

  it('reads a usage chunk that has no choices field', async () => {
    const usage = { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 };
    server.reply({
      sse: content(JSON.stringify(jason)) + stop + chunk(undefined, { usage }) + done,
    });
    const stream = client().createPartial({ messages, responseModel: User });

    await collect(stream);

    expect(stream.result?.usage).toEqual(usage);
  });
  it('text the reader can only place at the end (MD_JSON without a fence) is still yielded', async () => {
    server.reply({
      sse:
        content('Sure: {"items":[{"name":"Jason",') +
        content('"age":25}]} hope it helps') +
        stop +
        done,
    });

    const users = await collect(
      client(Mode.MD_JSON).createIterable({ messages, responseModel: User }),
    );

    expect(users).toEqual([jason]);
    expect(server.requests).toHaveLength(1);
  });
});

describe('a stream that ends badly', () => {
  it('an HTTP error before the first chunk ends the call as a provider error, not re-asked', async () => {
    server.reply({ error: { status: 429, message: 'slow down' } });
    const instructor = client(Mode.JSON, 2);
    const events = recordHooks(instructor);

    const error = await failureOf(
      collect(instructor.createPartial({ messages, responseModel: User })),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 429, provider: 'openai' });
    expect(server.requests).toHaveLength(1);
    expect(events).toEqual([
      'completion:kwargs',
      'completion:error 1',
      'completion:last_attempt 1',
    ]);
  });

  it('a connection dropped mid-stream ends the call as a provider error, not re-asked', async () => {
    server.reply({ content: JSON.stringify(jason), ending: 'hang-up', finishReason: 'stop' });
    const instructor = client(Mode.JSON, 2);
    const events = recordHooks(instructor);

    const error = await failureOf(
      collect(instructor.createPartial({ messages, responseModel: User })),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect(server.requests).toHaveLength(1);
    expect(events).toEqual([
      'completion:kwargs',
      'completion:error 1',
      'completion:last_attempt 1',
    ]);
  });

  it('without a finish reason is a ProviderError saying so, not re-asked', async () => {
    server.reply({ sse: content(JSON.stringify(jason)) + done });
    const instructor = client(Mode.JSON, 2);
    const events = recordHooks(instructor);

    const error = await failureOf(
      collect(instructor.createPartial({ messages, responseModel: User })),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      'openai: the stream ended without a finish reason',
    );
    expect(server.requests).toHaveLength(1);
    expect(events).toEqual([
      'completion:kwargs',
      'completion:error 1',
      'completion:last_attempt 1',
    ]);
  });

  it('cut by the length limit ends the call even when an element was invalid', async () => {
    server.reply({
      content: JSON.stringify({ items: [jason, { name: 'Ada', age: -1 }] }),
      finishReason: 'length',
    });
    const instructor = client(Mode.JSON, 2);
    const events = recordHooks(instructor);
    const yielded: unknown[] = [];

    const error = await failureOf(
      (async () => {
        for await (const user of instructor.createIterable({ messages, responseModel: User })) {
          yielded.push(user);
        }
      })(),
    );

    expect(error).toBeInstanceOf(IncompleteOutputException);
    expect(yielded).toEqual([jason]);
    expect(server.requests).toHaveLength(1);
    expect(events).toEqual([
      'completion:kwargs',
      'completion:response',
      'completion:usage 1',
      'completion:error 1',
      'completion:last_attempt 1',
    ]);
  });

  it('aborted while completion:response runs ends the call as a provider error', async () => {
    server.reply({ content: JSON.stringify(jason) });
    const controller = new AbortController();
    const instructor = client(Mode.JSON, 2);
    const events = recordHooks(instructor);
    instructor.on('completion:response', () => controller.abort());

    const error = await failureOf(
      collect(
        instructor.createPartial({ messages, responseModel: User }, { signal: controller.signal }),
      ),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      'openai request failed (Error): Request was aborted.',
    );
    expect(server.requests).toHaveLength(1);
    expect(events).toEqual([
      'completion:kwargs',
      'completion:response',
      'completion:error 1',
      'completion:last_attempt 1',
    ]);
  });
});

/**
 * An OpenAI-compatible client over the fake server whose streams end their request only through
 * `controller.abort()` (leaving a `for await` early does not), counting those aborts.
 */
function abortCountingClient(): { instructor: Instructor; aborts: () => number } {
  const sdk = server.client();
  let aborts = 0;
  const create = async (params: { stream?: boolean }, options: unknown): Promise<unknown> => {
    const stream = (await sdk.chat.completions.create(
      params as never,
      options as never,
    )) as unknown as AsyncIterable<unknown> & { controller: AbortController };
    const iterator = stream[Symbol.asyncIterator]();
    return {
      controller: {
        abort: () => {
          aborts += 1;
          stream.controller.abort();
        },
      },
      [Symbol.asyncIterator]: () => ({ next: () => iterator.next() }),
    };
  };
  const wrapped = { chat: { completions: { create } } } as unknown as OpenAI;
  const instructor = new Instructor({ client: wrapped, model: 'gpt-4.1-mini', mode: Mode.JSON });
  return { instructor, aborts: () => aborts };
}

describe('cancelling the request', () => {
  it('a consumer that stops iterating aborts the request itself', async () => {
    server.reply({
      content: JSON.stringify(jason),
      ending: 'keep-open',
      finishReason: 'stop',
    });
    const { instructor, aborts } = abortCountingClient();

    for await (const partial of instructor.createPartial({ messages, responseModel: User })) {
      expect(partial).toBeInstanceOf(User);
      break;
    }
    await until(() => server.disconnects === 1);

    expect(aborts()).toBe(1);
    expect(server.disconnects).toBe(1);
  });

  it('a stream read to its end is not aborted', async () => {
    server.reply({ content: JSON.stringify(jason) });
    const { instructor, aborts } = abortCountingClient();

    const values = await collect(instructor.createPartial({ messages, responseModel: User }));

    expect(values[values.length - 1]).toEqual(jason);
    expect(aborts()).toBe(0);
  });

  it('a stream that broke off is not aborted again', async () => {
    server.reply({ content: JSON.stringify(jason), ending: 'hang-up', finishReason: 'stop' });
    const { instructor, aborts } = abortCountingClient();

    const error = await failureOf(
      collect(instructor.createPartial({ messages, responseModel: User })),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect(aborts()).toBe(0);
  });
});
