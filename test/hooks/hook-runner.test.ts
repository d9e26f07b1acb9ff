import 'reflect-metadata';
import { Hooks } from '../../src/hooks';
import { completion, spyOnWarnings, warningMessages } from './hook-payloads';

afterEach(() => jest.restoreAllMocks());

/** A set whose `completion:response` handlers are `handlers`, each named in `events` when it runs. */
function hooksRunning(events: string[], ...handlers: Array<() => unknown>): Hooks {
  const hooks = new Hooks();
  for (const handler of handlers) hooks.on('completion:response', handler);
  return hooks.on('completion:response', () => void events.push('last'));
}

describe('emit runs synchronous handlers before it returns', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'done'],
    ['an object without `then`', { status: 'ok' }],
    ['an object whose `then` is not a function', { then: 'later' }],
    ['a function without `then`', () => 'not awaited'],
  ])(
    'a handler returning %s is not awaited: every handler has run when emit returns',
    (_, returned) => {
      const warnings = spyOnWarnings();
      const events: string[] = [];
      const hooks = hooksRunning(events, () => {
        events.push('first');
        return returned;
      });

      void hooks.emit('completion:response', completion('a'));

      expect(events).toEqual(['first', 'last']);
      expect(warningMessages(warnings)).toEqual([]);
    },
  );

  it('a handler that throws is reported and the next one still runs before emit returns', () => {
    const warnings = spyOnWarnings();
    const events: string[] = [];
    const hooks = hooksRunning(events, () => {
      throw new Error('boom');
    });

    void hooks.emit('completion:response', completion('a'));

    expect(events).toEqual(['last']);
    expect(warningMessages(warnings)).toEqual([
      expect.stringContaining("a 'completion:response' hook handler threw: Error: boom"),
    ]);
  });
});

describe('emit awaits what a handler returns only when it is promise-like', () => {
  it.each([
    ['a promise', () => Promise.resolve()],
    ['an object with a then method', () => ({ then: (resolve: () => void) => resolve() })],
    [
      'a function with a then method',
      () => Object.assign(() => undefined, { then: (resolve: () => void) => resolve() }),
    ],
  ])('a handler returning %s holds the next handlers until it settles', async (_, make) => {
    const events: string[] = [];
    const hooks = hooksRunning(events, () => {
      events.push('first');
      return make();
    });

    const emitted = hooks.emit('completion:response', completion('a'));
    events.push('emit returned');
    await emitted;

    expect(events).toEqual(['first', 'emit returned', 'last']);
  });

  it('handlers after a settled promise run in order, each synchronous one without a tick of its own', async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const hooks = new Hooks()
      .on('completion:response', () => new Promise<void>((resolve) => (release = resolve)))
      .on('completion:response', () => void events.push('second'))
      .on('completion:response', () => void events.push('third'));

    const emitted = hooks.emit('completion:response', completion('a'));
    await Promise.resolve();
    expect(events).toEqual([]);
    release();
    await emitted;

    expect(events).toEqual(['second', 'third']);
  });

  it('a handler whose promise rejects is reported as rejected, and emit still resolves after the rest ran', async () => {
    const warnings = spyOnWarnings();
    const events: string[] = [];
    const hooks = hooksRunning(events, () => Promise.reject(new Error('late boom')));

    await expect(hooks.emit('completion:response', completion('a'))).resolves.toBeUndefined();

    expect(events).toEqual(['last']);
    expect(warningMessages(warnings)).toEqual([
      expect.stringContaining("a 'completion:response' hook handler rejected: Error: late boom"),
    ]);
  });
});
