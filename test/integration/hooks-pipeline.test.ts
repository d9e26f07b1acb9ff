import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  ConfigurationError,
  fromProvider,
  HookName,
  Hooks,
  IncompleteOutputException,
  InstructorRetryException,
  ProviderError,
  RefusalError,
  ValidationError,
  type AttemptInfo,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from './support';

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const valid = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };
const invalid = { toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } };

type Recorded = string;

/** Records every built-in event as `event` or `event#attempt(ErrorClass)`, in firing order. */
function recorder(): { hooks: Hooks; events: Recorded[] } {
  const events: Recorded[] = [];
  const describe = (attempt: AttemptInfo, error?: Error) =>
    `#${attempt.attemptNumber}/${attempt.maxAttempts}${attempt.isLastAttempt ? '!' : ''}` +
    (error ? `(${error.name})` : '');
  const hooks = new Hooks()
    .on(HookName.COMPLETION_KWARGS, () => void events.push('kwargs'))
    .on(HookName.COMPLETION_RESPONSE, () => void events.push('response'))
    .on(HookName.COMPLETION_USAGE, (_, attempt) => void events.push(`usage${describe(attempt)}`))
    .on(HookName.COMPLETION_ERROR, (error, attempt) =>
      events.push(`completion:error${describe(attempt, error)}`),
    )
    .on(HookName.PARSE_ERROR, (error, attempt) =>
      events.push(`parse:error${describe(attempt, error)}`),
    )
    .on(HookName.COMPLETION_LAST_ATTEMPT, (error, attempt) =>
      events.push(`last_attempt${describe(attempt, error)}`),
    );
  return { hooks, events };
}

// One server for the whole file, emptied before each test.
let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

describe('hooks fire in the documented order over real calls', () => {
  let client: Instructor;
  let events: Recorded[];

  beforeEach(() => {
    const recorded = recorder();
    events = recorded.events;
    client = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      hooks: recorded.hooks,
      maxRetries: 1,
    });
  });

  it('success: kwargs, response, usage — and never last_attempt', async () => {
    server.reply(valid);

    await client.create({ messages, responseModel: User });

    expect(events).toEqual(['kwargs', 'response', 'usage#1/2']);
  });

  it('re-ask then success: parse:error for the first attempt, then a clean second one', async () => {
    server.reply(invalid, valid);

    await client.create({ messages, responseModel: User });

    expect(events).toEqual([
      'kwargs',
      'response',
      'usage#1/2',
      'parse:error#1/2(ValidationError)',
      'kwargs',
      'response',
      'usage#2/2!',
    ]);
  });

  it('exhaustion: last_attempt fires once, with the ValidationError, right before the throw', async () => {
    server.reply(invalid, invalid);
    let lastAttemptError: unknown;
    client.on('completion:last_attempt', (error) => {
      lastAttemptError = error;
    });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect(events).toEqual([
      'kwargs',
      'response',
      'usage#1/2',
      'parse:error#1/2(ValidationError)',
      'kwargs',
      'response',
      'usage#2/2!',
      'parse:error#2/2!(ValidationError)',
      'last_attempt#2/2!(ValidationError)',
    ]);
    expect(lastAttemptError).toBe((error as InstructorRetryException).cause);
  });

  // Errors of the call itself: never re-asked, so attempt 1 of 2 is already the last.
  it.each([
    ['a provider error', { error: { status: 500 } }, ProviderError, ['kwargs']],
    [
      'truncation',
      { ...invalid, finishReason: 'length' as const },
      IncompleteOutputException,
      ['kwargs', 'response', 'usage#1/2'],
    ],
    ['a refusal', { refusal: 'No.' }, RefusalError, ['kwargs', 'response', 'usage#1/2']],
  ])(
    '%s: completion:error then last_attempt, both marked last',
    async (_, reply, errorClass, before) => {
      server.reply(reply);

      const error = await failureOf(client.create({ messages, responseModel: User }));

      expect(error).toBeInstanceOf(errorClass);
      expect(events).toEqual([
        ...before,
        `completion:error#1/2!(${errorClass.name})`,
        `last_attempt#1/2!(${errorClass.name})`,
      ]);
    },
  );

  it('abort during the re-ask: the second attempt ends in completion:error and last_attempt', async () => {
    const controller = new AbortController();
    server.reply(invalid, () => {
      controller.abort();
      return { ...valid, delayMs: 2000 };
    });

    const error = await failureOf(
      client.create({ messages, responseModel: User, signal: controller.signal }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect(events).toEqual([
      'kwargs',
      'response',
      'usage#1/2',
      'parse:error#1/2(ValidationError)',
      'kwargs',
      'completion:error#2/2!(ProviderError)',
      'last_attempt#2/2!(ProviderError)',
    ]);
  });

  it('a ConfigurationError before any request fires no hook', async () => {
    class Broken {
      @IsString() name!: string;
      undecorated!: string;
    }

    const error = await failureOf(client.create({ messages, responseModel: Broken }));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(events).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('null responseModel still reports kwargs, response and usage', async () => {
    server.reply({ content: 'plain' });

    await client.create({ messages, responseModel: null });

    expect(events).toEqual(['kwargs', 'response', 'usage#1/1!']);
  });
});

describe('hook payloads', () => {
  it('completion:response hands a jest mock the raw completion of the requested model', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    const onResponse = jest.fn();
    client.on('completion:response', onResponse);
    server.reply(valid);

    const result = await client.createWithCompletion({ messages, responseModel: User });

    expect(onResponse).toHaveBeenCalledTimes(1);
    expect(onResponse).toHaveBeenCalledWith(result.completion);
    expect(onResponse).toHaveBeenCalledWith(expect.objectContaining({ model: 'gpt-4.1-mini' }));
  });

  it("completion:kwargs gets a copy: editing it changes neither the request nor the caller's messages", async () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    const callerMessages = structuredClone(messages);
    let seen: unknown;
    client.on('completion:kwargs', (kwargs) => {
      seen = structuredClone(kwargs);
      kwargs.model = 'tampered';
      kwargs.messages.push({ role: 'user', content: 'injected' });
      (kwargs.messages[0] as { content: string }).content = 'tampered';
    });
    server.reply(valid);

    await client.create({ messages: callerMessages, responseModel: User });

    expect(seen).toEqual(server.requests[0]);
    expect(server.requests[0]!.model).toBe('gpt-4.1-mini');
    expect(server.requests[0]!.messages).toEqual(messages);
    expect(callerMessages).toEqual(messages);
  });

  it('completion:usage carries usage summed over the attempts so far', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    const totals: number[] = [];
    client.on('completion:usage', (usage) => void totals.push(usage.total_tokens));
    const usage = { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 };
    server.reply({ ...invalid, usage }, { ...valid, usage });

    await client.create({ messages, responseModel: User });

    expect(totals).toEqual([7, 14]);
  });

  it('parse:error receives the ValidationError with class-validator errors and the raw text', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    const errors: ValidationError[] = [];
    client.on('parse:error', (error) => void errors.push(error));
    server.reply(invalid, valid);

    await client.create({ messages, responseModel: User });

    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ValidationError);
    expect(errors[0]!.errors[0]!.property).toBe('age');
    expect(errors[0]!.rawText).toBe('{"name":"Jason","age":-1}');
  });
});

