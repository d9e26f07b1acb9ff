import 'reflect-metadata';
import { ConfigurationError } from '../../src/errors';
import { Hooks, OnHook } from '../../src/hooks';
import { AsyncHandler } from '../fixtures/handlers/async.handler';
import { AuditHandler } from '../fixtures/handlers/audit.handler';
import { CacheHandler, type CacheEvents } from '../fixtures/handlers/custom-event.handler';
import { DeclarationOrderHandler } from '../fixtures/handlers/declaration-order.handler';
import {
  BaseAuditHandler,
  InheritedAuditHandler,
  RemarkedAuditHandler,
} from '../fixtures/handlers/inherited.handler';
import { LabelledHandler } from '../fixtures/handlers/labelled.handler';
import { NoHooksHandler } from '../fixtures/handlers/no-hooks.handler';
import { StackedHandler } from '../fixtures/handlers/stacked.handler';
import { WrappedMethodHandler } from '../fixtures/handlers/wrapped-method.handler';
import { attempt, completion, spyOnWarnings, validationError } from './hook-payloads';

afterEach(() => jest.restoreAllMocks());

describe('@OnHook and Hooks.from', () => {
  it('collects the marked methods bound to their instance', async () => {
    const audit = new AuditHandler();
    const hooks = Hooks.from(audit);

    await hooks.emit('completion:response', completion('chatcmpl-7'));
    await hooks.emit('parse:error', validationError('age must be an integer'), attempt(1));

    expect(audit.events).toEqual(['response chatcmpl-7', 'parse:error age must be an integer #1']);
  });

  it('registers a method once for each stacked @OnHook', async () => {
    const handler = new StackedHandler();
    const hooks = Hooks.from(handler);

    await hooks.emit('completion:error', new Error('HTTP 500'), attempt(1));
    await hooks.emit('parse:error', validationError('bad json'), attempt(2));
    await hooks.emit('completion:last_attempt', validationError('bad json'), attempt(3));

    expect(handler.events).toEqual(['HTTP 500 #1', 'bad json #2', 'bad json #3']);
    expect(hooks.handlerCount()).toBe(3);
  });

  it('orders handlers of one event by declaration, not by name', async () => {
    const handler = new DeclarationOrderHandler();

    await Hooks.from(handler).emit('completion:response', completion('a'));

    expect(handler.events).toEqual(['second', 'first', 'third']);
  });

  it('collects inherited methods, the base class first', async () => {
    const base = new BaseAuditHandler();
    await Hooks.from(base).emit('completion:response', completion('a'));
    expect(base.events).toEqual(['base response', 'base describe']);

    const inherited = new InheritedAuditHandler();
    await Hooks.from(inherited).emit('completion:response', completion('a'));
    expect(inherited.events).toEqual(['base response', 'override describe', 'own response']);
  });

  it('calls an unmarked override under its base method’s events', async () => {
    const inherited = new InheritedAuditHandler();

    await Hooks.from(inherited).emit('completion:error', new Error('x'), attempt(1));

    expect(inherited.events).toEqual(['override describe']);
  });

  it('re-marking an override adds its new events without registering it twice', async () => {
    const remarked = new RemarkedAuditHandler();
    const hooks = Hooks.from(remarked);

    await hooks.emit('completion:response', completion('a'));
    await hooks.emit('parse:error', validationError(), attempt(1));
    await hooks.emit('completion:error', new Error('x'), attempt(1));

    expect(remarked.events).toEqual([
      'base response',
      'remarked describe',
      'remarked describe',
      'remarked describe',
    ]);
    expect(hooks.handlerCount('completion:response')).toBe(2);
  });

  it('keeps the hook when another method decorator wraps the method, on either side', async () => {
    const handler = new WrappedMethodHandler();

    await Hooks.from(handler).emit('completion:response', completion('a'));

    expect(handler.events).toEqual([
      'traced outer',
      'wrapped after',
      'traced inner',
      'wrapped before',
    ]);
  });

  it('awaits an async @OnHook method before the next one', async () => {
    const handler = new AsyncHandler();

    await Hooks.from(handler).emit('completion:response', completion('a'));

    expect(handler.events).toEqual(['slow start', 'slow end', 'fast']);
  });

  it('collects several instances in argument order, each bound to itself', async () => {
    const log: string[] = [];
    const hooks = Hooks.from(
      new LabelledHandler('audit', log),
      new LabelledHandler('metrics', log),
    );

    await hooks.emit('completion:response', completion('a'));

    expect(log).toEqual(['audit', 'metrics']);
  });

  it('declares the custom events of collected methods', async () => {
    const handler = new CacheHandler();
    const hooks = Hooks.from<CacheEvents>(handler);

    await hooks.emit('cache:hit', 'user:1', 12);
    await hooks.emit('completion:response', completion('a'));

    expect(handler.events).toEqual(['hit user:1 12', 'response']);
  });

  it('gives an ordinary Hooks to combine with others', async () => {
    const audit = new AuditHandler();
    const hooks = new Hooks().on('completion:response', () => audit.events.push('plain'));

    await hooks.combine(Hooks.from(audit)).emit('completion:response', completion('a'));

    expect(audit.events).toEqual(['plain', 'response a']);
  });

  it('returns an empty set for an object without @OnHook methods', () => {
    expect(Hooks.from(new NoHooksHandler(), {}).handlerCount()).toBe(0);
    expect(Hooks.from().handlerCount()).toBe(0);
  });

  it('rejects a class passed instead of an instance', () => {
    expect(() => Hooks.from(AuditHandler)).toThrow(
      new ConfigurationError({
        message:
          'Hooks.from() takes instances, got the class AuditHandler: pass `new AuditHandler()` ' +
          'or the instance your container resolved.',
      }),
    );
  });

  it('rejects @OnHook on a static method', () => {
    expect(() => {
      class StaticHandler {
        @OnHook('completion:response')
        static onResponse(): void {}
      }
      return StaticHandler;
    }).toThrow(
      "@OnHook('completion:response') decorates instance methods; StaticHandler.onResponse is static.",
    );
  });

  describe('what it decorates', () => {
    const decorate = OnHook('completion:response');

    it('rejects a property, which has no descriptor', () => {
      class WithField {
        onResponse!: () => void;
      }

      expect(() => decorate(WithField.prototype, 'onResponse', undefined as never)).toThrow(
        new ConfigurationError({
          message:
            "@OnHook('completion:response') decorates methods; WithField.onResponse is not a method.",
        }),
      );
    });

    it('rejects an accessor, whose descriptor has no function value', () => {
      class WithGetter {
        get onResponse(): () => void {
          return () => undefined;
        }
      }
      const descriptor = Object.getOwnPropertyDescriptor(WithGetter.prototype, 'onResponse')!;

      expect(() => decorate(WithGetter.prototype, 'onResponse', descriptor)).toThrow(
        "@OnHook('completion:response') decorates methods; WithGetter.onResponse is not a method.",
      );
    });

    it('names a class without a name "(anonymous)"', () => {
      const anonymous = [class {}][0]!;
      expect(anonymous.name).toBe('');

      expect(() => decorate(anonymous, 'onResponse', { value: () => undefined })).toThrow(
        "@OnHook('completion:response') decorates instance methods; (anonymous).onResponse is static.",
      );
      expect(() => decorate(anonymous.prototype, 'onResponse', { value: 1 as never })).toThrow(
        "@OnHook('completion:response') decorates methods; (anonymous).onResponse is not a method.",
      );
      expect(() =>
        decorate(Object.create(null) as object, Symbol('onResponse'), { value: 1 as never }),
      ).toThrow(
        "@OnHook('completion:response') decorates methods; (anonymous).Symbol(onResponse) is not a method.",
      );
    });
  });

  it('reports a throwing @OnHook method as a CLASS_INSTRUCTOR_HOOK_ERROR process warning', async () => {
    const warnings = spyOnWarnings();
    const failure = new Error('audit store down');
    class FailingHandler {
      @OnHook('completion:response')
      onResponse(): void {
        throw failure;
      }
    }

    await Hooks.from(new FailingHandler()).emit('completion:response', completion('a'));

    expect(warnings.mock.calls).toEqual([
      [
        `class-instructor: a 'completion:response' hook handler threw: ${failure.stack}`,
        { code: 'CLASS_INSTRUCTOR_HOOK_ERROR' },
      ],
    ]);
  });

  describe('event names', () => {
    const builtIns =
      'completion:kwargs, completion:response, completion:error, parse:error, ' +
      'completion:last_attempt, completion:usage';

    it('rejects a near-miss of a built-in name when the class is defined, naming the built-in', () => {
      expect(() => {
        class TypoHandler {
          @OnHook('parse_error' as 'parse:error')
          onParseError(): void {}
        }
        return TypoHandler;
      }).toThrow(
        new ConfigurationError({
          message:
            "@OnHook('parse_error'): unknown hook event 'parse_error' (did you mean 'parse:error'?). " +
            `Built-in events: ${builtIns}. Custom events use the \`scope:event\` form ` +
            "(e.g. 'cache:hit') and must not look like a built-in name.",
        }),
      );
    });

    it.each([
      ['PARSE_ERROR', 'parse:error'],
      ['Parse:Error', 'parse:error'],
      ['completion_last_attempt', 'completion:last_attempt'],
      ['completion:lastAttempt', 'completion:last_attempt'],
      ['completion:last-attempt', 'completion:last_attempt'],
      [' completion:usage', 'completion:usage'],
    ])('rejects %p, a near-miss of %p', (name, builtIn) => {
      expect(() => OnHook(name as 'parse:error')).toThrow(`(did you mean '${builtIn}'?)`);
    });

    it.each(['audit', 'cache-hit', ':hit', 'cache:', 'cache: '])(
      'rejects %p, which is not of the scope:event form',
      (name) => {
        expect(() => OnHook(name as 'parse:error')).toThrow(
          `@OnHook('${name}'): unknown hook event '${name}'. Built-in events: ${builtIns}. ` +
            'Custom events use the `scope:event` form',
        );
      },
    );

    it('Hooks.from checks names of marks written by hand, which skipped @OnHook', () => {
      class HandMarked {
        onParseError(): void {}
      }
      Reflect.defineMetadata(
        Symbol.for('class-instructor.hooks.methods'),
        ['onParseError'],
        HandMarked.prototype,
      );
      Reflect.defineMetadata(
        Symbol.for('class-instructor.hooks.events'),
        ['parse_error'],
        HandMarked.prototype,
        'onParseError',
      );

      expect(() => Hooks.from(new HandMarked())).toThrow(
        new ConfigurationError({
          message:
            "Hooks.from(): unknown hook event 'parse_error' (did you mean 'parse:error'?). " +
            `Built-in events: ${builtIns}. Custom events use the \`scope:event\` form ` +
            "(e.g. 'cache:hit') and must not look like a built-in name.",
        }),
      );
    });

    it('accepts a custom event of the scope:event form and declares it', () => {
      const hooks = Hooks.from<CacheEvents>(new CacheHandler());

      expect(hooks.hasHandlers('cache:hit')).toBe(true);
    });
  });
});
