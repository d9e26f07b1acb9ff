import { inspect } from 'node:util';
import { redactSecrets } from '../internal';

/** The `code` of the process warning emitted when a hook handler throws or rejects. */
export const HOOK_WARNING_CODE = 'CLASS_INSTRUCTOR_HOOK_ERROR';

/**
 * Reports a failed hook handler once, as a process warning carrying the event name and the
 * error's stack, with anything shaped like an API key removed (a handler may rethrow a provider
 * error that echoes the key). Never throws: a failing handler must not break the call it observes.
 */
export function reportHookError(eventName: string, error: unknown, rejected: boolean): void {
  const verb = rejected ? 'rejected' : 'threw';
  const text = `class-instructor: a '${eventName}' hook handler ${verb}: ${describe(error)}`;
  process.emitWarning(redactSecrets(text), { code: HOOK_WARNING_CODE });
}

function describe(error: unknown): string {
  try {
    if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
    return inspect(error);
  } catch {
    return 'an error that could not be described';
  }
}
