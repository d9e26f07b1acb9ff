import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { hasMarker, InstructorError, markAs } from './instructor.error';
import type { ValidationError } from './validation.error';

const marker = Symbol.for('class-instructor.error.InstructorRetryException');

/** One attempt that ended in a parse or validation failure. */
export interface FailedAttempt {
  /** 1-based number of the attempt. */
  attemptNumber: number;
  /** Why the attempt failed. */
  error: ValidationError;
  /** The completion the attempt received. */
  completion: ChatCompletion;
}

/**
 * Why the re-asks stopped: `max_retries` (every attempt was used), `repeated_errors` (the same
 * errors came back `reask.stopAfterRepeatedErrors` times in a row), `token_budget` (usage over
 * the call's attempts reached `maxTotalTokens`).
 */
export type RetryStopReason = 'max_retries' | 'repeated_errors' | 'token_budget';

export interface InstructorRetryExceptionOptions {
  message: string;
  /** @default 'max_retries' */
  reason?: RetryStopReason;
  cause: Error;
  nAttempts: number;
  lastCompletion: ChatCompletion;
  totalUsage: CompletionUsage;
  failedAttempts: readonly FailedAttempt[];
}

/** Every attempt failed to parse or validate; re-asks are exhausted. `cause` is the last error. */
export class InstructorRetryException extends InstructorError {
  /** The last attempt's error (the `ValidationError` that was not fixed). */
  declare readonly cause: Error;
  /** Why no further attempt was made. */
  readonly reason: RetryStopReason;
  /** How many attempts were made (`maxRetries + 1` unless the re-asks stopped early). */
  readonly nAttempts: number;
  /** The completion of the last attempt. */
  readonly lastCompletion: ChatCompletion;
  /** Token usage summed over every attempt. */
  readonly totalUsage: CompletionUsage;
  /** Each failed attempt in order, with its error and completion. */
  readonly failedAttempts: readonly FailedAttempt[];

  constructor(options: InstructorRetryExceptionOptions) {
    super({ message: options.message, cause: options.cause });
    markAs(this, marker);
    this.reason = options.reason ?? 'max_retries';
    this.nAttempts = options.nAttempts;
    this.lastCompletion = options.lastCompletion;
    this.totalUsage = options.totalUsage;
    this.failedAttempts = options.failedAttempts;
  }

  static override isInstance(value: unknown): value is InstructorRetryException {
    return hasMarker(value, marker);
  }
}
