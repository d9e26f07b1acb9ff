import type { StoredHandler } from './hook-runner';

/**
 * Marks a `Hooks` of any copy of the package (a registry symbol, so it survives two copies). Its
 * value reads the set's contents, which another copy cannot reach through `#` fields. The shape of
 * {@link HooksContents} is shared with every copy: change it only with a new key.
 */
const marker = Symbol.for('class-instructor.Hooks');

/** What a set's marker returns. The arrays are never mutated, by either side. */
export interface HooksContents {
  /** Declared custom event names. */
  readonly events: readonly string[];
  /** Handlers per event, in registration order. */
  readonly handlers: readonly (readonly [eventName: string, handlers: readonly StoredHandler[]])[];
}

type Marked = Record<typeof marker, () => HooksContents>;

/** Tags `hooks` as a `Hooks` (non-enumerable, so it stays out of logs and spreads). */
export function markHooks(hooks: object, read: () => HooksContents): void {
  Object.defineProperty(hooks, marker, { value: read });
}

/** True when `value` carries the marker of a `Hooks` from any copy of the package. */
export function hasHooksMarker(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Marked>)[marker] === 'function'
  );
}

/** The contents of a set that {@link hasHooksMarker}. */
export function readHooksContents(hooks: object): HooksContents {
  return (hooks as Marked)[marker]();
}
