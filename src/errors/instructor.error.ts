const marker = Symbol.for('class-instructor.error.InstructorError');

/** Options every class-instructor error accepts. */
export interface InstructorErrorOptions {
  /** Human-readable description of what went wrong. */
  message: string;
  /** The error that caused this one, if any. */
  cause?: unknown;
}

/**
 * Base class of every error class-instructor throws.
 * `instanceof` works within one copy of the package; `isInstance` also works across copies.
 */
export class InstructorError extends Error {
  constructor({ message, cause }: InstructorErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    markAs(this, marker);
    this.name = new.target.name;
  }

  /** True when `value` is an InstructorError from any copy of the package. */
  static isInstance(value: unknown): value is InstructorError {
    return hasMarker(value, marker);
  }
}

/** True when `value` is an object carrying the given error marker. @internal */
export function hasMarker(value: unknown, symbol: symbol): boolean {
  return typeof value === 'object' && value !== null && symbol in value;
}

/** Tags an error with its class marker (non-enumerable, so it stays out of logs). @internal */
export function markAs(error: Error, symbol: symbol): void {
  Object.defineProperty(error, symbol, { value: true });
}
