import { ConfigurationError } from '../errors';
import { getHookMethods } from './hook-metadata.accessor';

/** One handler to register: an `@OnHook` method bound to its instance. */
export interface HookRegistration {
  readonly eventName: string;
  readonly handler: (...args: unknown[]) => unknown;
}

/**
 * Turns instances into registrations: instances in argument order, each one's `@OnHook` methods in
 * declaration order (base class first), each method once per event it is marked with.
 */
export function collectHookHandlers(instances: readonly unknown[]): HookRegistration[] {
  const registrations: HookRegistration[] = [];
  for (const instance of instances) {
    if (typeof instance === 'function') {
      const className = instance.name || 'YourClass';
      throw new ConfigurationError({
        message:
          `Hooks.from() takes instances, got the class ${className}: ` +
          `pass \`new ${className}()\` or the instance your container resolved.`,
      });
    }
    if (typeof instance !== 'object' || instance === null) {
      throw new ConfigurationError({
        message: `Hooks.from() takes objects with @OnHook methods, got ${String(instance)}.`,
      });
    }
    for (const { methodName, events } of getHookMethods(
      Object.getPrototypeOf(instance) as object | null,
    )) {
      const method: unknown = (instance as Record<string | symbol, unknown>)[methodName];
      if (typeof method !== 'function') {
        throw new ConfigurationError({
          message: `Hooks.from(): '${String(methodName)}' is marked with @OnHook but is not a function on the given object.`,
        });
      }
      const handler = (method as (...args: unknown[]) => unknown).bind(instance);
      for (const eventName of events) registrations.push({ eventName, handler });
    }
  }
  return registrations;
}
