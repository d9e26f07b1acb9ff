import 'reflect-metadata';
import { ConfigurationError } from '../../src/errors';
import { getHookMethods, hasHookHandlers, OnHook } from '../../src/hooks';
import { AuditHandler } from '../fixtures/handlers/audit.handler';
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

  it('asks for reflect-metadata when the Reflect metadata API is missing', () => {
    const reflect = Reflect as unknown as Record<string, unknown>;
    const defineMetadata = reflect.defineMetadata;
    reflect.defineMetadata = undefined;
    try {
      expect(() =>
        OnHook('completion:response')({}, 'onResponse', { value: () => undefined }),
      ).toThrow(
        new ConfigurationError({
          message:
            "@OnHook needs the Reflect metadata API: add `import 'reflect-metadata';` once at the " +
            'top of your entry point, before any handler class is defined.',
        }),
      );
    } finally {
      reflect.defineMetadata = defineMetadata;
    }
  });
});
