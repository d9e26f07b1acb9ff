import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { ValidationError } from '../errors';

/** Where a call stands in its retry loop when an attempt-scoped event fires. */
export interface AttemptInfo {
  /** The attempt in progress, 1-based. */
  readonly attemptNumber: number;
  /** Total attempts the call may make (`maxRetries + 1`). */
  readonly maxAttempts: number;
  /** True when no re-ask will follow this attempt. */
  readonly isLastAttempt: boolean;
}

/**
 * The built-in events and what their handlers receive, as labelled parameter tuples.
 * A custom event map has the same shape: `{ 'order:placed': [order: Order, source: string] }`.
 */
export interface InstructorHookEvents {
  /** A copy of the exact params about to be sent to the SDK. */
  'completion:kwargs': [kwargs: ChatCompletionCreateParams];
  /** The raw completion (for streams: the final assembled one). */
  'completion:response': [response: ChatCompletion];
  /** An error of the call itself: provider error, truncation, refusal. */
  'completion:error': [error: Error, attempt: AttemptInfo];
  /** The reply did not parse or did not validate. */
  'parse:error': [error: ValidationError, attempt: AttemptInfo];
  /** The call is about to fail for good, with the error that ended its last attempt. */
  'completion:last_attempt': [error: Error, attempt: AttemptInfo];
  /** Usage summed over all attempts so far, after each response. */
  'completion:usage': [usage: CompletionUsage, attempt: AttemptInfo];
}

/**
 * The constraint on a custom event map `E`: every event name maps to its handler's parameters.
 * Declare one as an interface or a type: `interface AppEvents { 'cache:hit': [key: string] }`.
 */
export type HookEventMap<E> = { readonly [K in keyof E]: readonly unknown[] };

/** The event map of a set with no custom events. */
export type NoCustomHookEvents = Record<never, never>;

/** Every event a `Hooks<E>` accepts: the built-in ones, then `E`'s (which cannot redefine them). */
export type HookEvents<E = NoCustomHookEvents> = InstructorHookEvents &
  Omit<E, keyof InstructorHookEvents>;

/** A name a `Hooks<E>` accepts: a built-in name (string or `HookName` member) or a key of `E`. */
export type HookEventName<E = NoCustomHookEvents> = keyof HookEvents<E> & string;

/** What a handler of event `K` receives. */
export type HookPayload<E, K extends HookEventName<E>> = Extract<
  HookEvents<E>[K],
  readonly unknown[]
>;

/**
 * A hook handler. It may return a promise, which is awaited before the next handler runs; any
 * other return value is ignored.
 */
export type HookHandler<Args extends readonly unknown[]> = (...args: Args) => unknown;

/** The handler of event `K` (for a union of names: a handler of any one of them). */
export type HookHandlerFor<E, K extends HookEventName<E>> = K extends unknown
  ? HookHandler<HookPayload<E, K>>
  : never;
