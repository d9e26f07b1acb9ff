import { InstructorError, ProviderError } from '../errors';
import { redactSecrets } from '../internal';

interface SdkErrorShape {
  status?: unknown;
  requestID?: unknown;
  name?: unknown;
  error?: unknown;
}

/**
 * Wraps whatever the SDK threw into a `ProviderError` with status and request id. Read by shape, not
 * `instanceof`, so it works with any copy of `openai` the user installed.
 */
export function toProviderError(
  error: unknown,
  provider: string,
  secrets: readonly (string | undefined)[],
): InstructorError {
  if (InstructorError.isInstance(error)) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = typeof shape.status === 'number' ? shape.status : undefined;
  const requestId = typeof shape.requestID === 'string' ? shape.requestID : undefined;
  const kind =
    status !== undefined ? `HTTP ${status}` : typeof shape.name === 'string' ? shape.name : 'error';
  const detail = error instanceof Error ? error.message : String(error);
  return new ProviderError({
    message: redactSecrets(`${provider} request failed (${kind}): ${detail}`, secrets),
    cause: redactedCause(error, secrets),
    provider,
    ...(status !== undefined ? { status } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  });
}

/** A reply body that is not a chat completion object is the provider's failure, not the model's. */
export function notACompletionError(body: unknown, provider: string): ProviderError {
  const shown = JSON.stringify(body) ?? String(body);
  return new ProviderError({
    message: `${provider} returned a body that is not a chat completion: ${shown.slice(0, 200)}`,
    cause: undefined,
    provider,
  });
}

/**
 * The SDK error itself when it holds no secret (the common case, identity kept); otherwise a copy
 * of it, same prototype and fields, with the key removed from its message, stack and error body —
 * providers echo keys back ("Incorrect API key provided: sk-...").
 */
function redactedCause(error: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (!(error instanceof Error)) return error;
  const body = (error as SdkErrorShape).error;
  const bodyText = body === undefined ? undefined : JSON.stringify(body);
  const texts = [error.message, error.stack ?? '', bodyText ?? ''];
  if (texts.every((text) => redactSecrets(text, secrets) === text)) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & SdkErrorShape;
  for (const key of Reflect.ownKeys(error)) {
    Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(error, key)!);
  }
  copy.message = redactSecrets(error.message, secrets);
  copy.stack = redactSecrets(error.stack ?? '', secrets);
  if (bodyText !== undefined) copy.error = JSON.parse(redactSecrets(bodyText, secrets)) as unknown;
  return copy;
}
