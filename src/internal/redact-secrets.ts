// Provider messages sometimes echo the key back ("Incorrect API key provided: sk-abc...").
const KEY_LIKE = /\b(sk|pk|rk|gsk|xai|fw)[-_][A-Za-z0-9_\-*]{8,}/g;

/** Removes the given secrets and anything shaped like an API key from a text we are about to show. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result.replace(KEY_LIKE, '[redacted]');
}
