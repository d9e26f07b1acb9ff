import 'reflect-metadata';
import {
  IsString,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import {
  ConfigurationError,
  fromProvider,
  getValidationContext,
  HookName,
  Hooks,
  InstructorRetryException,
  Mode,
  type AttemptInfo,
  type FromProviderOptions,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer, type CompletionReply } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from './support';

// Behaviour a user relies on that mutation testing found unpinned: each test fails when the
// corresponding line of the pipeline is changed.

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const invalid = { toolCall: { name: 'User', arguments: { name: 'Jason', age: -25 } } };
const USER_ERRORS = 'User failed validation:\nage: age must not be less than 0';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

function client(options: FromProviderOptions = {}): Instructor {
  return fromProvider('openai/gpt-4.1-mini', { client: server.client(), ...options });
}

/** Every built-in event, as `event` or `event#attempt/max(ErrorClass)` (`!`: last attempt). */
function recorder(): { hooks: Hooks; events: string[] } {
  const events: string[] = [];
  const at = (attempt: AttemptInfo, error?: Error) =>
    `#${attempt.attemptNumber}/${attempt.maxAttempts}${attempt.isLastAttempt ? '!' : ''}` +
    (error ? `(${error.name})` : '');
  const hooks = new Hooks()
    .on(HookName.COMPLETION_KWARGS, () => void events.push('kwargs'))
    .on(HookName.COMPLETION_RESPONSE, () => void events.push('response'))
    .on(HookName.COMPLETION_USAGE, (_, attempt) => void events.push(`usage${at(attempt)}`))
    .on(HookName.COMPLETION_ERROR, (error, attempt) => {
      events.push(`completion:error${at(attempt, error)}`);
    })
    .on(HookName.PARSE_ERROR, (error, attempt) => {
      events.push(`parse:error${at(attempt, error)}`);
    })
    .on(HookName.COMPLETION_LAST_ATTEMPT, (error, attempt) => {
      events.push(`last_attempt${at(attempt, error)}`);
    });
  return { hooks, events };
}

/** A reply whose assistant message is exactly `message` (ids and arguments as a server sent them). */
function replyWithMessage(message: Record<string, unknown>): CompletionReply {
  return {
    completion: {
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          logprobs: null,
          message: { role: 'assistant', content: null, refusal: null, ...message },
        },
      ] as ChatCompletion['choices'],
    },
  };
}

