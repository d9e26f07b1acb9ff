import 'reflect-metadata';
import {
  fromProvider,
  InstructorRetryException,
  Mode,
  ValidationError,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';

describe('re-asking with validation errors', () => {
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  const client = (mode = Mode.TOOLS, maxRetries?: number): Instructor =>
    fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      mode,
      ...(maxRetries === undefined ? {} : { maxRetries }),
    });

  it("re-asks with the validation errors and leaves the caller's messages untouched", async () => {
    const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
    const snapshot = structuredClone(messages);
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } },
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } },
    );

    const result = await client().createWithCompletion({ messages, responseModel: User });

    expect(result.data).toEqual({ name: 'Jason', age: 25 });
    expect(result.attempts).toBe(2);
    expect(messages).toEqual(snapshot);
    expect(server.requests).toHaveLength(2);
    const second = server.requests[1]!.messages;
    expect(second).toHaveLength(3);
    expect(second[0]).toEqual(messages[0]);
    expect(second[1]).toMatchObject({
      role: 'assistant',
      tool_calls: [
        { type: 'function', function: { name: 'User', arguments: '{"name":"Jason","age":-1}' } },
      ],
    });
    const assistant = second[1] as { tool_calls: { id: string }[] };
    expect(second[2]).toMatchObject({ role: 'tool', tool_call_id: assistant.tool_calls[0]!.id });
    expect(second[2]!.content).toContain('age: age must not be less than 0');
    // The re-ask keeps the forced tool.
    expect(server.requests[1]!.tool_choice).toEqual({
      type: 'function',
      function: { name: 'User' },
    });
  });

  it("lists only the latest attempt's errors in each re-ask", async () => {
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 7, age: 25 } } },
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } },
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } },
    );

    await client().create({
      messages: [{ role: 'user', content: 'Extract: Jason is 25' }],
      responseModel: User,
    });

    const third = server.requests[2]!.messages;
    const lastToolMessage = third[third.length - 1]!;
    expect(lastToolMessage.role).toBe('tool');
    expect(lastToolMessage.content).toContain('age: age must not be less than 0');
    expect(lastToolMessage.content).not.toContain('name: name must be a string');
    const secondAttemptReask = third[2]!;
    expect(secondAttemptReask.content).toContain('name: name must be a string');
  });

  it('in JSON modes re-asks with the assistant text and a user message listing the errors', async () => {
    server.reply(
      { content: '{"name":"Jason","age":"25"}' },
      { content: '{"name":"Jason","age":25}' },
    );

    const user = await client(Mode.JSON_SCHEMA).create({
      messages: [{ role: 'user', content: 'Extract: Jason is 25' }],
      responseModel: User,
    });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    const second = server.requests[1]!.messages;
    expect(second.slice(1)).toEqual([
      { role: 'assistant', content: '{"name":"Jason","age":"25"}' },
      { role: 'user', content: expect.stringContaining('age: age must be an integer number') },
    ]);
  });

  it('exhausts re-asks into InstructorRetryException with every attempt and summed usage', async () => {
    const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } }, usage },
      { toolCall: { name: 'User', arguments: '{"name": "Jason", "age": ' }, usage },
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: -3 } }, usage },
    );

    const error: unknown = await client(Mode.TOOLS, 2)
      .create({
        messages: [{ role: 'user', content: 'Extract: Jason is 25' }],
        responseModel: User,
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InstructorRetryException);
    const retry = error as InstructorRetryException;
    expect(server.requests).toHaveLength(3);
    expect(retry.nAttempts).toBe(3);
    expect(retry.totalUsage).toEqual({
      prompt_tokens: 33,
      completion_tokens: 21,
      total_tokens: 54,
    });
    expect(retry.failedAttempts.map((attempt) => attempt.attemptNumber)).toEqual([1, 2, 3]);
    expect(retry.failedAttempts.every((attempt) => ValidationError.isInstance(attempt.error))).toBe(
      true,
    );
    expect(retry.failedAttempts[1]!.error.errors).toEqual([]);
    expect(retry.failedAttempts[1]!.error.rawText).toBe('{"name": "Jason", "age": ');
    expect(retry.failedAttempts[2]!.completion).toBe(retry.lastCompletion);
    expect(retry.lastCompletion.id).toBeDefined();
    expect(retry.cause).toBe(retry.failedAttempts[2]!.error);
    expect((retry.cause as ValidationError).errors[0]!.property).toBe('age');
  });

  it("maxRetries: 0 makes exactly one attempt; a per-call maxRetries overrides the client's", async () => {
    server.reply({ toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } });
    await expect(
      client(Mode.TOOLS, 0).create({
        messages: [{ role: 'user', content: 'x' }],
        responseModel: User,
      }),
    ).rejects.toMatchObject({ nAttempts: 1 });
    expect(server.requests).toHaveLength(1);

    server.reset();
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } },
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } },
    );
    const user = await client(Mode.TOOLS, 0).create({
      messages: [{ role: 'user', content: 'x' }],
      responseModel: User,
      maxRetries: 1,
    });
    expect(user.age).toBe(25);
    expect(server.requests).toHaveLength(2);
  });

  it('usage of a successful call is summed over its attempts', async () => {
    server.reply(
      {
        toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } },
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      },
      {
        toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } },
        usage: { prompt_tokens: 30, completion_tokens: 6, total_tokens: 36 },
      },
    );

    const result = await client().createWithCompletion({
      messages: [{ role: 'user', content: 'x' }],
      responseModel: User,
    });

    expect(result.usage).toEqual({ prompt_tokens: 40, completion_tokens: 11, total_tokens: 51 });
    expect(result.completion.usage?.total_tokens).toBe(36);
  });
});
