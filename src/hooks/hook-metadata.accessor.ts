import { ConfigurationError } from '../errors';

/** A method marked with `@OnHook`, and the events it handles in the order they were written. */
export interface HookMethod {
  readonly methodName: string | symbol;
  readonly events: readonly string[];
}

/** One `@OnHook(event, { client })` mark of a method, with the client it names. */
export interface HookTarget {
  readonly methodName: string | symbol;
  readonly event: string;
  /** The name of the client the mark is for; `undefined` for the default client. */
  readonly client: string | undefined;
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
/** On a prototype and method key: `[event, client name or null]` per mark, in written order. */
const TARGETS_KEY = Symbol.for('class-instructor.hooks.targets');

/** A mark as stored under `TARGETS_KEY` (`null`: the default client). */
type StoredTarget = readonly [event: string, client: string | null];

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
  client?: string,
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
  const targets = ownList<StoredTarget>(getOwnMetadata(TARGETS_KEY, prototype, methodName));
  const target: StoredTarget = [eventName, client ?? null];
  if (!targets.some(([event, name]) => event === target[0] && name === target[1])) {
    defineMetadata(TARGETS_KEY, [target, ...targets], prototype, methodName);
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

/**
 * Every `@OnHook` mark an object with this prototype has, with the client it names, in the order
 * of {@link getHookMethods} (methods, then each one's events); an event marked for several
 * clients once per client. A mark recorded without a client (by an older copy of the package) is
 * the default client's. Read once per instance by class-instructor/nestjs at startup: not cached.
 */
export function getHookTargets(prototype: object | null): readonly HookTarget[] {
  const { getOwnMetadata } = reflect;
  const targets: HookTarget[] = [];
  for (const { methodName, events } of getHookMethods(prototype)) {
    const stored = chainOf(prototype).flatMap((level) =>
      ownList<StoredTarget>(getOwnMetadata?.(TARGETS_KEY, level, methodName)),
    );
    for (const event of events) {
      const marks = stored.filter(([marked]) => marked === event);
      for (const [, name] of marks.length > 0 ? marks : [[event, null] as const]) {
        const client = name ?? undefined;
        if (
          !targets.some(
            (t) => t.methodName === methodName && t.event === event && t.client === client,
          )
        ) {
          targets.push({ methodName, event, client });
        }
      }
    }
  }
  return targets;
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
  const chain = chainOf(prototype);
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

/** `prototype` and its ancestors, the root first. */
function chainOf(prototype: object | null): object[] {
  const chain: object[] = [];
  for (
    let level = prototype;
    level !== null;
    level = Object.getPrototypeOf(level) as object | null
  ) {
    chain.unshift(level);
  }
  return chain;
}

function ownList<T>(value: unknown): readonly T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
