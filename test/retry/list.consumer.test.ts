import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import {
  fromProvider,
  InstructorRetryException,
  Mode,
  ValidationError,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { collect, failureOf } from '../integration/support';

// createIterable's consumer over HTTP: which streamed text becomes elements, when each element
// is yielded, and what a failed list is re-asked with.

class Person {
  @IsString() name!: string;
  @IsInt() @Min(0) age!: number;
}

class Address {
  @IsString() city!: string;
}

const messages = [{ role: 'user' as const, content: 'Extract the people' }];
const ada = { name: 'Ada', age: 36 };
const alan = { name: 'Alan', age: 41 };
const grace = { name: 'Grace', age: 85 };
const injected = { name: 'INJECTED', age: 1 };

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

function client(mode: Mode = Mode.TOOLS, maxRetries = 0): Instructor {
  return fromProvider('openai/gpt-4.1-mini', { client: server.client(), mode, maxRetries });
}

/** The elements a call yielded before it ended, and the error it ended with (if any). */
async function run(stream: AsyncIterable<unknown>): Promise<{ values: unknown[]; error: unknown }> {
  const values: unknown[] = [];
  try {
    for await (const value of stream) values.push(value);
    return { values, error: undefined };
  } catch (error) {
    return { values, error };
  }
}

/** The correction text the n-th request (1-based) ended with. */
function correctionOf(requestNumber: number): string {
  const sent = server.requests[requestNumber - 1]!.messages;
  const content = sent[sent.length - 1]!.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

/** One SSE event with tool-call deltas of choice 0. */
function toolChunk(...calls: unknown[]): string {
  const choices = [{ index: 0, delta: { tool_calls: calls }, finish_reason: null }];
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices })}\n\n`;
}

const toolCallsEnd =
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] })}\n\n` +
  'data: [DONE]\n\n';

describe('which call is the list (one list object: TOOLS)', () => {
  it("reads the list tool's call and not a later call of another tool", async () => {
    server.reply({
      toolCalls: [
        { name: 'PersonList', arguments: { items: [ada, alan] } },
        { name: 'search_web', arguments: { items: [injected] } },
      ],
    });

    const values = await collect(client().createIterable({ messages, responseModel: Person }));

    expect(values).toEqual([ada, alan]);
    expect(server.requests).toHaveLength(1);
  });

  it('reads the first call of the list tool only', async () => {
    server.reply({
      toolCalls: [
        { name: 'PersonList', arguments: { items: [ada] } },
        { name: 'PersonList', arguments: { items: [grace] } },
      ],
    });

    const values = await collect(client().createIterable({ messages, responseModel: Person }));

    expect(values).toEqual([ada]);
  });

  it("never yields an earlier call of another tool: the first element is the list tool's", async () => {
    server.reply({
      toolCalls: [
        { name: 'search_web', arguments: { items: [injected] } },
        { name: 'PersonList', arguments: { items: [ada, alan] } },
      ],
    });

    const first: unknown[] = [];
    for await (const value of client().createIterable({ messages, responseModel: Person })) {
      first.push(value);
      break;
    }

    expect(first).toEqual([ada]);
  });

  it("accepts the whole list when another tool's call came first, as create() does", async () => {
    server.reply({
      toolCalls: [
        { name: 'search_web', arguments: { items: [injected] } },
        { name: 'PersonList', arguments: { items: [ada, alan] } },
      ],
    });

    const values = await collect(client().createIterable({ messages, responseModel: Person }));

    expect(values).toEqual([ada, alan]);
    expect(server.requests).toHaveLength(1);
  });

  it('a reply without any tool call is the error create() would give', async () => {
    server.reply({ content: 'I found nobody.' });

    const error = await failureOf(
      collect(client().createIterable({ messages, responseModel: Person })),
    );

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect((error as InstructorRetryException).cause).toMatchObject({
      message: 'The reply has no tool call; expected a call to `PersonList`.',
    });
  });
});

