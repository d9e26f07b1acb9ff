import { InstructorError, ProviderError } from '../errors';
import { boundedJson, redactSecrets, truncate } from '../internal';

interface SdkErrorShape {
  status?: unknown;
  requestID?: unknown;
  name?: unknown;
  error?: unknown;
  code?: unknown;
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
  // An in-process fetch (local/ models) fails with our own error; the SDK wraps it as a
  // connection error, which would hide that it is a setup problem with its own message.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (InstructorError.isInstance(cause)) return cause;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = typeof shape.status === 'number' ? shape.status : undefined;
  const requestId = typeof shape.requestID === 'string' ? shape.requestID : undefined;
  // The API's machine-readable code (`context_length_exceeded`, `rate_limit_exceeded`, ...).
  const code = typeof shape.code === 'string' ? truncate(shape.code, 100) : undefined;
  const kind =
    status !== undefined ? `HTTP ${status}` : typeof shape.name === 'string' ? shape.name : 'error';
  const detail = truncate(error instanceof Error ? error.message : String(error), 1_000);
  return new ProviderError({
    message: redactSecrets(`${provider} request failed (${kind}): ${detail}`, secrets),
    cause: redactedCause(error, secrets),
    provider,
    ...(status !== undefined ? { status } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(code !== undefined ? { code: redactSecrets(code, secrets) } : {}),
  });
}

/**
 * A 200 reply body that is not a chat completion is the provider's failure, not the model's:
 * gateways answer `{"error": {...}}` with status 200, proxies send their own JSON. Bounded and
 * redacted like any provider text we quote.
 */
export function notACompletionError(
  body: unknown,
  provider: string,
  secrets: readonly (string | undefined)[],
): ProviderError {
  const error = errorObjectOf(body);
  if (error !== undefined) {
    const message = typeof error.message === 'string' ? error.message : boundedJson(error);
    const code =
      typeof error.code === 'string' || typeof error.code === 'number'
        ? String(error.code)
        : undefined;
    return new ProviderError({
      message: redactSecrets(
        `${provider} answered with an error (HTTP 200): ${truncate(message, 1_000)}`,
        secrets,
      ),
      cause: undefined,
      provider,
      ...(code !== undefined ? { code: redactSecrets(code, secrets) } : {}),
    });
  }
  return new ProviderError({
    message: redactSecrets(
      `${provider} returned a body that is not a chat completion: ${boundedJson(body, 200)}`,
      secrets,
    ),
    cause: undefined,
    provider,
  });
}

/**
 * False for a 200 body that cannot be a chat completion: not an object, or an error envelope
 * (`error` and no `choices`). Anything else is read as a completion, its parts defensively.
 */
export function isCompletionBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { choices, error } = body as { choices?: unknown; error?: unknown };
  return choices !== undefined || error === undefined || error === null;
}

function errorObjectOf(body: unknown): { message?: unknown; code?: unknown } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return { message: error };
  return typeof error === 'object' && error !== null ? error : undefined;
}

/**
 * The SDK error itself when it holds no secret (the common case, identity kept); otherwise a copy
 * of it, same prototype and fields, with the key removed from its message, stack and error body —
 * providers echo keys back ("Incorrect API key provided: sk-..."). An error body too deep to read
 * for secrets is replaced, never passed on unread.
 */
function redactedCause(error: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (!(error instanceof Error)) return error;
  const body = (error as SdkErrorShape).error;
  const bodyText = body === undefined ? undefined : jsonText(body);
  const unreadable = body !== undefined && bodyText === undefined;
  const texts = [error.message, error.stack ?? '', bodyText ?? ''];
  if (!unreadable && texts.every((text) => redactSecrets(text, secrets) === text)) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & SdkErrorShape;
  for (const key of Reflect.ownKeys(error)) {
    Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(error, key)!);
  }
  copy.message = redactSecrets(error.message, secrets);
  copy.stack = redactSecrets(error.stack ?? '', secrets);
  if (body !== undefined) {
    copy.error =
      bodyText === undefined
        ? '[an error body too deeply nested or cyclic to show]'
        : (JSON.parse(redactSecrets(bodyText, secrets)) as unknown);
  }
  return copy;
}

function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
