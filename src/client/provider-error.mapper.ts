import { InstructorError, ProviderError } from '../errors';
import { redactSecrets } from '../internal';

interface SdkErrorShape {
  status?: unknown;
  requestID?: unknown;
  name?: unknown;
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
    cause: error,
    provider,
    ...(status !== undefined ? { status } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  });
}
