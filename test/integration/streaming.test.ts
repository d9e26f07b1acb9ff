import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import {
  fromProvider,
  IncompleteOutputException,
  InstructorRetryException,
  Mode,
  ProviderError,
  RefusalError,
  type AttemptInfo,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer, type ReplyScript } from '../../src/testing';
import { failureOf } from './support';

class Address {
  @IsString() city!: string;
}

class Person {
  @IsString() name!: string;
  @IsInt() @Min(0) age!: number;
  @ValidateNested() @Type(() => Address) address!: Address;
}

const messages = [{ role: 'user' as const, content: 'Extract the person' }];
const person = { name: 'Jason', age: 25, address: { city: 'Paris' } };

/** The reply a mode expects for `value`. */
function replyFor(mode: Mode, value: unknown, name = 'Person'): ReplyScript {
  if (mode === Mode.TOOLS || mode === Mode.TOOLS_STRICT) {
    return { toolCall: { name, arguments: value as object } };
  }
  if (mode === Mode.MD_JSON) {
    return { content: `Here it is:\n\`\`\`json\n${JSON.stringify(value)}\n\`\`\`\nDone.` };
  }
  return { content: JSON.stringify(value) };
}

/** Everything `stream` yields, each as a JSON snapshot taken when it was yielded. */
async function snapshots(
  stream: AsyncIterable<unknown>,
): Promise<{ values: unknown[]; json: string[] }> {
  const values: unknown[] = [];
  const json: string[] = [];
  for await (const value of stream) {
    values.push(value);
    json.push(JSON.stringify(value));
  }
  return { values, json };
}

