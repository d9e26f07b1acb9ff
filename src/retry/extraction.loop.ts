import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import {
  ConfigurationError,
  InstructorRetryException,
  ValidationError,
  type FailedAttempt,
  type RetryStopReason,
} from '../errors';
import { HookName, type AttemptInfo, type Hooks } from '../hooks';
import type { ExtractedPayload, ModeStrategy } from '../modes';
import type { ResponseTarget } from '../response-model';
import { completionFailure } from './completion-outcome';
import { ReaskHistory, type ReaskPolicy } from './reask-policy';
import { addUsage, emptyUsage } from './usage';

/** Sends one request through the SDK; rejects with a `ProviderError` when the call fails. */
export type CompletionSender = (
  params: ChatCompletionCreateParamsNonStreaming,
) => Promise<ChatCompletion>;

export interface ExtractionRequest<T> {
  /** Request params without the mode's parts; `messages` is the caller's array and is never mutated. */
  params: ChatCompletionCreateParamsNonStreaming;
  /** What to extract; `null` returns the raw completion after one attempt. */
  target: ResponseTarget<T> | null;
  strategy: ModeStrategy;
  maxRetries: number;
  /** Re-ask history and early stops (repeated errors, token budget). */
  reask: ReaskPolicy;
  hooks: Hooks;
  context: unknown;
  send: CompletionSender;
  /**
   * The call's abort signal: an abort ends the call even while a hook handler is pending (the
   * handler runs on, unawaited) and rejects with `abortError()`.
   */
  signal?: AbortSignal | undefined;
  abortError: () => Error;
}

/** What a successful extraction resolves to (`createWithCompletion`'s result). */
export interface ExtractionResult<T> {
  /** The validated result. */
  data: T;
  /** The completion the result came from (the last attempt's). */
  completion: ChatCompletion;
  /** Token usage summed over every attempt. */
  usage: CompletionUsage;
  /** How many attempts the call took (1 = no re-ask). */
  attempts: number;
}

/**
 * The retry loop: ask, parse, re-ask with the latest errors until the reply validates or
 * `maxRetries` re-asks are spent. Knows modes only through {@link ModeStrategy}.
 */
export async function runExtraction<T>(
  request: ExtractionRequest<T>,
): Promise<ExtractionResult<T>> {
  const { params, target, strategy, hooks, context, send, signal } = request;
  // Waits for a hook emission unless the call is aborted meanwhile, then throws the abort error.
  const emitted = async (emission: Promise<void>): Promise<void> => {
    await settledOrAborted(emission, signal);
    if (signal?.aborted) throw request.abortError();
  };
  const fail = (error: Error, attempt: AttemptInfo, isCompletionError: boolean) =>
    failCall(hooks, signal, error, attempt, isCompletionError);
  const maxAttempts = target ? request.maxRetries + 1 : 1;
  const failedAttempts: FailedAttempt[] = [];
  const history = new ReaskHistory(params.messages, request.reask);
  let messages = history.firstMessages;
  let usage = emptyUsage();

  for (let attemptNumber = 1; ; attemptNumber++) {
    const attempt: AttemptInfo = {
      attemptNumber,
      maxAttempts,
      isLastAttempt: attemptNumber === maxAttempts,
    };
    // Built outside the try: a ConfigurationError here (bad schema) precedes any request and hook.
    const body = target
      ? strategy.buildRequest({ ...params, messages }, target)
      : { ...params, messages };

    // A copy of exactly what goes on the wire (JSON): a handler that edits it changes nothing.
    let completion: ChatCompletion;
    try {
      if (hooks.hasHandlers(HookName.COMPLETION_KWARGS)) {
        await emitted(
          hooks.emit(
            HookName.COMPLETION_KWARGS,
            JSON.parse(JSON.stringify(body)) as ChatCompletionCreateParamsNonStreaming,
          ),
        );
      }
      completion = await send(body);
      usage = addUsage(usage, completion.usage);
      // Awaiting only when someone listens keeps a call without hooks free of extra ticks.
      if (hooks.hasHandlers(HookName.COMPLETION_RESPONSE)) {
        await emitted(hooks.emit(HookName.COMPLETION_RESPONSE, completion));
      }
      if (hooks.hasHandlers(HookName.COMPLETION_USAGE)) {
        await emitted(hooks.emit(HookName.COMPLETION_USAGE, usage, attempt));
      }
    } catch (error) {
      throw await fail(toError(error), attempt, true);
    }

    if (!target) return { data: completion as T, completion, usage, attempts: attemptNumber };

    const failure = completionFailure(completion);
    if (failure) throw await fail(failure, attempt, true);

    let payload: ExtractedPayload | undefined;
    let error: ValidationError;
    try {
      payload = strategy.extractPayload(completion, target);
      const data = await target.parse(payload.value, payload.rawText, context);
      return { data, completion, usage, attempts: attemptNumber };
    } catch (caught) {
      if (ConfigurationError.isInstance(caught)) throw await fail(caught, attempt, false);
      error = asValidationError(caught, payload?.rawText ?? '');
    }
    failedAttempts.push({ attemptNumber, error, completion });
    history.record(error, strategy.buildReask(completion, error));
    // Decided before parse:error, so its `isLastAttempt` is true when no re-ask follows.
    const stop = attempt.isLastAttempt ? 'max_retries' : history.earlyStop(usage);
    const failedAttempt: AttemptInfo = stop ? { ...attempt, isLastAttempt: true } : attempt;
    try {
      await emitted(hooks.emit(HookName.PARSE_ERROR, error, failedAttempt));
    } catch (aborted) {
      throw await fail(toError(aborted), attempt, true);
    }
    if (stop) {
      await settledOrAborted(
        hooks.emit(HookName.COMPLETION_LAST_ATTEMPT, error, failedAttempt),
        signal,
      );
      throw new InstructorRetryException({
        message: `${stopSummary(stop, attemptNumber, history, request.reask, usage)} Last error: ${error.message}`,
        reason: stop,
        cause: error,
        nAttempts: attemptNumber,
        lastCompletion: completion,
        totalUsage: usage,
        failedAttempts,
      });
    }
    messages = history.nextMessages();
  }
}