describe('responseModel: null', () => {
  it("sends the caller's params exactly as given and returns the raw completion", async () => {
    server.reply({
      content: 'just text',
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });

    const result = await client().createWithCompletion({
      messages,
      responseModel: null,
      temperature: 0.2,
      max_tokens: 40,
      ...({ top_k: 5 } as object),
    });

    expect(server.requests).toEqual([
      { model: 'gpt-4.1-mini', messages, temperature: 0.2, max_tokens: 40, top_k: 5 },
    ]);
    expect(result.data).toBe(result.completion);
    expect(result.completion).toMatchObject({
      id: 'chatcmpl-fake-1',
      choices: [{ message: { content: 'just text' } }],
    });
    expect(result.attempts).toBe(1);
    expect(result.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it('returns even a cut-off reply as it is, after one request: nothing is read from it', async () => {
    server.reply({ content: '{"name": "Ja', finishReason: 'length' });

    const completion = await client().create({ messages, responseModel: null });

    expect(completion.choices[0]!.finish_reason).toBe('length');
    expect(server.requests).toHaveLength(1);
  });
});

describe('a ConfigurationError thrown while the reply is validated ends the call', () => {
  @ValidatorConstraint({ name: 'inAllowList' })
  class InAllowList implements ValidatorConstraintInterface {
    validate(value: unknown): boolean {
      const context = getValidationContext<{ allowed: string[] }>();
      if (context === undefined) {
        throw new ConfigurationError({ message: 'InAllowList needs `context: { allowed }`.' });
      }
      return context.allowed.includes(String(value));
    }
  }

  class Word {
    @IsString() @Validate(InAllowList) word!: string;
  }

  it('with that error, after one request, without a re-ask, parse:error or completion:error', async () => {
    const { hooks, events } = recorder();
    server.reply({ toolCall: { name: 'Word', arguments: { word: 'hello' } } });

    const error = await failureOf(client({ hooks }).create({ messages, responseModel: Word }));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('InAllowList needs `context: { allowed }`.');
    expect(server.requests).toHaveLength(1);
    expect(events).toEqual([
      'kwargs',
      'response',
      'usage#1/3',
      'last_attempt#1/3!(ConfigurationError)',
    ]);
  });

  it('while any other error a constraint throws is a failed validation, re-asked', async () => {
    const { hooks, events } = recorder();
    server.reply(
      { toolCall: { name: 'Word', arguments: { word: 'hello' } } },
      { toolCall: { name: 'Word', arguments: { word: 'hello' } } },
    );

    const word = await client({ hooks, maxRetries: 1 }).create({
      messages,
      responseModel: Word,
      // A context the constraint cannot read: it throws a TypeError on the first attempt only.
      context: {
        get allowed() {
          if (server.requests.length === 1) throw new TypeError('not yet');
          return ['hello'];
        },
      },
    });

    expect(word).toEqual({ word: 'hello' });
    expect(events).toEqual([
      'kwargs',
      'response',
      'usage#1/2',
      'parse:error#1/2(ValidationError)',
      'kwargs',
      'response',
      'usage#2/2!',
    ]);
    expect(server.requests[1]!.messages[2]!.content).toContain(
      'Validating the reply threw: not yet',
    );
  });
});

describe('the InstructorRetryException message says how many attempts were made', () => {
  it('in the plural', async () => {
    server.reply(invalid, invalid, invalid);

    const error = await failureOf(client().create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect((error as Error).message).toBe(
      `No valid reply after 3 attempts. Last error: ${USER_ERRORS}`,
    );
  });

  it('in the singular', async () => {
    server.reply(invalid);

    const error = await failureOf(
      client({ maxRetries: 0 }).create({ messages, responseModel: User }),
    );

    expect((error as Error).message).toBe(
      `No valid reply after 1 attempt. Last error: ${USER_ERRORS}`,
    );
  });

  it('with the repeated errors that stopped it', async () => {
    server.reply(invalid, invalid);

    const error = await failureOf(
      client({ reask: { stopAfterRepeatedErrors: 2 } }).create({ messages, responseModel: User }),
    );

    expect((error as Error).message).toBe(
      'No valid reply after 2 attempts: the same errors came back 2 times in a row ' +
        `(reask.stopAfterRepeatedErrors: 2). Last error: ${USER_ERRORS}`,
    );
  });

  it('with the token budget that stopped it', async () => {
    server.reply(invalid);

    const error = await failureOf(
      client({ maxTotalTokens: 10 }).create({ messages, responseModel: User }),
    );

    expect((error as Error).message).toBe(
      `No valid reply after 1 attempt: 15 tokens used of a budget of 10 (maxTotalTokens). Last error: ${USER_ERRORS}`,
    );
  });
});

describe('the re-ask on the wire', () => {
  it.each([
    [Mode.TOOLS, 'Call the function again with arguments that fix these errors.'],
    [Mode.TOOLS_STRICT, 'Call the function again with arguments that fix these errors.'],
  ])(
    '%s answers the echoed tool call with the documented correction',
    async (mode, instruction) => {
      server.reply(invalid, invalid);

      await failureOf(client({ mode, maxRetries: 1 }).create({ messages, responseModel: User }));

      expect(server.requests[1]!.messages).toEqual([
        ...messages,
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1_0',
              type: 'function',
              function: { name: 'User', arguments: '{"name":"Jason","age":-25}' },
            },
          ],
        },
        {
          role: 'tool',
          tool_call_id: 'call_1_0',
          content: `Your previous answer was invalid.\n${USER_ERRORS}\n${instruction}`,
        },
      ]);
    },
  );

  it.each([
    [Mode.JSON, 'Reply again with only a JSON object that fixes these errors.'],
    [Mode.JSON_SCHEMA, 'Reply again with a JSON object that fixes these errors.'],
    [
      Mode.MD_JSON,
      'Reply again with a ```json code block holding a JSON object that fixes these errors.',
    ],
  ])(
    '%s echoes the text and corrects it as the user, in the documented words',
    async (mode, instruction) => {
      const answer = '```json\n{"name":"Jason","age":-25}\n```';
      const text = mode === Mode.MD_JSON ? answer : '{"name":"Jason","age":-25}';
      server.reply({ content: text }, { content: text });

      await failureOf(client({ mode, maxRetries: 1 }).create({ messages, responseModel: User }));

      expect(server.requests[1]!.messages.slice(-2)).toEqual([
        { role: 'assistant', content: text },
        {
          role: 'user',
          content: `Your previous answer was invalid.\n${USER_ERRORS}\n${instruction}`,
        },
      ]);
    },
  );

  it('an empty reply in a JSON mode is corrected without an empty assistant message', async () => {
    server.reply({ content: '' }, { content: '{"name":"Jason","age":25}' });

    await client({ mode: Mode.JSON_SCHEMA }).create({ messages, responseModel: User });

    const second = server.requests[1]!.messages;
    expect(second).toHaveLength(2);
    expect(second[0]).toEqual(messages[0]);
    expect(second[1]).toMatchObject({ role: 'user' });
    expect(second[1]!.content).toMatch(
      /^Your previous answer was invalid\.\nThe reply is not valid JSON: /,
    );
  });

  it('a tool call sent without an id is corrected as text: no tool message without an id', async () => {
    server.reply(
      replyWithMessage({
        tool_calls: [
          {
            id: '',
            type: 'function',
            function: { name: 'User', arguments: '{"name":"Jason","age":-25}' },
          },
        ],
      }),
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } },
    );

    await client().create({ messages, responseModel: User });

    expect(server.requests[1]!.messages).toEqual([
      ...messages,
      {
        role: 'user',
        content: `Your previous answer was invalid.\n${USER_ERRORS}\nCall the function with arguments that fix these errors.`,
      },
    ]);
  });

  it('tool arguments a server sent as an object are echoed as JSON text', async () => {
    server.reply(
      replyWithMessage({
        tool_calls: [
          {
            id: 'call_x',
            type: 'function',
            function: { name: 'User', arguments: { name: 'Jason', age: -25 } },
          },
        ],
      }),
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } },
    );

    const user = await client().create({ messages, responseModel: User });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(server.requests[1]!.messages[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_x',
          type: 'function',
          function: { name: 'User', arguments: '{"name":"Jason","age":-25}' },
        },
      ],
    });
  });
});

