/**
 * The built-in hook events. The member or its string value is accepted wherever an event name is
 * (`hooks.on(HookName.PARSE_ERROR, ...)` and `hooks.on('parse:error', ...)` are the same).
 */
export enum HookName {
  /** `(kwargs)`: a copy of the exact params about to be sent to the SDK. */
  COMPLETION_KWARGS = 'completion:kwargs',
  /** `(response)`: the raw `ChatCompletion` (for streams: the final assembled one). */
  COMPLETION_RESPONSE = 'completion:response',
  /** `(error, attempt)`: an error of the call itself (provider error, truncation, refusal). */
  COMPLETION_ERROR = 'completion:error',
  /** `(error, attempt)`: the reply did not parse or validate (a `ValidationError`). */
  PARSE_ERROR = 'parse:error',
  /** `(error, attempt)`: the call is about to fail for good, with the error that ended it. */
  COMPLETION_LAST_ATTEMPT = 'completion:last_attempt',
  /** `(usage, attempt)`: the usage summed over all attempts so far, after each response. */
  COMPLETION_USAGE = 'completion:usage',
}

/** Every built-in event name, in the order of {@link HookName}. */
export const BUILT_IN_HOOK_NAMES: readonly `${HookName}`[] = Object.values(HookName);

const builtInNames: ReadonlySet<string> = new Set<string>(BUILT_IN_HOOK_NAMES);

/** True when `name` is one of the built-in event names. */
export function isBuiltInHookName(name: string): name is `${HookName}` {
  return builtInNames.has(name);
}
