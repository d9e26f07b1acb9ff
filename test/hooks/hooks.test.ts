import 'reflect-metadata';
import { ConfigurationError } from '../../src/errors';
import { HOOK_WARNING_CODE, HookName, Hooks } from '../../src/hooks';
import {
  attempt,
  completion,
  spyOnWarnings,
  validationError,
  warningMessages,
} from './hook-payloads';

afterEach(() => jest.restoreAllMocks());

describe('HookName', () => {
  it('names the six built-in events by their wire strings', () => {
    expect(Object.values(HookName)).toEqual([
      'completion:kwargs',
      'completion:response',
      'completion:error',
      'parse:error',
      'completion:last_attempt',
      'completion:usage',
    ]);
  });
});

describe('Hooks', () => {
  it('runs handlers in registration order with the emitted payload', async () => {
    const events: string[] = [];
    const hooks = new Hooks()
      .on('completion:response', (response) => events.push(`first ${response.id}`))
      .on(HookName.COMPLETION_RESPONSE, (response) => events.push(`second ${response.id}`));

    await hooks.emit('completion:response', completion('chatcmpl-1'));

    expect(events).toEqual(['first chatcmpl-1', 'second chatcmpl-1']);
  });

  it('accepts the HookName member and the string interchangeably', async () => {
    const events: string[] = [];
    const hooks = new Hooks().on(HookName.PARSE_ERROR, (error, info) =>
      events.push(`${error.message} #${info.attemptNumber}`),
    );

    await hooks.emit('parse:error', validationError('bad age'), attempt(2));
    expect(hooks.hasHandlers('parse:error')).toBe(true);
    expect(hooks.hasHandlers(HookName.PARSE_ERROR)).toBe(true);

    expect(events).toEqual(['bad age #2']);
  });

  it('awaits a handler returning a promise before running the next one', async () => {
    const events: string[] = [];
    const hooks = new Hooks()
      .on('completion:response', () => {
        events.push('async start');
        return Promise.resolve()
          .then(() => Promise.resolve())
          .then(() => {
            events.push('async end');
          });
      })
      .on('completion:response', () => {
        events.push('sync');
      });

    const emitted = hooks.emit('completion:response', completion('a'));
    events.push('emit returned');
    await emitted;

    expect(events).toEqual(['async start', 'emit returned', 'async end', 'sync']);
  });

  it('resolves emit without running anything when an event has no handlers', async () => {
    const hooks = new Hooks().on('completion:response', () => undefined);

    const first = hooks.emit('completion:error', new Error('x'), attempt(1));
    const second = hooks.emit('completion:error', new Error('y'), attempt(1));

    expect(second).toBe(first);
    await expect(first).resolves.toBeUndefined();
  });

  it('off removes one registration, the earliest, and ignores unknown handlers', async () => {
    const events: string[] = [];
    const record = (): number => events.push('record');
    const other = (): number => events.push('other');
    const hooks = new Hooks()
      .on('completion:response', record)
      .on('completion:response', other)
      .on('completion:response', record);

    hooks.off('completion:response', record).off('completion:response', () => undefined);
    await hooks.emit('completion:response', completion('a'));

    expect(events).toEqual(['other', 'record']);
    expect(hooks.handlerCount('completion:response')).toBe(2);
  });

  it('off of the last handler leaves the event without handlers', () => {
    const handler = (): void => undefined;
    const hooks = new Hooks()
      .on('completion:response', handler)
      .off('completion:response', handler);

    expect(hooks.hasHandlers('completion:response')).toBe(false);
  });

  it('clear(name) empties one event and clear() every event', () => {
    const hooks = new Hooks()
      .on('completion:response', () => undefined)
      .on('parse:error', () => undefined)
      .on('completion:usage', () => undefined);

    hooks.clear('parse:error');
    expect(hooks.hasHandlers('parse:error')).toBe(false);
    expect(hooks.handlerCount()).toBe(2);

    hooks.clear();
    expect(hooks.handlerCount()).toBe(0);
    expect(hooks.hasHandlers('completion:response')).toBe(false);
  });

  // A misspelt name, as a JavaScript caller (or a cast) could pass it.
  const misspelt = 'completion:kwarg' as HookName.COMPLETION_RESPONSE;
  it.each([
    ['on', (hooks: Hooks) => hooks.on(misspelt, () => undefined)],
    ['off', (hooks: Hooks) => hooks.off(misspelt, () => undefined)],
    ['clear', (hooks: Hooks) => hooks.clear(misspelt)],
    ['emit', (hooks: Hooks) => hooks.emit(misspelt, completion('a'))],
    ['hasHandlers', (hooks: Hooks) => hooks.hasHandlers(misspelt)],
  ])(
    '%s with an unknown event name throws a ConfigurationError listing the valid names',
    (_, use) => {
      const hooks = new Hooks();

      let thrown: unknown;
      try {
        use(hooks);
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toBeInstanceOf(ConfigurationError);
      expect((thrown as Error).message).toBe(
        "Unknown hook event 'completion:kwarg'. Valid events: completion:kwargs, " +
          'completion:response, completion:error, parse:error, completion:last_attempt, ' +
          'completion:usage.',
      );
    },
  );

  it('rejects a handler that is not a function', () => {
    expect(() => new Hooks().on('completion:response', 'log' as never)).toThrow(ConfigurationError);
  });

  describe('emits on a snapshot', () => {
    it('a handler that removes itself still runs this time, not the next', async () => {
      const events: string[] = [];
      const hooks = new Hooks();
      const once = (): void => {
        events.push('once');
        hooks.off('completion:response', once);
      };
      hooks.on('completion:response', once).on('completion:response', () => events.push('always'));

      await hooks.emit('completion:response', completion('a'));
      await hooks.emit('completion:response', completion('b'));

      expect(events).toEqual(['once', 'always', 'always']);
    });

    it('a handler removing a later one does not stop it this time', async () => {
      const events: string[] = [];
      const hooks = new Hooks();
      const later = (): number => events.push('later');
      hooks
        .on('completion:response', () => {
          events.push('remover');
          hooks.off('completion:response', later);
        })
        .on('completion:response', later);

      await hooks.emit('completion:response', completion('a'));
      await hooks.emit('completion:response', completion('b'));

      expect(events).toEqual(['remover', 'later', 'remover']);
    });

    it('a handler added during an emission runs from the next one', async () => {
      const events: string[] = [];
      const hooks = new Hooks();
      hooks.on('completion:response', (response) => {
        events.push(`adder ${response.id}`);
        hooks.on('completion:response', (next) => events.push(`added ${next.id}`));
      });

      await hooks.emit('completion:response', completion('a'));
      await hooks.emit('completion:response', completion('b'));

      expect(events).toEqual(['adder a', 'adder b', 'added b']);
    });
  });

  describe('a failing handler', () => {
    it('that throws is reported once as a warning and the next handler runs', async () => {
      const warnings = spyOnWarnings();
      const events: string[] = [];
      const failure = new Error('audit store down');
      const hooks = new Hooks()
        .on('parse:error', () => {
          throw failure;
        })
        .on('parse:error', () => events.push('next'));

      await expect(
        hooks.emit('parse:error', validationError(), attempt(1)),
      ).resolves.toBeUndefined();

      expect(events).toEqual(['next']);
      expect(warnings).toHaveBeenCalledTimes(1);
      expect(warnings).toHaveBeenCalledWith(
        `class-instructor: a 'parse:error' hook handler threw: ${failure.stack}`,
        { code: HOOK_WARNING_CODE },
      );
    });

    it('that rejects is reported once as a warning and the next handler runs', async () => {
      const warnings = spyOnWarnings();
      const events: string[] = [];
      const failure = new Error('metrics timeout');
      const hooks = new Hooks()
        .on('completion:usage', () => Promise.reject(failure))
        .on('completion:usage', (usage) => events.push(`next ${usage.total_tokens}`));

      const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
      await expect(hooks.emit('completion:usage', usage, attempt(1))).resolves.toBeUndefined();

      expect(events).toEqual(['next 3']);
      expect(warnings).toHaveBeenCalledTimes(1);
      const [message] = warningMessages(warnings);
      expect(message).toContain("'completion:usage' hook handler rejected");
      expect(message).toContain(failure.stack);
    });

    it('that throws something other than an Error is still described', async () => {
      const warnings = spyOnWarnings();
      const hooks = new Hooks().on('completion:response', () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- what this test is about
        throw { reason: 'plain object' };
      });

      await hooks.emit('completion:response', completion('a'));

      expect(warningMessages(warnings)).toEqual([
        "class-instructor: a 'completion:response' hook handler threw: { reason: 'plain object' }",
      ]);
    });

    it('leaves anything shaped like an API key out of the warning', async () => {
      const warnings = spyOnWarnings();
      const hooks = new Hooks().on('completion:error', () => {
        throw new Error('bad key sk-proj-ABCDEFGH12345678');
      });

      await hooks.emit('completion:error', new Error('401'), attempt(1));

      const [message] = warningMessages(warnings);
      expect(message).toContain('bad key [redacted]');
      expect(message).not.toContain('ABCDEFGH12345678');
    });

    it('is reported again on every emission it fails', async () => {
      const warnings = spyOnWarnings();
      const hooks = new Hooks().on('completion:error', (error) => {
        throw new Error(`cannot log ${error.message}`);
      });

      await hooks.emit('completion:error', new Error('first'), attempt(1));
      await hooks.emit('completion:error', new Error('second'), attempt(2));

      const messages = warningMessages(warnings);
      expect(messages).toHaveLength(2);
      expect(messages[0]).toContain('cannot log first');
      expect(messages[1]).toContain('cannot log second');
    });
  });
});
