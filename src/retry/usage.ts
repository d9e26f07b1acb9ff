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
    prompt_tokens: total.prompt_tokens + (next?.prompt_tokens ?? 0),
    completion_tokens: total.completion_tokens + (next?.completion_tokens ?? 0),
    total_tokens: total.total_tokens + (next?.total_tokens ?? 0),
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
function addDetails<D extends object>(left: D | undefined, right: D | undefined): D | undefined {
  if (!left && !right) return undefined;
  const result: Record<string, number> = {};
  for (const source of [left, right]) {
    for (const [key, value] of Object.entries(source ?? {})) {
      if (typeof value === 'number') result[key] = (result[key] ?? 0) + value;
    }
  }
  return result as D;
}
