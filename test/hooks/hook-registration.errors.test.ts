import 'reflect-metadata';
import { ConfigurationError } from '../../src/errors';
import { Hooks, OnHook } from '../../src/hooks';
import { completion, spyOnWarnings, warningMessages } from './hook-payloads';

afterEach(() => jest.restoreAllMocks());

// What a user sees when handlers are registered wrongly: a ConfigurationError that names the
// mistake, raised where it was made.

describe('Hooks.from', () => {
  it.each([
    [42, '42'],
    ['audit', 'audit'],
    [null, 'null'],
  ])('rejects %p, which is not an object with @OnHook methods', (value, shown) => {
    expect(() => Hooks.from(value as never)).toThrow(
      new ConfigurationError({
        message: `Hooks.from() takes objects with @OnHook methods, got ${shown}.`,
      }),
    );
  });

  it('rejects an anonymous class, naming it YourClass', () => {
    expect(() => Hooks.from((() => class {})() as never)).toThrow(
      'Hooks.from() takes instances, got the class YourClass: pass `new YourClass()`',
    );
  });

  it('rejects an object whose @OnHook method was replaced by something else', () => {
    class Audit {
      @OnHook('completion:response')
      record(): void {}
    }
    const audit = Object.assign(new Audit(), { record: 'not a function' });

    expect(() => Hooks.from(audit)).toThrow(
      new ConfigurationError({
        message:
          "Hooks.from(): 'record' is marked with @OnHook but is not a function on the given object.",
      }),
    );
  });

  it('collects nothing from an object without a prototype', () => {
    expect(Hooks.from(Object.create(null) as object).handlerCount()).toBe(0);
  });
});

describe('@OnHook', () => {
  it.each([
    ['', ''],
    [42, '42'],
  ])('needs an event name (got %p)', (name, shown) => {
    expect(() => OnHook(name as never)).toThrow(
      new ConfigurationError({ message: `@OnHook needs an event name, got ${shown}.` }),
    );
  });

  it('decorates methods only: an accessor is refused, named by its class', () => {
    class Metrics {
      get total(): number {
        return 0;
      }
    }
    const descriptor = Object.getOwnPropertyDescriptor(Metrics.prototype, 'total')!;

    expect(() =>
      OnHook('completion:usage')(Metrics.prototype, 'total', descriptor as never),
    ).toThrow(
      new ConfigurationError({
        message: "@OnHook('completion:usage') decorates methods; Metrics.total is not a method.",
      }),
    );
  });

  it('names a member of an anonymous class (anonymous)', () => {
    const prototype = Object.create(null) as object;

    expect(() => OnHook('completion:usage')(prototype, 'total', {})).toThrow(
      "@OnHook('completion:usage') decorates methods; (anonymous).total is not a method.",
    );
  });
});

describe('new Hooks, on and off', () => {
  const builtIns =
    'completion:kwargs, completion:response, completion:error, parse:error, ' +
    'completion:last_attempt, completion:usage';

  it.each([[['']], [[42]], ['cache:hit']])(
    'rejects events %j that are not a list of names',
    (events) => {
      expect(() => new Hooks({ events: events as never })).toThrow(
        new ConfigurationError({
          message: 'Hooks: `events` must be an array of non-empty event names.',
        }),
      );
    },
  );

  it('rejects a handler that is not a function, naming the event', () => {
    expect(() => new Hooks().on('completion:response', 42 as never)).toThrow(
      new ConfigurationError({
        message: "Hooks.on('completion:response'): the handler must be a function.",
      }),
    );
  });

  it('a set from @OnHook methods of built-in events declares no custom event', () => {
    class Audit {
      @OnHook('parse:error')
      onParseError(): void {}
    }

    expect(() => Hooks.from(new Audit()).on('cache:miss' as never, () => undefined)).toThrow(
      new ConfigurationError({
        message: `Unknown hook event 'cache:miss'. Valid events: ${builtIns}.`,
      }),
    );
  });

  it('off of a handler that is not registered changes nothing, with or without others', async () => {
    const events: string[] = [];
    const registered = () => void events.push('registered');
    const hooks = new Hooks();

    expect(hooks.off('completion:response', registered)).toBe(hooks);
    hooks.on('completion:response', registered).off('completion:response', () => undefined);
    await hooks.emit('completion:response', completion('a'));

    expect(hooks.handlerCount('completion:response')).toBe(1);
    expect(events).toEqual(['registered']);
  });
});

describe('Hooks.combine', () => {
  it.each([
    [null, 'null'],
    [{}, 'object'],
    ['hooks', 'string'],
  ])('rejects %p, which is not a Hooks set', (value, kind) => {
    expect(() => Hooks.combine(new Hooks(), value as never)).toThrow(
      new ConfigurationError({ message: `Hooks.combine() takes Hooks instances, got ${kind}.` }),
    );
  });
});

describe('the warning of a failing handler describes what it threw', () => {
  function warningFor(thrown: unknown): string | undefined {
    const warnings = spyOnWarnings();
    void new Hooks()
      .on('completion:response', () => {
        throw thrown;
      })
      .emit('completion:response', completion('a'));
    return warningMessages(warnings)[0];
  }

  it('an Error without a stack by its name and message', () => {
    const error = new TypeError('no stack here');
    error.stack = undefined;

    expect(warningFor(error)).toBe(
      "class-instructor: a 'completion:response' hook handler threw: TypeError: no stack here",
    );
  });

  it('something that cannot be described, without failing', () => {
    const unreadable = new Proxy(
      {},
      {
        get() {
          throw new Error('no reading');
        },
        getPrototypeOf() {
          throw new Error('no prototype');
        },
      },
    );

    expect(warningFor(unreadable)).toBe(
      "class-instructor: a 'completion:response' hook handler threw: an error that could not be described",
    );
  });
});
