import { AsyncLocalStorage } from 'node:async_hooks';

// class-validator has no per-call context. Synchronous validation (the common case) reads it from
// a slot set around the call: cheap. Trees with async constraints need it to survive `await`, so
// they use AsyncLocalStorage — only then, since on Node 20 enabling it slows every promise.
let syncContext: { context: unknown } | undefined;
let asyncStorage: AsyncLocalStorage<{ context: unknown }> | undefined;

/**
 * The `context` passed to the current `create()` call, for custom class-validator constraints.
 * Returns undefined outside validation or when the call passed no context.
 *
 * @example
 * validate(value: string) { return getValidationContext<{ banned: string[] }>()?.banned.includes(value) !== true; }
 */
export function getValidationContext<T = unknown>(): T | undefined {
  return (syncContext ?? asyncStorage?.getStore())?.context as T | undefined;
}

/** Runs synchronous `fn` with `context` visible to {@link getValidationContext}. */
export function runWithValidationContext<R>(context: unknown, fn: () => R): R {
  const previous = syncContext;
  syncContext = { context };
  try {
    return fn();
  } finally {
    syncContext = previous;
  }
}

/** Runs async `fn` with `context` visible to {@link getValidationContext} across its awaits. */
export function runWithAsyncValidationContext<R>(
  context: unknown,
  fn: () => Promise<R>,
): Promise<R> {
  asyncStorage ??= new AsyncLocalStorage();
  // The sync slot is cleared so an outer synchronous validation cannot leak into this one.
  const previous = syncContext;
  syncContext = undefined;
  try {
    return asyncStorage.run({ context }, fn);
  } finally {
    syncContext = previous;
  }
}
