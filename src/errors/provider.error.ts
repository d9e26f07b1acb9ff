import { hasMarker, InstructorError, markAs } from './instructor.error';

const marker = Symbol.for('class-instructor.error.ProviderError');

export interface ProviderErrorOptions {
  message: string;
  /** The SDK error. */
  cause: unknown;
  provider: string;
  status?: number;
  requestId?: string;
  /** The provider's error code (`error.code` of its error body), when it sent one. */
  code?: string;
}

/**
 * The SDK call itself failed: an HTTP error status, a refused connection, a timeout or an abort.
 * Never re-asked (the SDK has already applied its own HTTP retries).
 */
export class ProviderError extends InstructorError {
  /** The provider the call went to, e.g. `openai`. */
  readonly provider: string;
  /** HTTP status of the failed response; undefined for connection errors, timeouts and aborts. */
  readonly status?: number;
  /** The provider's request id (`x-request-id`), when the response carried one. */
  readonly requestId?: string;
  /** The provider's error code (e.g. `rate_limit_exceeded`), when its error body had one. */
  readonly code?: string;

  constructor({ message, cause, provider, status, requestId, code }: ProviderErrorOptions) {
    super({ message, cause });
    markAs(this, marker);
    this.provider = provider;
    if (status !== undefined) this.status = status;
    if (requestId !== undefined) this.requestId = requestId;
    if (code !== undefined) this.code = code;
  }

  static override isInstance(value: unknown): value is ProviderError {
    return hasMarker(value, marker);
  }
}
