import 'reflect-metadata';
import {
  ConfigurationError,
  fromProvider,
  InstructorRetryException,
  Mode,
  ValidationError,
  type FromProviderOptions,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { Address } from '../fixtures/models/address-book.models';
import { User } from '../fixtures/models/user.model';
import { completionBody, failureOf } from '../integration/support';

// Mode.TOOLS and Mode.PARALLEL_TOOLS as the wire sees them: the tools a request carries, which
// replies are read, and what a reply that called the wrong tools (or none) is told.

const messages = [
  { role: 'user' as const, content: 'Extract: Jason is 25, lives at 1 Main St 12345' },
];
const jason = { name: 'Jason', age: 25 };
const mainStreet = { street: '1 Main St', zip: '12345' };
const tool = (name: string, description: string) => ({
  type: 'function',
  function: { name, description, parameters: expect.any(Object) as unknown },
});

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

const client = (mode: Mode, options: FromProviderOptions = {}): Instructor =>
  fromProvider('openai/gpt-4.1-mini', { client: server.client(), mode, maxRetries: 0, ...options });

/** The last validation error of a call that used up its attempts. */
async function lastError(call: Promise<unknown>): Promise<ValidationError> {
  const error = await failureOf(call);
  expect(error).toBeInstanceOf(InstructorRetryException);
  const cause = (error as InstructorRetryException).cause;
  expect(cause).toBeInstanceOf(ValidationError);
  return cause as ValidationError;
}

describe('Mode.TOOLS', () => {
  it('sends one forced, non-strict function tool named after the class', async () => {
    server.reply({ toolCall: { name: 'User', arguments: jason } });

    const user = await client(Mode.TOOLS).create({ messages, responseModel: User });

    expect(user).toEqual(jason);
    expect(user).toBeInstanceOf(User);
    expect(server.requests).toEqual([
      {
        model: 'gpt-4.1-mini',
        messages,
        tools: [tool('User', 'A person mentioned in the text')],
        tool_choice: { type: 'function', function: { name: 'User' } },
      },
    ]);
  });

  it('sends the same tool and forced choice again in a re-ask', async () => {
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } },
      { toolCall: { name: 'User', arguments: jason } },
    );

    await client(Mode.TOOLS, { maxRetries: 1 }).create({ messages, responseModel: User });

    const [first, second] = server.requests;
    expect(second!.tools).toEqual(first!.tools);
    expect(second!.tool_choice).toEqual({ type: 'function', function: { name: 'User' } });
  });

  it.each([
    ['tools', { tools: [] }],
    ['tool_choice', { tool_choice: 'auto' }],
  ])('refuses `%s` given by the caller before any request', async (name, params) => {
    const error = await failureOf(
      client(Mode.TOOLS).create({ messages, responseModel: User, ...(params as object) }),
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `\`${name}\` is built by Mode.TOOLS from \`responseModel\`; leave it out (of the call and of ` +
        '`defaults`), or pass `responseModel: null` to send your own and get the raw completion.',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('names every tool the reply called when none is the expected one', async () => {
    server.reply({
      toolCalls: [
        { name: 'Address', arguments: mainStreet },
        { name: 'Note', arguments: { text: 'hi' } },
      ],
    });

    const error = await lastError(client(Mode.TOOLS).create({ messages, responseModel: User }));

    expect(error.message).toBe('The reply called `Address`, `Note`; expected a call to `User`.');
  });

  it('ignores tool calls of another type, without a function or without a string name', async () => {
    server.reply({
      body: completionBody({
        role: 'assistant',
        content: null,
        tool_calls: [
          null,
          { id: 'call_a', type: 'function' },
          { id: 'call_b', type: 'function', function: null },
          {
            id: 'call_0',
            type: 'custom',
            function: { name: 'User', arguments: '{"name":"Ann","age":1}' },
          },
          { id: 'call_1', type: 'function', function: { name: 7, arguments: '{}' } },
          {
            id: 'call_2',
            type: 'function',
            function: { name: 'User', arguments: JSON.stringify(jason) },
          },
        ],
      }),
    });

    const user = await client(Mode.TOOLS).create({ messages, responseModel: User });

    expect(user).toEqual(jason);
  });

  it('a reply whose only tool call has no string name has no tool call', async () => {
    server.reply({
      body: completionBody({
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_0', type: 'function', function: { name: 7, arguments: '{}' } }],
      }),
    });

    const error = await lastError(client(Mode.TOOLS).create({ messages, responseModel: User }));

    expect(error.message).toBe('The reply has no tool call; expected a call to `User`.');
    expect(error.rawText).toBe('');
  });

  it.each([
    ['an empty choice list', { completion: { choices: [] } }],
    ['a message that is text', { body: completionBody('{"name":"Jason","age":25}') }],
    ['a message that is a number', { body: completionBody(5) }],
  ])('a reply with %s has no choices', async (_, reply) => {
    server.reply(reply);

    const error = await lastError(client(Mode.TOOLS).create({ messages, responseModel: User }));

    expect(error.message).toBe('The reply has no choices.');
    expect(error.rawText).toBe('');
  });

  it('a reply calling the tool twice is told that one call is expected', async () => {
    server.reply({
      toolCalls: [
        { name: 'User', arguments: jason },
        { name: 'User', arguments: { name: 'Ann', age: 31 } },
      ],
    });

    const error = await lastError(client(Mode.TOOLS).create({ messages, responseModel: User }));

    expect(error.message).toBe('The reply called `User` 2 times; exactly one call expected.');
  });

  it('names the tool whose arguments are not JSON', async () => {
    server.reply({ toolCall: { name: 'User', arguments: '{"name": ' } });

    const error = await lastError(client(Mode.TOOLS).create({ messages, responseModel: User }));

    expect(error.message).toMatch(/^The arguments of `User` is not valid JSON: \S/);
    expect(error.rawText).toBe('{"name": ');
  });

  it('reads arguments sent already parsed, as an object', async () => {
    server.reply({
      body: completionBody({
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_0', type: 'function', function: { name: 'User', arguments: jason } },
        ],
      }),
    });

    const user = await client(Mode.TOOLS).create({ messages, responseModel: User });

    expect(user).toEqual(jason);
  });

  it('re-asks a tool call that came without an id in text: no tool message can answer it', async () => {
    server.reply(
      {
        body: completionBody({
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 42,
              type: 'function',
              function: { name: 'User', arguments: '{"name":"Jason","age":-1}' },
            },
          ],
        }),
      },
      { toolCall: { name: 'User', arguments: jason } },
    );

    await client(Mode.TOOLS, { maxRetries: 1 }).create({ messages, responseModel: User });

    expect(server.requests[1]!.messages).toEqual([
      ...messages,
      {
        role: 'user',
        content:
          'Your previous answer was invalid.\nUser failed validation:\nage: age must not be less than 0\n' +
          'Call the function with arguments that fix these errors.',
      },
    ]);
  });
});