describe('streaming over HTTP through the real SDK', () => {
  let server: FakeOpenAIServer;
  const events: string[] = [];

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    events.length = 0;
  });

  function client(mode: Mode = Mode.TOOLS, maxRetries = 1): Instructor {
    const built = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      mode,
      maxRetries,
    });
    const record =
      (name: string) =>
      (...payload: unknown[]): void => {
        const attempt = payload[1] as AttemptInfo | undefined;
        events.push(attempt?.attemptNumber ? `${name} ${attempt.attemptNumber}` : name);
      };
    for (const name of [
      'completion:kwargs',
      'completion:response',
      'completion:usage',
      'completion:error',
      'parse:error',
      'completion:last_attempt',
    ] as const) {
      built.on(name, record(name));
    }
    return built;
  }

  describe('createPartial', () => {
    it.each([Mode.TOOLS, Mode.TOOLS_STRICT, Mode.JSON, Mode.JSON_SCHEMA, Mode.MD_JSON])(
      'in %s yields growing instances and ends with the validated one',
      async (mode) => {
        server.reply(replyFor(mode, person));

        const { values, json } = await snapshots(
          client(mode).createPartial({ messages, responseModel: Person }),
        );

        expect(server.requests[0]).toMatchObject({
          stream: true,
          stream_options: { include_usage: true },
        });
        expect(values.length).toBeGreaterThan(3);
        for (const value of values) expect(value).toBeInstanceOf(Person);
        const last = values[values.length - 1] as Person;
        expect(last).toEqual(person);
        expect(last.address).toBeInstanceOf(Address);
        // Every value differs from the one before it, except the validated copy at the end.
        for (let index = 1; index < json.length - 1; index++) {
          expect(json[index]).not.toBe(json[index - 1]);
        }
        // A partial never shows a half-written number.
        for (const snapshot of json) {
          const age = (JSON.parse(snapshot) as { age?: number }).age;
          expect(age === undefined || age === 25).toBe(true);
        }
        expect(events).toEqual(['completion:kwargs', 'completion:response', 'completion:usage 1']);
      },
    );

    it('nested objects are instances of their @Type class as soon as they appear', async () => {
      server.reply(replyFor(Mode.TOOLS, person));
      const stream = client().createPartial({ messages, responseModel: Person });

      let sawPartialAddress = false;
      for await (const partial of stream) {
        if (partial.address !== undefined && partial.address.city !== 'Paris') {
          expect(partial.address).toBeInstanceOf(Address);
          sawPartialAddress = true;
        }
      }

      expect(sawPartialAddress).toBe(true);
    });

    it('an invalid final object fires parse:error and re-asks on a new stream; attemptNumber tells the attempts apart', async () => {
      server.reply(replyFor(Mode.TOOLS, { ...person, age: -1 }), replyFor(Mode.TOOLS, person));
      const stream = client().createPartial({ messages, responseModel: Person });

      const attempts: number[] = [];
      let last: unknown;
      for await (const partial of stream) {
        attempts.push(stream.attemptNumber);
        last = partial;
      }

      expect(last).toEqual(person);
      expect(attempts[0]).toBe(1);
      expect(attempts[attempts.length - 1]).toBe(2);
      expect(attempts).toEqual([...attempts].sort());
      expect(stream.result?.attempts).toBe(2);
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]!.messages).toHaveLength(3);
      expect(events).toEqual([
        'completion:kwargs',
        'completion:response',
        'completion:usage 1',
        'parse:error 1',
        'completion:kwargs',
        'completion:response',
        'completion:usage 2',
      ]);
    });

    it('completion:response receives the completion assembled from the chunks', async () => {
      server.reply({
        ...replyFor(Mode.TOOLS, person),
        usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
      });
      const c = client();
      const responses: unknown[] = [];
      c.on('completion:response', (response) => {
        responses.push(response);
      });

      const stream = c.createPartial({ messages, responseModel: Person });
      await snapshots(stream);

      expect(responses[0]).toMatchObject({
        object: 'chat.completion',
        model: 'gpt-4.1-mini',
        usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
        choices: [
          {
            index: 0,
            finish_reason: 'tool_calls',
            message: {
              role: 'assistant',
              tool_calls: [
                {
                  type: 'function',
                  function: { name: 'Person', arguments: JSON.stringify(person) },
                },
              ],
            },
          },
        ],
      });
      expect(stream.result?.usage.total_tokens).toBe(10);
    });
  });

  describe('createIterable', () => {
    const people = [
      { name: 'Ada', age: 36, address: { city: 'London' } },
      { name: 'Alan', age: 41, address: { city: 'Wilmslow' } },
      { name: 'Grace', age: 85, address: { city: 'Arlington' } },
    ];

    it.each([Mode.TOOLS, Mode.TOOLS_STRICT, Mode.JSON, Mode.JSON_SCHEMA, Mode.MD_JSON])(
      'in %s yields each element, validated, as soon as it is complete',
      async (mode) => {
        server.reply(replyFor(mode, { items: people }, 'PersonList'));

        const { values } = await snapshots(
          client(mode).createIterable({ messages, responseModel: Person }),
        );

        expect(values).toEqual(people);
        for (const value of values) expect(value).toBeInstanceOf(Person);
        expect(events).toEqual(['completion:kwargs', 'completion:response', 'completion:usage 1']);
      },
    );

    it('asks for a list in a wrapper tool named after the class', async () => {
      server.reply(replyFor(Mode.TOOLS, { items: people }, 'PersonList'));

      await snapshots(client().createIterable({ messages, responseModel: Person }));

      const tool = server.requests[0]!.tools?.[0] as unknown as {
        function: { name: string; parameters: { properties: Record<string, { type: string }> } };
      };
      expect(tool.function.name).toBe('PersonList');
      expect(tool.function.parameters.properties.items?.type).toBe('array');
      expect(server.requests[0]!.tool_choice).toEqual({
        type: 'function',
        function: { name: 'PersonList' },
      });
    });

    it('yields an element before the rest of the reply has arrived', async () => {
      server.reply({
        ...replyFor(Mode.TOOLS, { items: people }, 'PersonList'),
        ending: 'keep-open',
        finishReason: 'tool_calls',
      });
      const stream = client().createIterable({ messages, responseModel: Person });

      // The stream is never finished by the server: reaching an element proves it came early.
      for await (const first of stream) {
        expect(first).toEqual(people[0]);
        break;
      }
    });

    it('an invalid element fires parse:error after the stream ended and re-asks for the rest; no element is yielded twice', async () => {
      const invalid = [people[0], { ...people[1], age: -1 }, people[2]];
      server.reply(
        replyFor(Mode.TOOLS, { items: invalid }, 'PersonList'),
        replyFor(Mode.TOOLS, { items: [people[1], people[2]] }, 'PersonList'),
      );

      const { values } = await snapshots(
        client().createIterable({ messages, responseModel: Person }),
      );

      expect(values).toEqual(people);
      const correction = server.requests[1]!.messages[2] as { role: string; content: string };
      expect(correction.role).toBe('tool');
      expect(correction.content).toContain(
        'Element 2: Person failed validation:\nage: age must not be less than 0',
      );
      expect(correction.content).toContain(
        `Elements 1 to 1 were accepted: [${JSON.stringify(people[0])}]. Reply again with the remaining elements only, from element 2 on`,
      );
      expect(events).toEqual([
        'completion:kwargs',
        'completion:response',
        'completion:usage 1',
        'parse:error 1',
        'completion:kwargs',
        'completion:response',
        'completion:usage 2',
      ]);
    });

    it('with no re-asks left, the iteration throws InstructorRetryException after the valid elements', async () => {
      server.reply(
        replyFor(Mode.TOOLS, { items: [people[0], { ...people[1], age: -1 }] }, 'PersonList'),
      );
      const yielded: unknown[] = [];

      const error = await failureOf(
        (async () => {
          for await (const element of client(Mode.TOOLS, 0).createIterable({
            messages,
            responseModel: Person,
          })) {
            yielded.push(element);
          }
        })(),
      );

      expect(yielded).toEqual([people[0]]);
      expect(error).toBeInstanceOf(InstructorRetryException);
      expect(events.slice(-2)).toEqual(['parse:error 1', 'completion:last_attempt 1']);
    });

    it('PARALLEL_TOOLS: one tool per class, tool_choice auto, yields A | B per call', async () => {
      server.reply({
        toolCalls: [
          { name: 'Person', arguments: people[0]! },
          { name: 'Address', arguments: { city: 'Oslo' } },
          { name: 'Person', arguments: people[1]! },
        ],
      });

      const { values } = await snapshots(
        client(Mode.PARALLEL_TOOLS).createIterable({ messages, responseModel: [Person, Address] }),
      );

      expect(values).toEqual([people[0], { city: 'Oslo' }, people[1]]);
      expect(values[1]).toBeInstanceOf(Address);
      expect(server.requests[0]!.tool_choice).toBe('auto');
      expect(
        server.requests[0]!.tools?.map(
          (tool) => (tool as { function: { name: string } }).function.name,
        ),
      ).toEqual(['Person', 'Address']);
    });
  });

  describe('create with Mode.PARALLEL_TOOLS', () => {
    it('returns (A | B)[] for responseModel: [A, B]', async () => {
      server.reply({
        toolCalls: [
          { name: 'Address', arguments: { city: 'Oslo' } },
          { name: 'Person', arguments: person },
        ],
      });

      const results = await client(Mode.PARALLEL_TOOLS).create({
        messages,
        responseModel: [Person, Address],
      });

      expect(results).toEqual([{ city: 'Oslo' }, person]);
      expect(results[0]).toBeInstanceOf(Address);
      expect(results[1]).toBeInstanceOf(Person);
    });

    it('a bare class, or a list in another mode, is a ConfigurationError before any request', async () => {
      await expect(
        client(Mode.PARALLEL_TOOLS).create({ messages, responseModel: Person }),
      ).rejects.toThrow(/Mode.PARALLEL_TOOLS returns a list/);
      await expect(client().create({ messages, responseModel: [Person] })).rejects.toThrow(
        /needs Mode.PARALLEL_TOOLS/,
      );
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('broken streams', () => {
    it('finish_reason length is an IncompleteOutputException, not re-asked', async () => {
      server.reply({ ...replyFor(Mode.TOOLS, person), finishReason: 'length' });

      const error = await failureOf(
        snapshots(client().createPartial({ messages, responseModel: Person })),
      );

      expect(error).toBeInstanceOf(IncompleteOutputException);
      expect(server.requests).toHaveLength(1);
      expect(events.slice(-2)).toEqual(['completion:error 1', 'completion:last_attempt 1']);
    });

    it('a streamed refusal is a RefusalError carrying its text', async () => {
      server.reply({ refusal: 'I cannot help with that.' });

      const error = await failureOf(
        snapshots(client().createPartial({ messages, responseModel: Person })),
      );

      expect(error).toBeInstanceOf(RefusalError);
      expect((error as RefusalError).refusal).toBe('I cannot help with that.');
    });

    it.each([
      [
        'a connection dropped mid-stream',
        {
          ...replyFor(Mode.TOOLS, person),
          ending: 'hang-up' as const,
          finishReason: 'tool_calls' as const,
        },
      ],
      ['an HTTP error before the first chunk', { error: { status: 400, message: 'bad request' } }],
      [
        'malformed SSE',
        {
          sse: 'data: {"id":"x","choices":[{"index":0,"delta":{"content":"{"}}]}\n\ndata: {not json}\n\n',
        },
      ],
      [
        'a stream that ends without a finish reason',
        {
          sse: 'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"{}"},"finish_reason":null}]}\n\ndata: [DONE]\n\n',
        },
      ],
    ])('%s is a ProviderError, not re-asked', async (_case, script) => {
      server.reply(script);

      const error = await failureOf(
        snapshots(client().createPartial({ messages, responseModel: Person })),
      );

      expect(error).toBeInstanceOf(ProviderError);
      expect(server.requests).toHaveLength(1);
      expect(events.slice(-2)).toEqual(['completion:error 1', 'completion:last_attempt 1']);
    });

    it('bad JSON is a ValidationError, re-asked', async () => {
      server.reply(
        { toolCall: { name: 'Person', arguments: '{"name": "Jas' } },
        replyFor(Mode.TOOLS, person),
      );

      const { values } = await snapshots(
        client().createPartial({ messages, responseModel: Person }),
      );

      expect(values[values.length - 1]).toEqual(person);
      expect(events).toContain('parse:error 1');
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('cancelling', () => {
    it('a consumer that breaks cancels the HTTP request and no hook fires after that', async () => {
      server.reply({
        ...replyFor(Mode.TOOLS, person),
        ending: 'keep-open',
        finishReason: 'tool_calls',
      });
      const stream = client().createPartial({ messages, responseModel: Person });

      for await (const partial of stream) {
        expect(partial).toBeInstanceOf(Person);
        break;
      }
      // The server sees the socket close; wait for it without a timer.
      await until(() => server.disconnects === 1);

      expect(server.disconnects).toBe(1);
      expect(events).toEqual(['completion:kwargs']);
    });

    it('an aborted signal cancels the request and ends the call like a provider error', async () => {
      const controller = new AbortController();
      server.reply({
        ...replyFor(Mode.TOOLS, person),
        ending: 'keep-open',
        finishReason: 'tool_calls',
      });
      const stream = client().createPartial(
        { messages, responseModel: Person },
        { signal: controller.signal },
      );

      const error = await failureOf(
        (async () => {
          for await (const partial of stream) {
            expect(partial).toBeInstanceOf(Person);
            controller.abort();
          }
        })(),
      );

      expect(error).toBeInstanceOf(ProviderError);
      await until(() => server.disconnects === 1);
      expect(events).toEqual([
        'completion:kwargs',
        'completion:error 1',
        'completion:last_attempt 1',
      ]);
    });
  });

  it('reask.keepFailedAttempts and stopAfterRepeatedErrors apply to streaming calls', async () => {
    const invalid = replyFor(Mode.TOOLS, { ...person, age: -1 });
    server.reply(invalid, invalid, invalid);

    const error = await failureOf(
      snapshots(
        client(Mode.TOOLS, 5).createPartial({
          messages,
          responseModel: Person,
          reask: { keepFailedAttempts: 1, stopAfterRepeatedErrors: 3 },
        }),
      ),
    );

    expect((error as InstructorRetryException).reason).toBe('repeated_errors');
    expect(server.requests).toHaveLength(3);
    // One failed attempt kept: the original message, the echoed call and its correction.
    expect(server.requests.map((request) => request.messages.length)).toEqual([1, 3, 3]);
  });

  it('the token budget and re-ask options apply to streaming calls too', async () => {
    const usage = { prompt_tokens: 80, completion_tokens: 20, total_tokens: 100 };
    server.reply(
      { ...replyFor(Mode.TOOLS, { ...person, age: -1 }), usage },
      replyFor(Mode.TOOLS, person),
    );

    const error = await failureOf(
      snapshots(
        client(Mode.TOOLS, 3).createPartial({
          messages,
          responseModel: Person,
          maxTotalTokens: 50,
        }),
      ),
    );

    expect((error as InstructorRetryException).reason).toBe('token_budget');
    expect(server.requests).toHaveLength(1);
  });
});

/** Resolves once `condition` holds, checking on each turn of the event loop (no timers). */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !condition(); turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