function stopSummary(
  reason: RetryStopReason,
  attempts: number,
  history: ReaskHistory,
  policy: ReaskPolicy,
  usage: CompletionUsage,
): string {
  const made = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  switch (reason) {
    case 'max_retries':
      return `No valid reply after ${made}.`;
    case 'repeated_errors':
      return `No valid reply after ${made}: the same errors came back ${history.repeatedErrors} times in a row (reask.stopAfterRepeatedErrors: ${policy.stopAfterRepeatedErrors}).`;
    case 'token_budget':
      return `No valid reply after ${made}: ${usage.total_tokens} tokens used of a budget of ${policy.maxTotalTokens} (maxTotalTokens).`;
  }
}

/** Reports an error that ends the call for good and returns it for the caller to throw. */
async function failCall(
  hooks: Hooks,
  signal: AbortSignal | undefined,
  error: Error,
  attempt: AttemptInfo,
  isCompletionError: boolean,
): Promise<Error> {
  // No re-ask follows an error that ends the call, whatever the retry budget had left.
  const finalAttempt: AttemptInfo = { ...attempt, isLastAttempt: true };
  if (isCompletionError) {
    await settledOrAborted(hooks.emit(HookName.COMPLETION_ERROR, error, finalAttempt), signal);
  }
  await settledOrAborted(hooks.emit(HookName.COMPLETION_LAST_ATTEMPT, error, finalAttempt), signal);
  return error;
}

/**
 * Resolves when `emission` settles or `signal` aborts, whichever comes first (an aborted call
 * does not wait for a slow handler; synchronous handlers have run by the time `emit` returns).
 */
function settledOrAborted(emission: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return emission;
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
    void emission.then(done);
  });
}

/**
 * A custom constraint or transformer that throws on an unexpected shape is a bad reply like any
 * other: it becomes a ValidationError (re-asked), with the thrown error as cause.
 */
function asValidationError(caught: unknown, rawText: string): ValidationError {
  if (ValidationError.isInstance(caught)) return caught;
  const reason = caught instanceof Error ? caught.message : String(caught);
  return new ValidationError({
    message: `Validating the reply threw: ${reason}`,
    rawText,
    cause: caught,
  });
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
