import { ConfigurationError } from '../errors';
import type {
  HookEventMap,
  HookEventName,
  HookHandler,
  HookPayload,
  NoCustomHookEvents,
} from './hook-events';
import { assertHookEventName } from './hook-event-name.validator';
import { collectHookHandlers } from './hook-handlers.collector';
import { BUILT_IN_HOOK_NAMES, isBuiltInHookName } from './hook-name';
import { resolved, runHandlers, type StoredHandler } from './hook-runner';
import { hasHooksMarker, markHooks, readHooksContents, type HooksContents } from './hooks.marker';

/** Options of `new Hooks<E>(options)`. */
export interface HooksOptions<E> {
  /**
   * The custom events this set accepts next to the built-in ones: the keys of `E`. Types cannot be
   * read at run time, so they are listed here; any other name throws a `ConfigurationError`.
   * Each is of the `scope:event` form and must not look like a built-in name (`'parse_error'`).
   * @default []
   */
  events?: readonly (keyof E & string)[];
}

/** The custom event map of a `Hooks` type. */
type EventsOf<H> = H extends Hooks<infer E> ? E : never;
type Intersection<U> = (U extends unknown ? (value: U) => void : never) extends (
  value: infer I,
) => void
  ? I
  : never;
/** The event map of the set combining `Sets`: every custom event of each. */
type CombinedEvents<Sets extends readonly AnyHooks[]> = AsEventMap<
  [Sets[number]] extends [never] ? NoCustomHookEvents : Intersection<EventsOf<Sets[number]>>
>;
type AsEventMap<M> = { [K in keyof M]: Extract<M[K], readonly unknown[]> };
/** A `Hooks` of any event map (every `Hooks<E>` is assignable to `Hooks`). */
type AnyHooks = Hooks;

/**
 * A set of hook handlers per event. `E` maps custom event names to their payloads; the built-in
 * events (`HookName`) are always accepted. A `Hooks<E>` is usable wherever a `Hooks` is.
 *
 * Handlers run in registration order, a returned promise awaited before the next; an emission
 * works on the handlers registered when it started. A handler that throws or rejects is reported
 * once as a process warning (code `CLASS_INSTRUCTOR_HOOK_ERROR`) and the next one runs.
 */
export class Hooks<E extends HookEventMap<E> = NoCustomHookEvents> {
  /** Declared custom event names. */
  readonly #events: Set<string>;
  /** Handlers per event; arrays are replaced, never mutated, so an emission can keep its own. */
  readonly #handlers = new Map<string, readonly StoredHandler[]>();

