import type { ChatCompletion } from 'openai/resources/chat/completions';
import { hasMarker, InstructorError, markAs } from './instructor.error';

const marker = Symbol.for('class-instructor.error.IncompleteOutputException');

export interface IncompleteOutputExceptionOptions {
  message?: string;
  cause?: unknown;
  /** The truncated completion. */
  lastCompletion: ChatCompletion;
}

/** The model stopped because it hit its token limit (`finish_reason: length`). Not re-asked. */
export class IncompleteOutputException extends InstructorError {
  /** The completion whose output was cut off. */
  readonly lastCompletion: ChatCompletion;

  constructor({ message, cause, lastCompletion }: IncompleteOutputExceptionOptions) {
    super({
      message:
        message ??
        'The output is incomplete: the model hit its token limit (finish_reason "length"). Raise max_tokens or ask for less.',
      cause,
    });
    markAs(this, marker);
    this.lastCompletion = lastCompletion;
  }

  static override isInstance(value: unknown): value is IncompleteOutputException {
    return hasMarker(value, marker);
  }
}
