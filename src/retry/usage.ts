import type { CompletionUsage } from 'openai/resources/completions';

/** Usage before any response. */
export function emptyUsage(): CompletionUsage {
  return { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
}

/** A new usage object: `total` plus one response's usage (providers may omit it: counts as zero). */
export function addUsage(
  total: CompletionUsage,
  next: CompletionUsage | undefined,
): CompletionUsage {
  const sum: CompletionUsage = {
    prompt_tokens: total.prompt_tokens + count(next?.prompt_tokens),
    completion_tokens: total.completion_tokens + count(next?.completion_tokens),
    total_tokens: total.total_tokens + count(next?.total_tokens),
  };
  const promptDetails = addDetails(total.prompt_tokens_details, next?.prompt_tokens_details);
  if (promptDetails) sum.prompt_tokens_details = promptDetails;
  const completionDetails = addDetails(
    total.completion_tokens_details,
    next?.completion_tokens_details,
  );
  if (completionDetails) sum.completion_tokens_details = completionDetails;
  return sum;
}

// Detail objects hold only token counts; sum every numeric field either side has.
function addDetails<D extends object>(
  left: D | null | undefined,
  right: D | null | undefined,
): D | undefined {
  if (!left && !right) return undefined;
  const result: Record<string, number> = {};
  for (const source of [left, right]) {
    if (typeof source !== 'object' || source === null) continue;
    for (const [key, value] of Object.entries(source)) {
      // Keys come off the wire: `toString` must not read Object.prototype, `__proto__` must not set it.
      if (key === '__proto__' || typeof value !== 'number' || !Number.isFinite(value)) continue;
      result[key] = (Object.hasOwn(result, key) ? result[key]! : 0) + value;
    }
  }
  return result as D;
}

// Usage comes off the wire: a provider sending strings or nothing must not corrupt the sums.
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