describe('client and per-call hook sets', () => {
  it('per-call hooks run after the client hooks for every event', async () => {
    const order: string[] = [];
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    client.on('completion:kwargs', () => void order.push('client:kwargs'));
    client.on('completion:response', () => void order.push('client:response'));
    const perCall = new Hooks()
      .on('completion:kwargs', () => void order.push('call:kwargs'))
      .on('completion:response', () => void order.push('call:response'));
    server.reply(valid);

    await client.create({ messages, responseModel: User, hooks: perCall });

    expect(order).toEqual(['client:kwargs', 'call:kwargs', 'client:response', 'call:response']);
  });

  it('100 calls with their own per-call sets leave both the client set and each per-call set unchanged', async () => {
    const clientHooks = new Hooks().on('completion:response', () => undefined);
    const client = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      hooks: clientHooks,
    });
    const perCallSets = Array.from({ length: 100 }, () =>
      new Hooks().on('completion:kwargs', () => undefined),
    );
    server.reply(...perCallSets.map(() => valid));

    await Promise.all(
      perCallSets.map((hooks) => client.create({ messages, responseModel: User, hooks })),
    );

    expect(client.hooks).toBe(clientHooks);
    expect(clientHooks.handlerCount()).toBe(1);
    expect(clientHooks.handlerCount('completion:kwargs')).toBe(0);
    for (const hooks of perCallSets) {
      expect(hooks.handlerCount()).toBe(1);
      expect(hooks.handlerCount('completion:response')).toBe(0);
    }
  });

  it('a throwing, a rejecting and a self-removing handler never break the call', async () => {
    const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
      const seen: string[] = [];
      const once = () => {
        seen.push('once');
        client.off('completion:response', once);
      };
      client.on('completion:response', () => {
        throw new Error('sync boom');
      });
      client.on('completion:response', () => Promise.reject(new Error('async boom')));
      client.on('completion:response', once);
      client.on('completion:response', () => void seen.push('last'));
      server.reply(valid, valid);

      const first = await client.create({ messages, responseModel: User });
      const second = await client.create({ messages, responseModel: User });

      expect(first).toEqual({ name: 'Jason', age: 25 });
      expect(second).toEqual({ name: 'Jason', age: 25 });
      expect(seen).toEqual(['once', 'last', 'last']);
      const messagesWarned = warnings.mock.calls.map(([warning]) => String(warning));
      expect(
        messagesWarned.filter((text) => text.includes('threw: Error: sync boom')),
      ).toHaveLength(2);
      expect(
        messagesWarned.filter((text) => text.includes('rejected: Error: async boom')),
      ).toHaveLength(2);
      expect(messagesWarned).toHaveLength(4);
      expect(messagesWarned.every((text) => text.includes("'completion:response'"))).toBe(true);
    } finally {
      warnings.mockRestore();
    }
  });

  it('client.on / off / clear change only the client set', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    const handler = jest.fn();
    client.on('completion:response', handler).on(HookName.COMPLETION_RESPONSE, handler);
    client.off('completion:response', handler);
    server.reply(valid, valid);

    await client.create({ messages, responseModel: User });
    client.clear();
    await client.create({ messages, responseModel: User });

    expect(handler).toHaveBeenCalledTimes(1);
  });
});
