import { ConfigurationError } from '../errors';

/** A method marked with `@OnHook`, and the events it handles in the order they were written. */
export interface HookMethod {
  readonly methodName: string | symbol;
  readonly events: readonly string[];
}

/** Any class, whatever its constructor takes. */
export type HookHandlerClass = abstract new (...args: never[]) => unknown;

/** The part of the reflect-metadata API used here (present once `reflect-metadata` is imported). */
interface MetadataReflect {
  defineMetadata?: (
    key: symbol,
    value: unknown,
    target: object,
    propertyKey?: string | symbol,
  ) => void;
  getOwnMetadata?: (key: symbol, target: object, propertyKey?: string | symbol) => unknown;
}

const reflect = Reflect as unknown as MetadataReflect;

// Registry symbols (Symbol.for) so two copies of the package still read each other's `@OnHook`
// marks. The values' shape is shared with every copy: change it only with a new key.
/** On a prototype: the keys of its own `@OnHook` methods, in declaration order. */
const METHODS_KEY = Symbol.for('class-instructor.hooks.methods');
/** On a prototype and method key: the events that method handles. */
const EVENTS_KEY = Symbol.for('class-instructor.hooks.events');

/** Resolved methods per prototype (own + inherited). Replaced whenever metadata is added. */
let cache = new WeakMap<object, readonly HookMethod[]>();

/**
 * Records that `methodName` of `prototype` handles `eventName`. Called by `@OnHook` only.
 * Decorators run bottom-up, so each event is put first to keep the order they were written in.
 */
export function addHookMetadata(
  prototype: object,
  methodName: string | symbol,
  eventName: string,
): void {
  const { defineMetadata, getOwnMetadata } = reflect;
  if (defineMetadata === undefined || getOwnMetadata === undefined) {
    throw new ConfigurationError({
      message:
        "@OnHook needs the Reflect metadata API: add `import 'reflect-metadata';` once at the top " +
        'of your entry point, before any handler class is defined.',
    });
  }
  const methods = ownList(getOwnMetadata(METHODS_KEY, prototype));
  if (!methods.includes(methodName)) {
    defineMetadata(METHODS_KEY, [...methods, methodName], prototype);
  }
  const events = ownList(getOwnMetadata(EVENTS_KEY, prototype, methodName));
  if (!events.includes(eventName)) {
    defineMetadata(EVENTS_KEY, [eventName, ...events], prototype, methodName);
  }
  cache = new WeakMap();
}

/**
 * The `@OnHook` methods an object with this prototype has: base classes' first, each class's in
 * declaration order. A method overridden without `@OnHook` keeps its base's events (the override
 * is what gets called); decorating the override adds events to those.
 */
export function getHookMethods(prototype: object | null): readonly HookMethod[] {
  if (prototype === null) return [];
  const cached = cache.get(prototype);
  if (cached !== undefined) return cached;
  const methods = resolve(prototype);
  cache.set(prototype, methods);
  return methods;
}

/** True when instances of `target` have at least one `@OnHook` method (own or inherited). */
export function hasHookHandlers(target: HookHandlerClass): boolean {
  const prototype: unknown = target.prototype;
  return (
    typeof prototype === 'object' && prototype !== null && getHookMethods(prototype).length > 0
  );
}

function resolve(prototype: object): readonly HookMethod[] {
  const { getOwnMetadata } = reflect;
  if (getOwnMetadata === undefined) return [];
  const chain: object[] = [];
  let level: object | null = prototype;
  while (level !== null) {
    chain.unshift(level);
    level = Object.getPrototypeOf(level) as object | null;
  }
  const events = new Map<string | symbol, string[]>();
  for (const level of chain) {
    for (const methodName of ownList<string | symbol>(getOwnMetadata(METHODS_KEY, level))) {
      const known = events.get(methodName) ?? [];
      for (const eventName of ownList<string>(getOwnMetadata(EVENTS_KEY, level, methodName))) {
        if (!known.includes(eventName)) known.push(eventName);
      }
      events.set(methodName, known);
    }
  }
  return Object.freeze(
    Array.from(events, ([methodName, names]) =>
      Object.freeze({ methodName, events: Object.freeze(names) }),
    ),
  );
}

function ownList<T>(value: unknown): readonly T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