describe("the JSON modes' prompt", () => {
  it('is appended as a text part to a system message made of parts', async () => {
    server.reply({ content: '{"name":"Jason","age":25}' });
    const system = {
      role: 'system' as const,
      content: [{ type: 'text' as const, text: 'Be brief.' }],
    };

    await client({ mode: Mode.JSON }).create({
      messages: [system, ...messages],
      responseModel: User,
    });

    const sent = server.requests[0]!.messages;
    expect(sent[0]).toEqual({
      role: 'system',
      content: [
        { type: 'text', text: 'Be brief.' },
        {
          type: 'text',
          text: expect.stringMatching(
            /^A person mentioned in the text\.\nAnswer with a JSON object/,
          ),
        },
      ],
    });
    expect(sent.slice(1)).toEqual(messages);
    expect(system.content).toHaveLength(1);
  });
});

describe('a reply without choices', () => {
  it('fails with an empty rawText: there was no text to keep', async () => {
    server.reply({ completion: { choices: [] } });

    const error = await failureOf(
      client({ maxRetries: 0 }).create({ messages, responseModel: User }),
    );

    expect(error).toBeInstanceOf(InstructorRetryException);
    const [failed] = (error as InstructorRetryException).failedAttempts;
    expect(failed!.error.message).toBe('The reply has no choices.');
    expect(failed!.error.rawText).toBe('');
  });
});

describe('tool calls are read defensively', () => {
  /** The error of the only attempt at reading a reply whose assistant message is `message`. */
  async function readingError(message: Record<string, unknown>) {
    server.reply(replyWithMessage(message));
    const error = await failureOf(
      client({ maxRetries: 0 }).create({ messages, responseModel: User }),
    );
    expect(error).toBeInstanceOf(InstructorRetryException);
    return (error as InstructorRetryException).failedAttempts[0]!.error;
  }

  const call = (name: unknown, argumentsValue: unknown) => ({
    tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: argumentsValue } }],
  });

  it('a call whose name is not text is no call', async () => {
    const error = await readingError(call(42, '{}'));

    expect(error.message).toBe('The reply has no tool call; expected a call to `User`.');
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['a number', 7],
  ])('arguments sent as %s count as missing, with no text', async (_, argumentsValue) => {
    const error = await readingError(call('User', argumentsValue));

    expect(error.message).toBe('The arguments of `User` are missing.');
    expect(error.rawText).toBe('');
  });

  it('arguments sent parsed but nested too deeply to read are a failed attempt, not a crash', async () => {
    const depth = 50_000;
    const body = JSON.stringify({
      id: 'chatcmpl-deep',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4.1-mini',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          logprobs: null,
          message: { role: 'assistant', content: null, refusal: null, tool_calls: ['CALL'] },
        },
      ],
    }).replace(
      '"CALL"',
      '{"id":"call_1","type":"function","function":{"name":"User","arguments":' +
        '{"a":'.repeat(depth) +
        '1' +
        '}'.repeat(depth) +
        '}}',
    );
    server.reply({ body });

    const error = await failureOf(
      client({ maxRetries: 0 }).create({ messages, responseModel: User }),
    );

    const failed = (error as InstructorRetryException).failedAttempts[0]!.error;
    expect(failed.message).toMatch(/^The arguments of `User` cannot be read: .*call stack/);
    expect(failed.rawText).toBe('');
  });
});

describe('a reply whose message is not an object', () => {
  it('is read as a reply without choices', async () => {
    server.reply({ completion: { choices: [{ index: 0, message: 'hi' }] as never } });

    const error = await failureOf(
      client({ maxRetries: 0 }).create({ messages, responseModel: User }),
    );

    expect((error as InstructorRetryException).failedAttempts[0]!.error.message).toBe(
      'The reply has no choices.',
    );
  });
});

describe('an abort while a parse:error handler is pending', () => {
  it('ends the call at once: completion:error and last_attempt with the abort, no re-ask', async () => {
    const { hooks, events } = recorder();
    const controller = new AbortController();
    hooks.on('parse:error', () => {
      controller.abort();
      return new Promise<void>(() => undefined);
    });
    server.reply(invalid, invalid);

    const error = await failureOf(
      client({ hooks }).create({ messages, responseModel: User, signal: controller.signal }),
    );

    expect(error).toMatchObject({ name: 'ProviderError' });
    expect(server.requests).toHaveLength(1);
    expect(events).toEqual([
      'kwargs',
      'response',
      'usage#1/3',
      'parse:error#1/3(ValidationError)',
      'completion:error#1/3!(ProviderError)',
      'last_attempt#1/3!(ProviderError)',
    ]);
  });
});
