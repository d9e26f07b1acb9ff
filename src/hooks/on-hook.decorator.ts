import { ConfigurationError } from '../errors';
import type {
  HookEventMap,
  HookEventName,
  HookHandlerFor,
  NoCustomHookEvents,
} from './hook-events';
import { assertHookEventName } from './hook-event-name.validator';
import { addHookMetadata } from './hook-metadata.accessor';

/** A method decorator that only accepts methods callable as handler `H`. */
export type HookMethodDecorator<H> = <T extends H>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

/** Options of `@OnHook(name, options)`. */
export interface OnHookOptions {
  /**
   * The client whose client-level hooks this method joins when `class-instructor/nestjs` discovers
   * it: the `name` of an `InstructorModule.forRoot({ name })`. Only that discovery reads it;
   * `Hooks.from()` collects the method whatever it names.
   * @default the default client
   */
  client?: string;
}

/**
 * Marks an instance method as the handler of `name`; `Hooks.from(instance)` collects it, bound to
 * the instance. Stack several to handle several events; subclasses inherit the marks. An override
 * left unmarked keeps its base method's events (the override is what runs); marking it adds events.
 *
 * The method's parameters are checked against the event's payload. For a custom event give its
 * map (and, for an exact check, the name): `@OnHook<AppEvents, 'cache:hit'>('cache:hit')`.
 * A name that is neither built-in nor of the `scope:event` form, or that looks like a built-in one
 * (`'parse_error'`), throws a `ConfigurationError` when the class is defined.
 *
 * `options.client` names the client a NestJS app's discovery gives the method to (see
 * {@link OnHookOptions}).
 *
 * Only records metadata (needs `reflect-metadata`); it never wraps or replaces the method, so
 * other method decorators compose with it in any order.
 */
export function OnHook<
  E extends HookEventMap<E> = NoCustomHookEvents,
  K extends HookEventName<E> = HookEventName<E>,
>(name: K, options: OnHookOptions = {}): HookMethodDecorator<HookHandlerFor<E, K>> {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ConfigurationError({
      message: `@OnHook needs an event name, got ${String(name)}.`,
    });
  }
  assertHookEventName(name, `@OnHook('${name}')`);
  // `options ?? {}`: JavaScript callers may pass null.
  const { client } = options ?? {};
  if (client !== undefined && (typeof client !== 'string' || client.length === 0)) {
    throw new ConfigurationError({
      message: `@OnHook('${name}', { client }): \`client\` names a client, a non-empty string; got ${String(client)}.`,
    });
  }
  return (target, propertyKey, descriptor) => {
    const where = describeMember(target, propertyKey);
    if (typeof target === 'function') {
      throw new ConfigurationError({
        message: `@OnHook('${name}') decorates instance methods; ${where} is static.`,
      });
    }
    if (typeof descriptor?.value !== 'function') {
      throw new ConfigurationError({
        message: `@OnHook('${name}') decorates methods; ${where} is not a method.`,
      });
    }
    addHookMetadata(target, propertyKey, name, client);
  };
}

function describeMember(target: object, propertyKey: string | symbol): string {
  const owner = typeof target === 'function' ? target : target.constructor;
  const className = typeof owner === 'function' && owner.name !== '' ? owner.name : '(anonymous)';
  return `${className}.${String(propertyKey)}`;
}
