import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import { ConfigurationError, fromProvider, Instructor, Mode } from '../../src';
import { FakeOpenAIServer } from '../../src/testing';

// Regressions found by a hostile review of the streaming change, each over HTTP.

class User {
  @IsString() name!: string;
  @IsInt() @Min(0) age!: number;
}

const messages = [{ role: 'user' as const, content: 'x' }];

function chunk(choices: unknown[]): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices })}\n\n`;
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of stream) values.push(value);
  return values;
}

describe('streaming review regressions', () => {
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  const client = (mode = Mode.TOOLS, maxRetries = 0): Instructor =>
    fromProvider('openai/gpt-4.1-mini', { client: server.client(), mode, maxRetries });

  it('MD_JSON reads the fenced answer, not a brace in the prose before it', async () => {
    const reply = {
      content:
        'The format is {"items":[{"name":"Example","age":0}]}; the answer:\n```json\n{"items":[{"name":"Jason","age":25}]}\n```',
    };
    server.reply(reply);

    const users = await collect(
      client(Mode.MD_JSON).createIterable({ messages, responseModel: User }),
    );

    expect(users).toEqual([{ name: 'Jason', age: 25 }]);
  });

  it('MD_JSON without any fence is read at the end, like create()', async () => {
    server.reply({ content: 'Sure: {"items":[{"name":"Jason","age":25}]} hope it helps' });

    const users = await collect(
      client(Mode.MD_JSON).createIterable({ messages, responseModel: User }),
    );

    expect(users).toEqual([{ name: 'Jason', age: 25 }]);
  });

  it('keys the class does not declare never reach a partial, so they cannot shadow its methods', async () => {
    class Named {
      @IsString() first!: string;
      @IsString() last!: string;
      fullName(): string {
        return `${this.first} ${this.last}`;
      }
    }
    server.reply({
      toolCall: {
        name: 'Named',
        arguments: '{"first":"Ada","fullName":"Ada L","last":"Lovelace"}',
      },
    });

    const names: string[] = [];
    for await (const partial of client().createPartial({ messages, responseModel: Named })) {
      names.push(typeof partial.fullName);
    }

    expect(new Set(names)).toEqual(new Set(['function']));
  });

  it('parallel calls streamed without distinct indexes (as some servers do) stay apart by id', async () => {
    class Weather {
      @IsString() city!: string;
    }
    const calls = ['Paris', 'Rome', 'Oslo'].map((city, position) =>
      chunk([
        {
          index: 0,
          delta: {
            tool_calls: [
              {
                index: 0,
                id: `call_${position}`,
                type: 'function',
                function: { name: 'Weather', arguments: JSON.stringify({ city }) },
              },
            ],
          },
          finish_reason: null,
        },
      ]),
    );
    server.reply({
      sse:
        calls.join('') +
        chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]) +
        'data: [DONE]\n\n',
    });

    const cities = await collect(
      client(Mode.PARALLEL_TOOLS).createIterable({ messages, responseModel: [Weather] }),
    );

    expect(cities).toEqual([{ city: 'Paris' }, { city: 'Rome' }, { city: 'Oslo' }]);
  });

  it('a tool name repeated in every delta is a name, not a concatenation', async () => {
    const pieces = ['{"name":', '"Jason",', '"age":25}'];
    const sse =
      pieces
        .map((text, index) =>
          chunk([
            {
              index: 0,
              delta: {
                tool_calls: [
                  {
                    index: 0,
                    ...(index === 0 ? { id: 'call_1', type: 'function' } : {}),
                    function: { name: 'User', arguments: text },
                  },
                ],
              },
              finish_reason: null,
            },
          ]),
        )
        .join('') +
      chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]) +
      'data: [DONE]\n\n';
    server.reply({ sse });

    const values = await collect(client().createPartial({ messages, responseModel: User }));

    expect(values[values.length - 1]).toEqual({ name: 'Jason', age: 25 });
    expect(server.requests).toHaveLength(1);
  });

  it("another tool's arguments are never streamed as the answer", async () => {
    server.reply({
      toolCalls: [
        { name: 'search_web', arguments: { name: 'INJECTED', age: 1 } },
        { name: 'User', arguments: { name: 'Jason', age: 25 } },
      ],
    });

    const values = await collect(client().createPartial({ messages, responseModel: User }));

    expect(values.every((value) => JSON.stringify(value).includes('INJECTED') === false)).toBe(
      true,
    );
    expect(values[values.length - 1]).toEqual({ name: 'Jason', age: 25 });
  });

  it.each(['context', 'reask', 'hooks', 'maxRetries'])(
    'our own option `%s` in defaults is a ConfigurationError, never sent',
    (name) => {
      expect(
        () =>
          new Instructor({
            client: server.client(),
            model: 'm',
            defaults: { [name]: { tenant: 'acme' } },
          }),
      ).toThrow(ConfigurationError);
    },
  );

  it('createIterable refuses keepFailedAttempts: 0 (its re-asks must name the accepted elements)', () => {
    expect(() =>
      client().createIterable({ messages, responseModel: User, reask: { keepFailedAttempts: 0 } }),
    ).toThrow(/keepFailedAttempts: 0/);
  });

  it('a built-in class as a list element is a ConfigurationError before any request', () => {
    expect(() => client().createIterable({ messages, responseModel: Date as never })).toThrow(
      ConfigurationError,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('a chunk with more logprobs entries than a call takes arguments is assembled', async () => {
    const entries = Array.from({ length: 130_000 }, () => ({
      token: 'a',
      logprob: 0,
      bytes: null,
      top_logprobs: [],
    }));
    const sse =
      chunk([
        {
          index: 0,
          delta: { content: '{"name":"Jason","age":25}' },
          logprobs: { content: entries },
          finish_reason: null,
        },
      ]) +
      chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]) +
      'data: [DONE]\n\n';
    server.reply({ sse });

    const values = await collect(
      client(Mode.JSON).createPartial({ messages, responseModel: User }),
    );

    expect(values[values.length - 1]).toEqual({ name: 'Jason', age: 25 });
  }, 30_000);
});
