import type {
  ChatCompletion,
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import {
  ConfigurationError,
  IncompleteOutputException,
  RefusalError,
  ValidationError,
} from '../errors';
import { HookName, type AttemptInfo, type Hooks } from '../hooks';
import { settle } from '../internal';
import type { CompletionTransport } from './completion.transport';
import { asValidationError, type Extraction } from './extraction';
import { addUsage } from './usage';

/** How one attempt ended: the driver decides what follows. */
export type AttemptOutcome<T> =
  | { kind: 'success'; data: T; completion: ChatCompletion; usage: CompletionUsage }
  | {
      kind: 'reask';
      error: ValidationError;
      completion: ChatCompletion;
      usage: CompletionUsage;
      /** The messages that echo this reply and ask for a correction. */
      reask: ChatCompletionMessageParam[];
    }
  | {
      kind: 'fail';
      error: Error;
      /** True for errors of the call itself (`completion:error` fires): provider, truncation, refusal. */
      completionError: boolean;
      usage: CompletionUsage;
    };

/** What every attempt gets from the driver. */
export interface AttemptInput<T> {
  extraction: Extraction<T>;
  /** The request params of this attempt, its messages included (mode parts not yet added). */
  params: ChatCompletionCreateParamsNonStreaming;
  attempt: AttemptInfo;
  /** Usage summed over the earlier attempts. */
  usageBefore: CompletionUsage;
  hooks: Hooks;
  transport: CompletionTransport;
  context: unknown;
  /** Waits for a hook emission, or throws the abort error once the call is aborted. */
  emitted(emission: Promise<void>): Promise<void>;
}

/**
 * Runs one attempt: a streamed one yields values while it streams, a plain completion (nothing
 * to yield) is a promise of its outcome.
 */
export type AttemptRunner<T, Y> = (
  input: AttemptInput<T>,
) => AsyncGenerator<Y, AttemptOutcome<T>> | Promise<AttemptOutcome<T>>;

/**
 * One non-streaming attempt: build → `completion:kwargs` → send → `completion:response` /
 * `completion:usage` → finish-reason checks → extract → parse.
 */
export async function completionAttempt<T>(input: AttemptInput<T>): Promise<AttemptOutcome<T>> {
  const { extraction, transport, attempt } = input;
  // Outside any catch: a ConfigurationError here (bad schema) precedes every request and hook.
  const body = extraction.request(input.params);
  let usage = input.usageBefore;
  let completion: ChatCompletion;
  try {
    if (listensToKwargs(input)) await emitKwargs(input, body);
    completion = await transport.complete(body);
    usage = addUsage(usage, completion.usage);
    if (listensToResponse(input)) await emitResponse(input, completion, usage, attempt);
  } catch (error) {
    return { kind: 'fail', error: toError(error), completionError: true, usage };
  }
  return readOutcome(input, completion, usage, () => extraction.read(completion, input.context));
}

// Checked before calling the emitters: an async call that returns at once still costs a promise
// and a turn of the microtask queue on every request.
export function listensToKwargs(input: AttemptInput<unknown>): boolean {
  return input.hooks.hasHandlers(HookName.COMPLETION_KWARGS);
}

export function listensToResponse(input: AttemptInput<unknown>): boolean {
  const { hooks } = input;
  return (
    hooks.hasHandlers(HookName.COMPLETION_RESPONSE) || hooks.hasHandlers(HookName.COMPLETION_USAGE)
  );
}

/** `completion:kwargs` with a copy of exactly what goes on the wire (call when someone listens). */
export async function emitKwargs(
  input: AttemptInput<unknown>,
  body: ChatCompletionCreateParams,
): Promise<void> {
  // A JSON copy: a handler that edits it changes nothing on the wire.
  const copy = JSON.parse(JSON.stringify(body)) as ChatCompletionCreateParamsNonStreaming;
  await input.emitted(input.hooks.emit(HookName.COMPLETION_KWARGS, copy));
}

/** `completion:response` then `completion:usage`, each awaited only when someone listens. */
export async function emitResponse(
  input: AttemptInput<unknown>,
  completion: ChatCompletion,
  usage: CompletionUsage,
  attempt: AttemptInfo,
): Promise<void> {
  const { hooks } = input;
  if (hooks.hasHandlers(HookName.COMPLETION_RESPONSE)) {
    await input.emitted(hooks.emit(HookName.COMPLETION_RESPONSE, completion));
  }
  if (hooks.hasHandlers(HookName.COMPLETION_USAGE)) {
    await input.emitted(hooks.emit(HookName.COMPLETION_USAGE, usage, attempt));
  }
}

/**
 * The outcome of reading a completion: its result, or what the read threw classified (the call's
 * own error, a re-ask, or a bad setup). Synchronous when the read is.
 */
export function readOutcome<T>(
  input: AttemptInput<T>,
  completion: ChatCompletion,
  usage: CompletionUsage,
  read: () => T | Promise<T>,
): AttemptOutcome<T> | Promise<AttemptOutcome<T>> {
  const success = (data: T): AttemptOutcome<T> => ({ kind: 'success', data, completion, usage });
  const failure = (caught: unknown): AttemptOutcome<T> => {
    if (IncompleteOutputException.isInstance(caught) || RefusalError.isInstance(caught)) {
      return { kind: 'fail', error: caught, completionError: true, usage };
    }
    if (ConfigurationError.isInstance(caught)) {
      return { kind: 'fail', error: caught, completionError: false, usage };
    }
    const error = asValidationError(caught, '');
    return reaskOutcome(input, error, completion, usage);
  };
  return settle(read, success, failure);
}

export function reaskOutcome<T>(
  input: AttemptInput<T>,
  error: ValidationError,
  completion: ChatCompletion,
  usage: CompletionUsage,
  instruction?: string,
): AttemptOutcome<T> {
  const reask = input.extraction.reask(completion, error, instruction);
  return { kind: 'reask', error, completion, usage, reask };
}

export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
