import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import {
  InstructorRetryException,
  type FailedAttempt,
  type RetryStopReason,
  type ValidationError,
} from '../errors';
import { HookName, type AttemptInfo, type Hooks } from '../hooks';
import { isThenable } from '../internal';
import type { AttemptInput, AttemptOutcome, AttemptRunner } from './attempt';
import type { CompletionTransport } from './completion.transport';
import type { Extraction } from './extraction';
import { ReaskHistory, type ReaskPolicy } from './reask-policy';
import { emptyUsage } from './usage';

/** Everything one call needs, whatever shape (`create`, `createPartial`, ...) it is returned in. */
export interface CallPlan<T> {
  /** Request params without the mode's parts; `messages` is the caller's array, never mutated. */
  params: ChatCompletionCreateParamsNonStreaming;
  extraction: Extraction<T>;
  maxRetries: number;
  reask: ReaskPolicy;
  hooks: Hooks;
  context: unknown;
  transport: CompletionTransport;
}

/** What a successful call resolves to (`createWithCompletion`'s result). */
export interface ExtractionResult<T> {
  /** The validated result. */
  data: T;
  /** The completion the result came from (the last attempt's; for streams, assembled). */
  completion: ChatCompletion;
  /** Token usage summed over every attempt. */
  usage: CompletionUsage;
  /** How many attempts the call took (1 = no re-ask). */
  attempts: number;
}

/** Where a running call is, for consumers that tell values apart by attempt. */
export interface CallProgress {
  /** The attempt now running (1-based); values yielded since it started belong to it. */
  attemptNumber: number;
}

/**
 * The driver of every call: runs attempts until one succeeds, owns the budget, the re-ask
 * messages, `parse:error` / `completion:last_attempt`, `completion:error` for the errors that
 * end the call, and `InstructorRetryException`. Yields what the attempts yield (partial values,
 * list elements); returns the result.
 */
export async function* driveCall<T, Y>(
  plan: CallPlan<T>,
  runAttempt: AttemptRunner<T, Y>,
  progress: CallProgress = { attemptNumber: 0 },
): AsyncGenerator<Y, ExtractionResult<T>> {
  const { extraction, hooks, transport } = plan;
  const signal = transport.signal;
  const emitted = async (emission: Promise<void>): Promise<void> => {
    await settledOrAborted(emission, signal);
    if (signal?.aborted) throw transport.abortError();
  };
  const maxAttempts = extraction.reaskable ? plan.maxRetries + 1 : 1;
  const failedAttempts: FailedAttempt[] = [];
  const history = new ReaskHistory(plan.params.messages, plan.reask);
  let usage = emptyUsage();

  for (let attemptNumber = 1; ; attemptNumber++) {
    progress.attemptNumber = attemptNumber;
    const attempt: AttemptInfo = {
      attemptNumber,
      maxAttempts,
      isLastAttempt: attemptNumber === maxAttempts,
    };
    const input: AttemptInput<T> = {
      extraction,
      // The first attempt sends the caller's messages, which the plan's params already hold.
      params:
        attemptNumber === 1 ? plan.params : { ...plan.params, messages: history.nextMessages() },
      attempt,
      usageBefore: usage,
      hooks,
      transport,
      context: plan.context,
      emitted,
    };
    const running = runAttempt(input);
    // A plain completion's attempt has nothing to yield: no generator to step through.
    const outcome = isThenable<AttemptOutcome<T>>(running) ? await running : yield* running;
    usage = outcome.usage;

    if (outcome.kind === 'success') {
      return { data: outcome.data, completion: outcome.completion, usage, attempts: attemptNumber };
    }
    if (outcome.kind === 'fail') {
      // No re-ask follows an error that ends the call, whatever the budget had left.
      const finalAttempt: AttemptInfo = { ...attempt, isLastAttempt: true };
      if (outcome.completionError) {
        await hooks.emit(HookName.COMPLETION_ERROR, outcome.error, finalAttempt);
      }
      await hooks.emit(HookName.COMPLETION_LAST_ATTEMPT, outcome.error, finalAttempt);
      throw outcome.error;
    }

    const { error, completion } = outcome;
    failedAttempts.push({ attemptNumber, error, completion });
    history.record(error, outcome.reask);
    // Decided before parse:error, so its `isLastAttempt` is true when no re-ask follows.
    const stop: RetryStopReason | undefined = attempt.isLastAttempt
      ? 'max_retries'
      : history.earlyStop(usage);
    const failedAttempt: AttemptInfo = stop ? { ...attempt, isLastAttempt: true } : attempt;
    try {
      await emitted(hooks.emit(HookName.PARSE_ERROR, error, failedAttempt));
    } catch (aborted) {
      const finalAttempt: AttemptInfo = { ...attempt, isLastAttempt: true };
      const abortError = aborted as Error;
      await hooks.emit(HookName.COMPLETION_ERROR, abortError, finalAttempt);
      await hooks.emit(HookName.COMPLETION_LAST_ATTEMPT, abortError, finalAttempt);
      throw abortError;
    }
    if (stop) {
      await hooks.emit(HookName.COMPLETION_LAST_ATTEMPT, error, failedAttempt);
      throw retryException(stop, attemptNumber, error, history, plan.reask, usage, failedAttempts);
    }
  }
}

/** Runs a call that yields nothing to its end (`create`, `createWithCompletion`). */
export async function finishCall<T>(
  calls: AsyncGenerator<never, ExtractionResult<T>>,
): Promise<ExtractionResult<T>> {
  const step = await calls.next();
  // A non-streaming attempt yields nothing: the first step is the end.
  return step.value;
}

function retryException(
  reason: RetryStopReason,
  attempts: number,
  error: ValidationError,
  history: ReaskHistory,
  policy: ReaskPolicy,
  usage: CompletionUsage,
  failedAttempts: readonly FailedAttempt[],
): InstructorRetryException {
  const made = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  const why =
    reason === 'repeated_errors'
      ? `: the same errors came back ${history.repeatedErrors} times in a row (reask.stopAfterRepeatedErrors: ${policy.stopAfterRepeatedErrors})`
      : reason === 'token_budget'
        ? `: ${usage.total_tokens} tokens used of a budget of ${policy.maxTotalTokens} (maxTotalTokens)`
        : '';
  return new InstructorRetryException({
    message: `No valid reply after ${made}${why}. Last error: ${error.message}`,
    reason,
    cause: error,
    nAttempts: attempts,
    lastCompletion: failedAttempts[failedAttempts.length - 1]!.completion,
    totalUsage: usage,
    failedAttempts,
  });
}

/**
 * Resolves when `emission` settles or `signal` aborts, whichever comes first: a handler still
 * pending when the call is aborted (even one that aborted it) is not waited for, it runs on.
 * Only the emissions of a running attempt go through here; those that end a call
 * (`completion:error`, `completion:last_attempt`) are awaited in full, as in any call.
 */
export function settledOrAborted(
  emission: Promise<void>,
  signal: AbortSignal | undefined,
): Promise<void> {
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