describe('elements of one list object', () => {
  it('are yielded even with prose before and after the JSON (JSON mode)', async () => {
    server.reply({
      content: `Here they are: ${JSON.stringify({ items: [ada, alan] })} Hope this helps!`,
    });

    const values = await collect(
      client(Mode.JSON).createIterable({ messages, responseModel: Person }),
    );

    expect(values).toEqual([ada, alan]);
    expect(server.requests).toHaveLength(1);
  });

  it('a reply with no `items` list is re-asked with the reply shown and the mode’s own instruction', async () => {
    const reply = { people: [ada] };
    server.reply(
      { toolCall: { name: 'PersonList', arguments: reply } },
      { toolCall: { name: 'PersonList', arguments: { items: [ada] } } },
    );
    const instructor = client(Mode.TOOLS, 1);
    const errors: unknown[] = [];
    instructor.on('parse:error', (error) => {
      errors.push(error);
    });

    const values = await collect(instructor.createIterable({ messages, responseModel: Person }));

    expect(values).toEqual([ada]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ValidationError);
    expect(errors[0]).toMatchObject({
      message: 'The reply has no `items` list.',
      rawText: JSON.stringify(reply),
    });
    expect(correctionOf(2)).toBe(
      'Your previous answer was invalid.\nThe reply has no `items` list.\n' +
        'Call the function again with arguments that fix these errors.',
    );
  });

  it('an invalid element after accepted ones is re-asked naming every accepted one', async () => {
    server.reply(
      {
        toolCall: { name: 'PersonList', arguments: { items: [ada, alan, { ...grace, age: -1 }] } },
      },
      { toolCall: { name: 'PersonList', arguments: { items: [grace] } } },
    );

    const values = await collect(
      client(Mode.TOOLS, 1).createIterable({ messages, responseModel: Person }),
    );

    expect(values).toEqual([ada, alan, grace]);
    expect(correctionOf(2)).toBe(
      'Your previous answer was invalid.\nElement 3: Person failed validation:\n' +
        'age: age must not be less than 0\n' +
        `Elements 1 to 2 were accepted: [${JSON.stringify(ada)},${JSON.stringify(alan)}]. ` +
        'Reply again with the remaining elements only, from element 3 on, fixing these errors; ' +
        'do not repeat the accepted ones.',
    );
  });

  it('JSON that breaks mid-stream keeps the elements before it and is re-asked for the rest', async () => {
    server.reply(
      { toolCall: { name: 'PersonList', arguments: `{"items": [${JSON.stringify(ada)}, }` } },
      { toolCall: { name: 'PersonList', arguments: { items: [alan] } } },
    );

    const values = await collect(
      client(Mode.TOOLS, 1).createIterable({ messages, responseModel: Person }),
    );

    expect(values).toEqual([ada, alan]);
    const [intro, jsonError, instruction, ...more] = correctionOf(2).split('\n');
    expect([intro, instruction, more]).toEqual([
      'Your previous answer was invalid.',
      `Elements 1 to 1 were accepted: [${JSON.stringify(ada)}]. ` +
        'Reply again with the remaining elements only, from element 2 on, fixing these errors; ' +
        'do not repeat the accepted ones.',
      [],
    ]);
    // The rest of the line is the JSON engine's own wording.
    expect(jsonError).toMatch(/^The arguments of `PersonList` is not valid JSON: ./);
  });
});

describe('elements that are whole tool calls (PARALLEL_TOOLS)', () => {
  const parallel = (): Instructor => client(Mode.PARALLEL_TOOLS);

  it('a call is yielded even with prose around its arguments', async () => {
    server.reply({
      toolCalls: [{ name: 'Address', arguments: 'Sure: {"city":"Oslo"} there you go' }],
    });

    const values = await collect(
      parallel().createIterable({ messages, responseModel: [Person, Address] }),
    );

    expect(values).toEqual([{ city: 'Oslo' }]);
    expect(server.requests).toHaveLength(1);
  });

  it('a call whose name comes after its first delta is validated against that tool', async () => {
    server.reply({
      sse:
        toolChunk({ index: 0, id: 'call_1', type: 'function' }) +
        toolChunk({ index: 0, function: { name: 'Address', arguments: '{"city":' } }) +
        toolChunk({ index: 0, function: { arguments: '"Oslo"}' } }) +
        toolCallsEnd,
    });

    const values = await collect(
      parallel().createIterable({ messages, responseModel: [Person, Address] }),
    );

    expect(values).toEqual([{ city: 'Oslo' }]);
    expect(values[0]).toBeInstanceOf(Address);
  });

  it('a call that names no tool is an invalid element, named as such', async () => {
    server.reply({
      sse:
        toolChunk({ index: 0, id: 'call_1', type: 'function', function: { arguments: '{}' } }) +
        toolCallsEnd,
    });

    const error = await failureOf(
      collect(parallel().createIterable({ messages, responseModel: [Person, Address] })),
    );

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect((error as InstructorRetryException).cause).toMatchObject({
      message: 'Element 1: The reply called ``; expected one of `Person`, `Address`.',
      rawText: '{}',
    });
  });

  it('a call is yielded once, however many deltas follow its complete JSON', async () => {
    server.reply({
      sse:
        toolChunk({
          index: 0,
          id: 'call_1',
          type: 'function',
          function: { name: 'Address', arguments: '{"city":"Oslo"}' },
        }) +
        toolChunk({ index: 0, function: { arguments: '' } }) +
        toolChunk({ index: 0, function: { arguments: ' ' } }) +
        toolChunk({
          index: 1,
          id: 'call_2',
          type: 'function',
          function: { name: 'Person', arguments: JSON.stringify(ada) },
        }) +
        toolChunk({ index: 0, function: { arguments: '' } }) +
        toolCallsEnd,
    });

    const values = await collect(
      parallel().createIterable({ messages, responseModel: [Person, Address] }),
    );

    expect(values).toEqual([{ city: 'Oslo' }, ada]);
  });

  it('an invalid call ends the elements: later calls wait for the re-ask', async () => {
    server.reply(
      {
        toolCalls: [
          { name: 'Person', arguments: ada },
          { name: 'Person', arguments: { ...alan, age: -1 } },
          { name: 'Address', arguments: { city: 'Oslo' } },
        ],
      },
      {
        toolCalls: [
          { name: 'Person', arguments: alan },
          { name: 'Address', arguments: { city: 'Oslo' } },
        ],
      },
    );

    const { values, error } = await run(
      client(Mode.PARALLEL_TOOLS, 1).createIterable({
        messages,
        responseModel: [Person, Address],
      }),
    );

    expect(error).toBeUndefined();
    expect(values).toEqual([ada, alan, { city: 'Oslo' }]);
    expect(correctionOf(2)).toContain(
      `Elements 1 to 1 were accepted: [${JSON.stringify(ada)}]. Reply again with the remaining elements only, from element 2 on`,
    );
  });
});
