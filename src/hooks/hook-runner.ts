import { reportHookError } from './hook-warning';

/** A handler as stored, whatever its event. */
export type StoredHandler = (...args: readonly unknown[]) => unknown;

/** What `emit` returns when nothing is left to wait for: one promise, shared, never rejecting. */
export const resolved: Promise<void> = Promise.resolve();

/**
 * Runs `handlers` from `start` with `payload`: synchronously until one returns a promise-like,
 * then after it settles. A handler that throws or rejects is reported and skipped; the returned
 * promise never rejects.
 */
export function runHandlers(
  eventName: string,
  handlers: readonly StoredHandler[],
  payload: readonly unknown[],
  start: number,
): Promise<void> {
  for (let index = start; index < handlers.length; index++) {
    const handler = handlers[index]!;
    try {
      const result = handler(...payload);
      if (isPromiseLike(result)) return settle(eventName, handlers, payload, index, result);
    } catch (error) {
      reportHookError(eventName, error, false);
    }
  }
  return resolved;
}

async function settle(
  eventName: string,
  handlers: readonly StoredHandler[],
  payload: readonly unknown[],
  index: number,
  pending: PromiseLike<unknown>,
): Promise<void> {
  try {
    await pending;
  } catch (error) {
    reportHookError(eventName, error, true);
  }
  return runHandlers(eventName, handlers, payload, index + 1);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
