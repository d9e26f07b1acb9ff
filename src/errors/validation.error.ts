import type { ValidationError as ClassValidatorError } from 'class-validator';
import { hasMarker, InstructorError, markAs } from './instructor.error';

const marker = Symbol.for('class-instructor.error.ValidationError');

export interface ValidationErrorOptions {
  message: string;
  cause?: unknown;
  /** class-validator's errors; empty when the reply was not even valid JSON. */
  errors?: readonly ClassValidatorError[];
  /** The text the model produced, as received. */
  rawText: string;
}

/** A reply did not parse or did not validate against the response model. */
export class ValidationError extends InstructorError {
  /** class-validator's errors; empty for JSON that did not parse or a reply with no payload. */
  readonly errors: readonly ClassValidatorError[];
  /** The text the model produced (tool arguments or message content), as received. */
  readonly rawText: string;

  constructor({ message, cause, errors = [], rawText }: ValidationErrorOptions) {
    super({ message, cause });
    markAs(this, marker);
    this.errors = errors;
    this.rawText = rawText;
  }

  static override isInstance(value: unknown): value is ValidationError {
    return hasMarker(value, marker);
  }
}
