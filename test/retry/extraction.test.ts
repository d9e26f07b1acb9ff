import 'reflect-metadata';
import { IsString, Validate, ValidatorConstraint } from 'class-validator';
import {
  ConfigurationError,
  fromProvider,
  InstructorRetryException,
  Mode,
  RefusalError,
  ValidationError,
  type FromProviderOptions,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { Address } from '../fixtures/models/address-book.models';
import { User } from '../fixtures/models/user.model';
import { collect, completionBody, failureOf } from '../integration/support';

// What one call extracts from a reply, seen through the public client: which response models
// fit which mode, how the calls of a parallel reply are validated, and which replies end the
// call (a refusal) rather than being read.

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25, lives at 1 Main St' }];
const jason = { name: 'Jason', age: 25 };
const mainStreet = { street: '1 Main St', zip: '12345' };
const jasonCall = {
  id: 'call_0',
  type: 'function',
  function: { name: 'User', arguments: JSON.stringify(jason) },
};

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

const client = (mode: Mode, options: FromProviderOptions = {}): Instructor =>
  fromProvider('openai/gpt-4.1-mini', { client: server.client(), mode, maxRetries: 0, ...options });

/** The ConfigurationError `run` throws or rejects with, before any request. */
async function configurationError(run: () => unknown): Promise<ConfigurationError> {
  const error = await failureOf(Promise.resolve().then(run));
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(server.requests).toHaveLength(0);
  return error as ConfigurationError;
}

/** Iterates a stream to its end, collecting what it yields. */
describe('which response models fit which mode', () => {
  it('a list of classes outside Mode.PARALLEL_TOOLS names the classes and the mode', async () => {
    const error = await configurationError(() =>
      client(Mode.TOOLS).create({ messages, responseModel: [User, Address] }),
    );

    expect(error.message).toBe(
      'responseModel: [User, Address] (one tool per class) needs Mode.PARALLEL_TOOLS; this client uses tool_call.',
    );
  });

  it('names an anonymous class and a value that is no class as they are', async () => {
    const error = await configurationError(() =>
      client(Mode.JSON).create({ messages, responseModel: [User, class {}, 42] as never }),
    );

    expect(error.message).toBe(
      'responseModel: [User, (anonymous), 42] (one tool per class) needs Mode.PARALLEL_TOOLS; this client uses json_mode.',
    );
  });

  it('createIterable of a list outside Mode.PARALLEL_TOOLS is refused the same way', async () => {
    const error = await configurationError(() =>
      client(Mode.TOOLS).createIterable({ messages, responseModel: [User, Address] }),
    );

    expect(error.message).toBe(
      'responseModel: [User, Address] (one tool per class) needs Mode.PARALLEL_TOOLS; this client uses tool_call.',
    );
  });

  it('create with a bare class in Mode.PARALLEL_TOOLS asks for a list', async () => {
    const error = await configurationError(() =>
      client(Mode.PARALLEL_TOOLS).create({ messages, responseModel: User as never }),
    );

    expect(error.message).toBe(
      'Mode.PARALLEL_TOOLS returns a list, one result per tool call: pass the classes as a list ' +
        '(`responseModel: [User]` or `[User, Address]`), or use createIterable().',
    );
  });

  it('createIterable with a bare class in Mode.PARALLEL_TOOLS yields one element per call', async () => {
    server.reply({
      toolCalls: [
        { name: 'User', arguments: jason },
        { name: 'User', arguments: { name: 'Ann', age: 31 } },
      ],
    });

    const users = await collect(
      client(Mode.PARALLEL_TOOLS).createIterable({ messages, responseModel: User }),
    );

    expect(users).toEqual([jason, { name: 'Ann', age: 31 }]);
    expect(server.requests[0]!.tool_choice).toBe('auto');
    expect(server.requests[0]!.tools?.map((tool) => tool.type)).toEqual(['function']);
  });

  it.each([
    ['null', null, 'createIterable needs decorated classes; got null.'],
    ['a string', 'User', 'createIterable needs decorated classes; got string.'],
    ['an object', { name: 'User' }, 'createIterable needs decorated classes; got object.'],
    ['Boolean', Boolean, 'createIterable needs decorated classes; got Boolean.'],
  ])('createIterable of %s is refused', async (_, responseModel, message) => {
    const error = await configurationError(() =>
      client(Mode.TOOLS).createIterable({ messages, responseModel: responseModel as never }),
    );

    expect(error.message).toBe(message);
  });

  it('a list in Mode.PARALLEL_TOOLS holding a string is refused', async () => {
    const error = await configurationError(() =>
      client(Mode.PARALLEL_TOOLS).create({ messages, responseModel: [User, 'Address'] as never }),
    );

    expect(error.message).toBe('Mode.PARALLEL_TOOLS needs decorated classes; got string.');
  });
});

describe('the calls of a parallel reply are validated in order', () => {
  @ValidatorConstraint({ name: 'needsSetup' })
  class NeedsSetup {
    validate(): boolean {
      throw new ConfigurationError({ message: 'NeedsSetup is not configured.' });
    }
  }

  class Word {
    @IsString() @Validate(NeedsSetup) word!: string;
  }

  it('the first invalid call is the error, named by position and tool', async () => {
    server.reply({
      toolCalls: [
        { name: 'User', arguments: jason },
        { name: 'Address', arguments: { street: '1 Main St', zip: '123' } },
        { name: 'User', arguments: { name: 'Ann', age: -1 } },
      ],
    });

    const error = await failureOf(
      client(Mode.PARALLEL_TOOLS).create({ messages, responseModel: [User, Address] }),
    );

    expect(error).toBeInstanceOf(InstructorRetryException);
    const cause = (error as InstructorRetryException).cause as ValidationError;
    expect(cause).toBeInstanceOf(ValidationError);
    expect(cause.message).toBe(
      'Call 2 (`Address`): Address failed validation:\nzip: zip must be longer than or equal to 5 characters',
    );
    expect(cause.rawText).toBe('{"street":"1 Main St","zip":"123"}');
    expect(cause.errors.map((failure) => failure.property)).toEqual(['zip']);
    const inner = cause.cause as ValidationError;
    expect(inner).toBeInstanceOf(ValidationError);
    expect(inner.message).toBe(
      'Address failed validation:\nzip: zip must be longer than or equal to 5 characters',
    );
    expect(inner.errors).toBe(cause.errors);
  });

  it('the re-ask tells the model which call was wrong', async () => {
    server.reply(
      {
        toolCalls: [
          { name: 'Address', arguments: mainStreet },
          { name: 'User', arguments: { name: 'Jason', age: -1 } },
        ],
      },
      {
        toolCalls: [
          { name: 'Address', arguments: mainStreet },
          { name: 'User', arguments: jason },
        ],
      },
    );

    const results = await client(Mode.PARALLEL_TOOLS, { maxRetries: 1 }).create({
      messages,
      responseModel: [User, Address],
    });

    expect(results).toEqual([mainStreet, jason]);
    const toolAnswers = server.requests[1]!.messages.filter((message) => message.role === 'tool');
    const correction =
      'Your previous answer was invalid.\nCall 2 (`User`): User failed validation:\n' +
      'age: age must not be less than 0\nCall the function again with arguments that fix these errors.';
    expect(toolAnswers.map((message) => message.content)).toEqual([correction, correction]);
  });

  it('a ConfigurationError of a validator ends the call as it was thrown, without a re-ask', async () => {
    server.reply({ toolCalls: [{ name: 'Word', arguments: { word: 'hi' } }] });

    const error = await failureOf(
      client(Mode.PARALLEL_TOOLS, { maxRetries: 2 }).create({ messages, responseModel: [Word] }),
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('NeedsSetup is not configured.');
    expect(server.requests).toHaveLength(1);
  });
});

describe('a refusal ends the call; an empty refusal field is no refusal', () => {
  it.each([
    ['null', null],
    ['an empty string', ''],
    ['false', false],
  ])('a reply whose refusal is %s is read', async (_, refusal) => {
    server.reply({
      body: completionBody({ role: 'assistant', content: null, refusal, tool_calls: [jasonCall] }),
    });

    const user = await client(Mode.TOOLS).create({ messages, responseModel: User });

    expect(user).toEqual(jason);
  });

  it('a refusal text is a RefusalError quoting it, after one request', async () => {
    server.reply({ refusal: 'I cannot help with that.' });

    const error = await failureOf(
      client(Mode.TOOLS, { maxRetries: 2 }).create({ messages, responseModel: User }),
    );

    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).message).toBe(
      'The model refused to answer: I cannot help with that.',
    );
    expect((error as RefusalError).refusal).toBe('I cannot help with that.');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['true', true, 'true'],
    ['an object', { reason: 'policy' }, '{"reason":"policy"}'],
  ])('a refusal that is %s is shown as JSON', async (_, refusal, text) => {
    server.reply({
      body: completionBody({ role: 'assistant', content: null, refusal, tool_calls: [jasonCall] }),
    });

    const error = await failureOf(client(Mode.TOOLS).create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).refusal).toBe(text);
    expect((error as RefusalError).message).toBe(`The model refused to answer: ${text}`);
  });
});

describe('responseModel: null', () => {
  it('sends the tools and choices of the caller and makes one attempt, whatever comes back', async () => {
    server.reply({ content: 'not JSON at all' });
    const tools = [
      { type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object' } } },
    ];

    const result = await client(Mode.TOOLS, { maxRetries: 3 }).createWithCompletion({
      messages,
      responseModel: null,
      tools,
      tool_choice: 'auto',
      n: 2,
    });

    expect(result.data).toBe(result.completion);
    expect(result.attempts).toBe(1);
    expect(server.requests).toEqual([
      { model: 'gpt-4.1-mini', messages, tools, tool_choice: 'auto', n: 2 },
    ]);
  });
});
