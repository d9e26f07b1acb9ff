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

/**
 * `onValue` of what `run` returns, or `onError` of what it throws — synchronously when `run`
 * answers synchronously, through a promise when it returns one (a rejection goes to `onError`).
 * The synchronous paths of a read pay for no promise; the asynchronous ones behave like `await`.
 */
export function settle<T, R>(
  run: () => T | PromiseLike<T>,
  onValue: (value: T) => R,
  onError: (error: unknown) => R = rethrow,
): R | Promise<R> {
  let result: T | PromiseLike<T>;
  try {
    result = run();
  } catch (error) {
    return onError(error);
  }
  return isThenable<T>(result) ? Promise.resolve(result).then(onValue, onError) : onValue(result);
}

function rethrow(error: unknown): never {
  throw error;
}
