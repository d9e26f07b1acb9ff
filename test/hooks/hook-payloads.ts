import type { ChatCompletion } from 'openai/resources/chat/completions';
import { ValidationError } from '../../src/errors';
import type { AttemptInfo } from '../../src/hooks';

/** A minimal completion, told apart by its id. */
export function completion(id: string): ChatCompletion {
  return {
    id,
    object: 'chat.completion',
    created: 0,
    model: 'gpt-4.1-mini',
    choices: [],
  };
}

export function attempt(attemptNumber: number, maxAttempts = 3): AttemptInfo {
  return { attemptNumber, maxAttempts, isLastAttempt: attemptNumber === maxAttempts };
}

export function validationError(message = 'age must be an integer'): ValidationError {
  return new ValidationError({ message, rawText: '{"age":"x"}' });
}

/** Silences and records process warnings for the duration of a test. */
export function spyOnWarnings(): jest.SpyInstance {
  return jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
}

/** The message of every recorded warning. */
export function warningMessages(spy: jest.SpyInstance): string[] {
  return spy.mock.calls.map(([warning]) =>
    warning instanceof Error ? warning.message : String(warning),
  );
}
