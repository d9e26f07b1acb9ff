import 'reflect-metadata';
import { ConfigurationError } from '../../src/errors';
import { getHookMethods, hasHookHandlers, OnHook, type HookHandlerClass } from '../../src/hooks';
import { AuditHandler } from '../fixtures/handlers/audit.handler';
import { ForeignMarkedHandler } from '../fixtures/handlers/foreign-marked.handler';
import { BaseAuditHandler, InheritedAuditHandler } from '../fixtures/handlers/inherited.handler';
import { NoHooksHandler } from '../fixtures/handlers/no-hooks.handler';
import { StackedHandler } from '../fixtures/handlers/stacked.handler';

describe('hook metadata accessor', () => {
  it('hasHookHandlers tells handler classes from others, inherited methods included', () => {
    expect(hasHookHandlers(AuditHandler)).toBe(true);
    expect(hasHookHandlers(InheritedAuditHandler)).toBe(true);
    expect(hasHookHandlers(NoHooksHandler)).toBe(false);
    expect(hasHookHandlers(class Empty {})).toBe(false);
  });

  it('hasHookHandlers is false, without throwing, for a function that has no prototype', () => {
    const arrow = (() => undefined) as unknown as HookHandlerClass;
    const method = Object.getOwnPropertyDescriptor({ onResponse(): void {} }, 'onResponse')!
      .value as HookHandlerClass;

    expect(hasHookHandlers(arrow)).toBe(false);
    expect(hasHookHandlers(method)).toBe(false);
  });

  it('finds no method for an object without a prototype', () => {
    expect(getHookMethods(null)).toEqual([]);
    expect(getHookMethods(Object.create(null) as object)).toEqual([]);
  });

  it('lists stacked events in the order they are written', () => {
    expect(getHookMethods(StackedHandler.prototype)).toEqual([
      {
        methodName: 'onAnyError',
        events: ['completion:error', 'parse:error', 'completion:last_attempt'],
      },
    ]);
  });

  it('lists base methods first and leaves the base class’s own list unchanged', () => {
    expect(getHookMethods(InheritedAuditHandler.prototype)).toEqual([
      { methodName: 'baseResponse', events: ['completion:response'] },
      { methodName: 'describe', events: ['completion:response', 'completion:error'] },
      { methodName: 'ownResponse', events: ['completion:response'] },
    ]);
    expect(getHookMethods(BaseAuditHandler.prototype)).toHaveLength(2);
  });

  it('reads each class once and returns the same frozen list after', () => {
    const first = getHookMethods(AuditHandler.prototype);

    expect(getHookMethods(AuditHandler.prototype)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('lists one entry per method with each event once, however often it is marked', () => {
    class RepeatedMarks {
      @OnHook('completion:response')
      @OnHook('completion:response')
      @OnHook('parse:error')
      onEvent(): void {}
    }

    expect(getHookMethods(RepeatedMarks.prototype)).toEqual([
      { methodName: 'onEvent', events: ['completion:response', 'parse:error'] },
    ]);
  });

  describe('metadata shared with other copies of the package', () => {
    const methodsKey = Symbol.for('class-instructor.hooks.methods');
    const eventsKey = Symbol.for('class-instructor.hooks.events');

    it('writes each method key once and each event once, in the order they were written', () => {
      class Marked {
        @OnHook('completion:response')
        @OnHook('completion:response')
        @OnHook('parse:error')
        first(): void {}

        @OnHook('completion:error')
        second(): void {}
      }

      expect(Reflect.getOwnMetadata(methodsKey, Marked.prototype)).toEqual(['first', 'second']);
      expect(Reflect.getOwnMetadata(eventsKey, Marked.prototype, 'first')).toEqual([
        'completion:response',
        'parse:error',
      ]);
      expect(Reflect.getOwnMetadata(eventsKey, Marked.prototype, 'second')).toEqual([
        'completion:error',
      ]);
    });

    it('reads marks written under the registry keys by another copy', () => {
      expect(getHookMethods(ForeignMarkedHandler.prototype)).toEqual([
        { methodName: 'onResponse', events: ['completion:response'] },
        { methodName: 'onCacheHit', events: ['cache:hit'] },
      ]);
      expect(hasHookHandlers(ForeignMarkedHandler)).toBe(true);
    });
  });

  it.each(['defineMetadata', 'getOwnMetadata'])(
    'asks for reflect-metadata when Reflect.%s is missing',
    (member) => {
      const reflect = Reflect as unknown as Record<string, unknown>;
      const original = reflect[member];
      reflect[member] = undefined;
      try {
        expect(() =>
          OnHook('completion:response')({}, 'onResponse', { value: () => undefined }),
        ).toThrow(
          new ConfigurationError({
            message:
              "@OnHook needs the Reflect metadata API: add `import 'reflect-metadata';` once at " +
              'the top of your entry point, before any handler class is defined.',
          }),
        );
      } finally {
        reflect[member] = original;
      }
    },
  );

  it('finds no @OnHook method, without throwing, when Reflect.getOwnMetadata is missing', () => {
    class NeverRead {
      onResponse(): void {}
    }
    const reflect = Reflect as unknown as Record<string, unknown>;
    const getOwnMetadata = reflect.getOwnMetadata;
    reflect.getOwnMetadata = undefined;
    try {
      expect(getHookMethods(NeverRead.prototype)).toEqual([]);
      expect(hasHookHandlers(NeverRead)).toBe(false);
    } finally {
      reflect.getOwnMetadata = getOwnMetadata;
    }
  });
});
