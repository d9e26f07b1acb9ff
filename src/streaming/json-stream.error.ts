import {
  hasMarker,
  InstructorError,
  markAs,
  type InstructorErrorOptions,
} from '../errors/instructor.error';

const marker = Symbol.for('class-instructor.error.JsonStreamError');

export interface JsonStreamErrorOptions extends InstructorErrorOptions {
  /** Index in the whole streamed text (all deltas joined) of the offending character. */
  position: number;
}

/**
 * Streamed text is not valid JSON: a character that cannot appear where it does, or the text
 * ended before the value did.
 */
export class JsonStreamError extends InstructorError {
  /**
   * Index in the whole streamed text (all deltas joined) of the offending character; the text's
   * length when it ended too early.
   */
  readonly position: number;

  constructor({ message, cause, position }: JsonStreamErrorOptions) {
    super({ message, cause });
    markAs(this, marker);
    this.position = position;
  }

  static override isInstance(value: unknown): value is JsonStreamError {
    return hasMarker(value, marker);
  }
}
