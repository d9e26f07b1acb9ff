import 'reflect-metadata';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  ConfigurationError,
  fromProvider,
  InstructorRetryException,
  type FromProviderOptions,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from '../integration/support';

// How the re-ask options of a client and of a call combine, and which values they accept.

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const ok = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };
const aged = (age: number) => ({ toolCall: { name: 'User', arguments: { name: 'Jason', age } } });

/** The ages the model answered with, as echoed back in the assistant messages of a request. */
function echoedAges(sent: readonly ChatCompletionMessageParam[]): number[] {
  return sent
    .filter((message) => message.role === 'assistant')
    .map((message) => {
      const call = (message as { tool_calls: { function: { arguments: string } }[] })
        .tool_calls[0]!;
      return (JSON.parse(call.function.arguments) as { age: number }).age;
    });
}

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

const client = (options: FromProviderOptions = {}): Instructor =>
  fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 5, ...options });

describe("a call's re-ask options over the client's", () => {
  it('reask: null on the client and on the call means the defaults: every failure is kept', async () => {
    server.reply(aged(-1), aged(-2), ok);

    await client({ reask: null as never }).create({
      messages,
      responseModel: User,
      reask: null as never,
    });

    expect(server.requests.map((request) => echoedAges(request.messages))).toEqual([
      [],
      [-1],
      [-1, -2],
    ]);
  });

  it("reask: null on the call keeps the client's options", async () => {
    server.reply(aged(-1), aged(-2), ok);

    await client({ reask: { keepFailedAttempts: 1 } }).create({
      messages,
      responseModel: User,
      reask: null as never,
    });

    expect(server.requests.map((request) => echoedAges(request.messages))).toEqual([
      [],
      [-1],
      [-2],
    ]);
  });

  it("an option the call leaves undefined keeps the client's value", async () => {
    server.reply(aged(-1), aged(-2), aged(-3), ok);

    await client({ reask: { keepFailedAttempts: 1 } }).create({
      messages,
      responseModel: User,
      reask: { keepFailedAttempts: undefined },
    });

    expect(server.requests.map((request) => echoedAges(request.messages))).toEqual([
      [],
      [-1],
      [-2],
      [-3],
    ]);
  });

  it("an option the call sets to null keeps the client's value", async () => {
    server.reply(aged(-1), aged(-1), ok);

    const error = await failureOf(
      client({ reask: { stopAfterRepeatedErrors: 2 } }).create({
        messages,
        responseModel: User,
        reask: { stopAfterRepeatedErrors: null as never },
      }),
    );

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect((error as InstructorRetryException).reason).toBe('repeated_errors');
    expect(server.requests).toHaveLength(2);
  });

  it('Infinity, given explicitly, is the default: every failure kept, never stopped early', async () => {
    server.reply(aged(-1), aged(-1), ok);

    const user = await client({
      reask: { keepFailedAttempts: Infinity, stopAfterRepeatedErrors: Infinity },
      maxTotalTokens: Infinity,
    }).create({ messages, responseModel: User });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(server.requests.map((request) => echoedAges(request.messages))).toEqual([
      [],
      [-1],
      [-1, -1],
    ]);
  });

  it('maxTotalTokens: null on the client and on the call sets no budget', async () => {
    const usage = { prompt_tokens: 900, completion_tokens: 100, total_tokens: 1000 };
    server.reply({ ...aged(-1), usage }, { ...ok, usage });
    const instructor = client({ maxTotalTokens: null as never });

    const user = await instructor.create({
      messages,
      responseModel: User,
      maxTotalTokens: null,
    });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(instructor.maxTotalTokens).toBe(Infinity);
    expect(server.requests).toHaveLength(2);
  });
});

describe('re-ask options are checked when the client is built', () => {
  it.each([
    [
      { keepFailedAttempts: 1.5 },
      '`reask.keepFailedAttempts` must be a whole number, 0 or more (or Infinity); got 1.5.',
    ],
    [
      { keepFailedAttempts: '2' },
      '`reask.keepFailedAttempts` must be a whole number, 0 or more (or Infinity); got "2".',
    ],
    [
      { keepFailedAttempts: -1 },
      '`reask.keepFailedAttempts` must be a whole number, 0 or more (or Infinity); got -1.',
    ],
    [
      { stopAfterRepeatedErrors: 0 },
      '`reask.stopAfterRepeatedErrors` must be a whole number, 1 or more (or Infinity); got 0.',
    ],
    [
      { stopAfterRepeatedErrors: 2.5 },
      '`reask.stopAfterRepeatedErrors` must be a whole number, 1 or more (or Infinity); got 2.5.',
    ],
    [
      { keepFailed: 1 },
      'Unknown reask option `keepFailed`; known: keepFailedAttempts, stopAfterRepeatedErrors.',
    ],
  ])('reask %j', (reask, message) => {
    expect(() => client({ reask: reask as never })).toThrow(new ConfigurationError({ message }));
  });

  it.each([
    [0.5, '`maxTotalTokens` must be a whole number, 1 or more (or Infinity); got 0.5.'],
    ['100', '`maxTotalTokens` must be a whole number, 1 or more (or Infinity); got "100".'],
  ])('maxTotalTokens %j', (maxTotalTokens, message) => {
    expect(() => client({ maxTotalTokens: maxTotalTokens as never })).toThrow(
      new ConfigurationError({ message }),
    );
  });

  it('accepts both options by name, at their smallest', () => {
    const instructor = client({ reask: { keepFailedAttempts: 0, stopAfterRepeatedErrors: 1 } });

    expect(instructor.reask).toEqual({ keepFailedAttempts: 0, stopAfterRepeatedErrors: 1 });
  });
});