  constructor(options: HooksOptions<E> = {}) {
    const events: unknown = options.events ?? [];
    if (
      !Array.isArray(events) ||
      !events.every((name) => typeof name === 'string' && name.length > 0)
    ) {
      throw new ConfigurationError({
        message: 'Hooks: `events` must be an array of non-empty event names.',
      });
    }
    for (const name of events as string[]) assertHookEventName(name, 'new Hooks({ events })');
    this.#events = new Set((events as string[]).filter((name) => !isBuiltInHookName(name)));
    markHooks(this, () => this.#contents());
  }

  /**
   * True when `value` is a `Hooks` from any copy of the package (`instanceof` only recognises this
   * copy's). Such a set can be passed, combined and copied like one of this copy.
   */
  static isInstance(value: unknown): value is Hooks {
    return hasHooksMarker(value);
  }

  /**
   * A set with every `@OnHook` method of `instances`, bound to its instance: instances in argument
   * order, each one's methods in declaration order (base class first). Custom event names found
   * are declared. An object with no `@OnHook` method adds nothing.
   */
  static from<E extends HookEventMap<E> = NoCustomHookEvents>(...instances: object[]): Hooks<E> {
    const registrations = collectHookHandlers(instances);
    const hooks = new Hooks<E>();
    for (const { eventName, handler } of registrations) {
      if (!isBuiltInHookName(eventName)) {
        // Marks written by another copy of the package (or by hand) skipped @OnHook's check.
        assertHookEventName(eventName, 'Hooks.from()');
        hooks.#events.add(eventName);
      }
      hooks.#add(eventName, handler);
    }
    return hooks;
  }

  /** A new set: each event's handlers from `sets` in argument order (duplicates kept). */
  static combine<Sets extends readonly AnyHooks[]>(...sets: Sets): Hooks<CombinedEvents<Sets>> {
    const combined = new Hooks<CombinedEvents<Sets>>();
    combined.#merge(sets);
    return combined;
  }

  /** Registers `handler` for `name`, after the handlers already there. */
  on<K extends HookEventName<E>>(name: K, handler: HookHandler<HookPayload<E, K>>): this {
    const eventName = this.#check(name);
    if (typeof handler !== 'function') {
      throw new ConfigurationError({
        message: `Hooks.on('${eventName}'): the handler must be a function.`,
      });
    }
    this.#add(eventName, handler as StoredHandler);
    return this;
  }

  /**
   * Removes one registration of `handler` for `name`: the earliest one (as Python instructor
   * does). Does nothing when it is not registered.
   */
  off<K extends HookEventName<E>>(name: K, handler: HookHandler<HookPayload<E, K>>): this {
    const eventName = this.#check(name);
    const handlers = this.#handlers.get(eventName);
    if (handlers === undefined) return this;
    const index = handlers.indexOf(handler as StoredHandler);
    if (index === -1) return this;
    if (handlers.length === 1) this.#handlers.delete(eventName);
    else this.#handlers.set(eventName, [...handlers.slice(0, index), ...handlers.slice(index + 1)]);
    return this;
  }

  /** Removes every handler of `name`, or of every event when no name is given. */
  clear(name?: HookEventName<E>): void {
    if (name === undefined) this.#handlers.clear();
    else this.#handlers.delete(this.#check(name));
  }

  /** True when `name` has at least one handler. */
  hasHandlers(name: HookEventName<E>): boolean {
    return this.#handlers.has(this.#check(name));
  }

  /** How many handlers `name` has, or all events together when no name is given. */
  handlerCount(name?: HookEventName<E>): number {
    if (name !== undefined) return this.#handlers.get(this.#check(name))?.length ?? 0;
    let count = 0;
    for (const handlers of this.#handlers.values()) count += handlers.length;
    return count;
  }

  /**
   * Runs the handlers of `name` with `payload`, in order, awaiting each returned promise; the
   * handlers before the first promise run before `emit` returns. Never rejects; throws (a
   * `ConfigurationError`, synchronously) only for a name this set does not accept.
   * With no handler it is one map lookup returning a shared resolved promise; check `hasHandlers`
   * first when building the payload itself costs something (e.g. copying the request params).
   */
  emit<K extends HookEventName<E>>(name: K, ...payload: HookPayload<E, K>): Promise<void> {
    const handlers = this.#handlers.get(name);
    if (handlers === undefined) {
      this.#check(name);
      return resolved;
    }
    return runHandlers(name, handlers, payload, 0);
  }

  /** A new set with these handlers, followed by each of `others`' (duplicates kept). */
  combine<Others extends readonly AnyHooks[]>(
    ...others: Others
  ): Hooks<E & CombinedEvents<Others>> {
    const combined = new Hooks<E & CombinedEvents<Others>>();
    combined.#merge([this, ...others]);
    return combined;
  }

  /** A new set with the same events and handlers; changing either leaves the other as it is. */
  copy(): Hooks<E> {
    const copy = new Hooks<E>();
    copy.#merge([this]);
    return copy;
  }

  #add(eventName: string, handler: StoredHandler): void {
    const handlers = this.#handlers.get(eventName);
    this.#handlers.set(eventName, handlers === undefined ? [handler] : [...handlers, handler]);
  }

  #contents(): HooksContents {
    return { events: [...this.#events], handlers: [...this.#handlers] };
  }

  #merge(sets: readonly AnyHooks[]): void {
    for (const set of sets) {
      if (!Hooks.isInstance(set)) {
        throw new ConfigurationError({
          message: `Hooks.combine() takes Hooks instances, got ${set === null ? 'null' : typeof set}.`,
        });
      }
      const contents = readHooksContents(set);
      for (const eventName of contents.events) this.#events.add(eventName);
      for (const [eventName, handlers] of contents.handlers) {
        const current = this.#handlers.get(eventName);
        this.#handlers.set(eventName, current === undefined ? handlers : [...current, ...handlers]);
      }
    }
  }

  #check(name: unknown): string {
    if (typeof name === 'string' && (isBuiltInHookName(name) || this.#events.has(name))) {
      return name;
    }
    const valid = [...BUILT_IN_HOOK_NAMES, ...this.#events].join(', ');
    throw new ConfigurationError({
      message: `Unknown hook event '${String(name)}'. Valid events: ${valid}.`,
    });
  }
}
