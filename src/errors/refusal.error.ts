import type { ChatCompletion } from 'openai/resources/chat/completions';
import { hasMarker, InstructorError, markAs } from './instructor.error';

const marker = Symbol.for('class-instructor.error.RefusalError');

export interface RefusalErrorOptions {
  /** Overrides the default message, which quotes the refusal. */
  message?: string;
  cause?: unknown;
  /** The model's refusal text (`message.refusal`). */
  refusal: string;
  /** The completion that carried the refusal. */
  lastCompletion: ChatCompletion;
}

/** The model refused to answer (`message.refusal`). Not re-asked. */
export class RefusalError extends InstructorError {
  /** The model's refusal text. */
  readonly refusal: string;
  /** The completion that carried the refusal. */
  readonly lastCompletion: ChatCompletion;

  constructor({ message, cause, refusal, lastCompletion }: RefusalErrorOptions) {
    super({ message: message ?? `The model refused to answer: ${refusal}`, cause });
    markAs(this, marker);
    this.refusal = refusal;
    this.lastCompletion = lastCompletion;
  }

  static override isInstance(value: unknown): value is RefusalError {
    return hasMarker(value, marker);
  }
}
