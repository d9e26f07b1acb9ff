import {
  hasMarker,
  InstructorError,
  markAs,
  type InstructorErrorOptions,
} from './instructor.error';

const marker = Symbol.for('class-instructor.error.ConfigurationError');

/** Thrown before any request when the library is set up or called wrongly. */
export class ConfigurationError extends InstructorError {
  constructor(options: InstructorErrorOptions) {
    super(options);
    markAs(this, marker);
  }

  static override isInstance(value: unknown): value is ConfigurationError {
    return hasMarker(value, marker);
  }
}
