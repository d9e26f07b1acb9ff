/** Keys that would reach an object's prototype chain if assigned by class-transformer. */
const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// A key can only decode to a dangerous name if one appears literally or through a \u escape.
const MAY_HOLD_DANGEROUS_KEY = /__proto__|constructor|prototype|\\u/;

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: Error };

/**
 * Parses model output. Never throws: bad JSON is a normal outcome of asking an LLM.
 * The result never carries `__proto__` / `constructor` / `prototype` keys at any depth.
 */
export function parseUntrustedJson(text: string): JsonParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
  // Skip the walk for the common case; it is linear but not free on large replies.
  if (MAY_HOLD_DANGEROUS_KEY.test(text)) value = stripDangerousKeys(value);
  return { ok: true, value };
}

/** Removes dangerous keys at every depth, in place (the value is a fresh JSON.parse result). */
export function stripDangerousKeys(value: unknown): unknown {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null) continue;
    if (Array.isArray(current)) {
      for (const item of current) pending.push(item);
      continue;
    }
    const record = current as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (DANGEROUS_KEYS.has(key)) delete record[key];
      else pending.push(record[key]);
    }
  }
  return value;
}
