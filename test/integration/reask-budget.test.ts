import 'reflect-metadata';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { container as globalContainer } from 'tsyringe';
import {
  ConfigurationError,
  fromProvider,
  Instructor,
  InstructorRetryException,
  registerInstructor,
  type AttemptInfo,
  type FromProviderOptions,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from './support';

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

describe('bounded re-asks: history, repeated errors and a token budget', () => {
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

  function client(options: FromProviderOptions = {}): Instructor {
    const built = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      maxRetries: 5,
      ...options,
    });
    const record =
      (name: string) =>
      (_error: unknown, attempt: AttemptInfo): void => {
        events.push(`${name} ${attempt.attemptNumber}${attempt.isLastAttempt ? ' last' : ''}`);
      };
    built.on('parse:error', record('parse:error'));
    built.on('completion:last_attempt', record('completion:last_attempt'));
    return built;
  }

  it('keeps every failed attempt in the re-ask by default', async () => {
    server.reply(aged(-1), aged(-2), ok);

    await client().create({ messages, responseModel: User });

    expect(server.requests.map((request) => echoedAges(request.messages))).toEqual([
      [],
      [-1],
      [-1, -2],
    ]);
  });

  it('keepFailedAttempts: 1 sends the original messages and only the latest failure', async () => {
    server.reply(aged(-1), aged(-2), aged(-3), ok);

    await client({ reask: { keepFailedAttempts: 1 } }).create({ messages, responseModel: User });

    expect(server.requests.map((request) => echoedAges(request.messages))).toEqual([
      [],
      [-1],
      [-2],
      [-3],
    ]);
    for (const request of server.requests) expect(request.messages[0]).toEqual(messages[0]);
    // One echoed call and its tool answer per kept failure: the context stops growing.
    expect(server.requests.map((request) => request.messages.length)).toEqual([1, 3, 3, 3]);
  });

  it('keepFailedAttempts: 0 re-asks with the original messages alone', async () => {
    server.reply(aged(-1), ok);

    await client({ reask: { keepFailedAttempts: 0 } }).create({ messages, responseModel: User });

    expect(server.requests[1]!.messages).toEqual(messages);
  });

  it('stopAfterRepeatedErrors ends the call once the same errors come back that often', async () => {
    server.reply(aged(-1), aged(-1), ok);

    const error = await failureOf(
      client({ reask: { stopAfterRepeatedErrors: 2 } }).create({ messages, responseModel: User }),
    );

    expect(error).toBeInstanceOf(InstructorRetryException);
    const retry = error as InstructorRetryException;
    expect(retry.reason).toBe('repeated_errors');
    expect(retry.nAttempts).toBe(2);
    expect(retry.message).toMatch(
      /^No valid reply after 2 attempts: the same errors came back 2 times in a row \(reask.stopAfterRepeatedErrors: 2\)\. Last error: /,
    );
    expect(server.requests).toHaveLength(2);
    expect(events).toEqual([
      'parse:error 1',
      'parse:error 2 last',
      'completion:last_attempt 2 last',
    ]);
  });

  it('different errors in a row are no repeat', async () => {
    server.reply(aged(-1), { toolCall: { name: 'User', arguments: { name: 7, age: 1 } } }, ok);

    const user = await client({ reask: { stopAfterRepeatedErrors: 2 } }).create({
      messages,
      responseModel: User,
    });

    expect(user).toEqual({ name: 'Jason', age: 25 });
  });

  it('maxTotalTokens: no attempt starts once the summed usage reached the budget', async () => {
    const usage = { prompt_tokens: 80, completion_tokens: 20, total_tokens: 100 };
    server.reply({ ...aged(-1), usage }, { ...aged(-1), usage }, { ...ok, usage });

    const error = await failureOf(
      client({ maxTotalTokens: 150 }).create({ messages, responseModel: User }),
    );

    const retry = error as InstructorRetryException;
    expect(retry).toBeInstanceOf(InstructorRetryException);
    expect(retry.reason).toBe('token_budget');
    expect(retry.nAttempts).toBe(2);
    expect(retry.totalUsage.total_tokens).toBe(200);
    expect(retry.message).toMatch(/200 tokens used of a budget of 150 \(maxTotalTokens\)/);
    expect(server.requests).toHaveLength(2);
    expect(events).toEqual([
      'parse:error 1',
      'parse:error 2 last',
      'completion:last_attempt 2 last',
    ]);
  });

  it("a call's own options win over the client's, key by key", async () => {
    const shared = client({ reask: { keepFailedAttempts: 1, stopAfterRepeatedErrors: 2 } });
    server.reply(aged(-1), aged(-1), aged(-1), ok);

    await shared.create({
      messages,
      responseModel: User,
      reask: { stopAfterRepeatedErrors: 5 },
      maxTotalTokens: 1_000_000,
    });

    expect(server.requests.map((request) => echoedAges(request.messages))).toEqual([
      [],
      [-1],
      [-1],
      [-1],
    ]);
  });

  it('re-asks used up: reason max_retries and every attempt counted', async () => {
    server.reply(aged(-1), aged(-2));

    const error = await failureOf(
      client({ maxRetries: 1 }).create({ messages, responseModel: User }),
    );

    expect((error as InstructorRetryException).reason).toBe('max_retries');
    expect((error as InstructorRetryException).nAttempts).toBe(2);
    expect((error as Error).message).toMatch(/^No valid reply after 2 attempts\. Last error: /);
  });

  it('registerInstructor passes the same options to the client it builds', async () => {
    const container = globalContainer.createChildContainer();
    registerInstructor(container, {
      model: 'openai/gpt-4.1-mini',
      client: server.client(),
      maxRetries: 5,
      reask: { stopAfterRepeatedErrors: 2 },
      maxTotalTokens: 10_000,
    });
    server.reply(aged(-1), aged(-1), ok);

    const error = await failureOf(
      container.resolve(Instructor).create({ messages, responseModel: User }),
    );

    expect((error as InstructorRetryException).reason).toBe('repeated_errors');
    expect(container.resolve(Instructor).maxTotalTokens).toBe(10_000);
  });

  it.each([
    [{ reask: { keepFailedAttempts: -1 } }, /`reask.keepFailedAttempts` must be a whole number, 0/],
    [{ reask: { stopAfterRepeatedErrors: 0 } }, /`reask.stopAfterRepeatedErrors` must be a whole/],
    [{ reask: { keepFailed: 1 } }, /Unknown reask option `keepFailed`/],
    [{ maxTotalTokens: 0 }, /`maxTotalTokens` must be a whole number, 1 or more/],
  ])('rejects %j on the client and per call before any request', async (options, message) => {
    expect(() => client(options as FromProviderOptions)).toThrow(message);

    const error = await failureOf(
      client().create({ messages, responseModel: User, ...(options as object) }),
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });
});
