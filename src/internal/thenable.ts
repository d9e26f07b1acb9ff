/**
 * True for a promise of any realm or library: async functions return the engine's own promises
 * even where `globalThis.Promise` was replaced (zone.js, bluebird), so `instanceof Promise`
 * cannot tell. What `await` adopts, this accepts.
 */
export function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