describe('Mode.PARALLEL_TOOLS', () => {
  it('sends one non-strict function tool per class and lets the model choose', async () => {
    server.reply({
      toolCalls: [
        { name: 'Address', arguments: mainStreet },
        { name: 'User', arguments: jason },
      ],
    });

    const results = await client(Mode.PARALLEL_TOOLS).create({
      messages,
      responseModel: [User, Address],
    });

    expect(results).toEqual([mainStreet, jason]);
    expect(results[0]).toBeInstanceOf(Address);
    expect(results[1]).toBeInstanceOf(User);
    expect(server.requests).toEqual([
      {
        model: 'gpt-4.1-mini',
        messages,
        tools: [
          tool('User', 'A person mentioned in the text'),
          tool(
            'Address',
            'Correctly extracted `Address` with all the required parameters with correct types',
          ),
        ],
        tool_choice: 'auto',
      },
    ]);
  });

  it('sends the same tools again in a re-ask', async () => {
    server.reply(
      { toolCalls: [{ name: 'User', arguments: { name: 'Jason', age: -1 } }] },
      { toolCalls: [{ name: 'User', arguments: jason }] },
    );

    const results = await client(Mode.PARALLEL_TOOLS, { maxRetries: 1 }).create({
      messages,
      responseModel: [User, Address],
    });

    expect(results).toEqual([jason]);
    const [first, second] = server.requests;
    expect(second!.tools).toEqual(first!.tools);
    expect(second!.tool_choice).toBe('auto');
  });

  it.each([
    ['tools', { tools: [] }],
    ['tool_choice', { tool_choice: 'none' }],
  ])('refuses `%s` given by the caller before any request', async (name, params) => {
    const error = await failureOf(
      client(Mode.PARALLEL_TOOLS).create({
        messages,
        responseModel: [User],
        ...(params as object),
      }),
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `\`${name}\` is built by Mode.PARALLEL_TOOLS from \`responseModel\`; leave it out (of the ` +
        'call and of `defaults`), or pass `responseModel: null` to send your own and get the raw completion.',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('a reply without tool calls names every expected tool, and keeps the text', async () => {
    server.reply({ content: 'Jason is 25.' });

    const error = await lastError(
      client(Mode.PARALLEL_TOOLS).create({ messages, responseModel: [User, Address] }),
    );

    expect(error.message).toBe('The reply has no tool call; expected calls to `User`, `Address`.');
    expect(error.rawText).toBe('Jason is 25.');
  });

  it('names the call, by position and tool, whose arguments are not JSON', async () => {
    server.reply({
      toolCalls: [
        { name: 'User', arguments: jason },
        { name: 'Address', arguments: '{"street": ' },
      ],
    });

    const error = await lastError(
      client(Mode.PARALLEL_TOOLS).create({ messages, responseModel: [User, Address] }),
    );

    expect(error.message).toMatch(/^The arguments of call 2 \(`Address`\) is not valid JSON: \S/);
    expect(error.rawText).toBe('{"street": ');
  });

  it('names the call, by position, that called a tool not in the list', async () => {
    server.reply({
      toolCalls: [
        { name: 'User', arguments: jason },
        { name: 'Note', arguments: { text: 'hi' } },
      ],
    });

    const error = await lastError(
      client(Mode.PARALLEL_TOOLS).create({ messages, responseModel: [User, Address] }),
    );

    expect(error.message).toBe('Tool call 2 called `Note`; expected one of `User`, `Address`.');
  });
});
