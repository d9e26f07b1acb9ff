import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { ConfigurationError, type RetryStopReason, type ValidationError } from '../errors';
import { boundedJson } from '../internal';

/** How re-asks are phrased and when they stop early; on the client and per call (the call wins). */
export interface ReaskOptions {
  /**
   * How many failed attempts (the assistant's reply and the correction after it) stay in the
   * messages of a re-ask, newest first. `1` sends only the latest failure (the context stops
   * growing with every attempt); `0` re-asks with the original messages alone, no feedback.
   * @default Infinity (every failed attempt, as they happened)
   */
  keepFailedAttempts?: number;
  /**
   * Ends the call early (`reason: 'repeated_errors'`) once the same validation errors came back
   * this many times in a row: the model is not correcting itself, and further re-asks would cost
   * without helping. `2` stops at the first exact repeat.
   * @default Infinity (never stops early)
   */
  stopAfterRepeatedErrors?: number;
}

/** The re-ask options of one call, resolved and checked. */
export interface ReaskPolicy {
  readonly keepFailedAttempts: number;
  readonly stopAfterRepeatedErrors: number;
  /** No attempt starts once usage summed over the call's attempts reached this many tokens. */
  readonly maxTotalTokens: number;
}

/** Merges the call's options over the client's and checks them; `ConfigurationError` when bad. */
export function resolveReaskPolicy(
  client: { reask?: ReaskOptions | null; maxTotalTokens?: number | null },
  call: { reask?: ReaskOptions | null; maxTotalTokens?: number | null },
): ReaskPolicy {
  const reask = { ...checkReaskOptions(client.reask), ...checkReaskOptions(call.reask) };
  return {
    keepFailedAttempts: count(reask.keepFailedAttempts, 'reask.keepFailedAttempts', 0),
    stopAfterRepeatedErrors: count(
      reask.stopAfterRepeatedErrors,
      'reask.stopAfterRepeatedErrors',
      1,
    ),
    maxTotalTokens: count(call.maxTotalTokens ?? client.maxTotalTokens, 'maxTotalTokens', 1),
  };
}

const REASK_OPTION_NAMES = new Set(['keepFailedAttempts', 'stopAfterRepeatedErrors']);

function checkReaskOptions(options: ReaskOptions | null | undefined): ReaskOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigurationError({
      message: '`reask` must be an object: { keepFailedAttempts?, stopAfterRepeatedErrors? }.',
    });
  }
  const unknown = Object.keys(options).filter((name) => !REASK_OPTION_NAMES.has(name));
  if (unknown.length > 0) {
    throw new ConfigurationError({
      message: `Unknown reask option \`${unknown[0]}\`; known: keepFailedAttempts, stopAfterRepeatedErrors.`,
    });
  }
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined && value !== null),
  );
}

function count(value: unknown, name: string, minimum: number): number {
  if (value === undefined || value === null || value === Infinity) return Infinity;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new ConfigurationError({
      message: `\`${name}\` must be a whole number, ${minimum} or more (or Infinity); got ${boundedJson(value, 40)}.`,
    });
  }
  return value;
}

/**
 * The failed attempts of one call and the messages its next re-ask sends. Only parse and
 * validation failures enter it: transport errors end the call and never reach a prompt.
 */
export class ReaskHistory {
  private readonly failures: ChatCompletionMessageParam[][] = [];
  private repeats = 0;
  private lastErrors: string | undefined;

  constructor(
    private readonly original: readonly ChatCompletionMessageParam[],
    private readonly policy: ReaskPolicy,
  ) {}

  /** Records one failed attempt: the messages that echo it and ask for a correction. */
  record(error: ValidationError, reaskMessages: ChatCompletionMessageParam[]): void {
    this.repeats = error.message === this.lastErrors ? this.repeats + 1 : 1;
    this.lastErrors = error.message;
    this.failures.push(reaskMessages);
  }

  /** The messages of the next re-ask: the original ones, then the kept failures, oldest first. */
  nextMessages(): ChatCompletionMessageParam[] {
    const kept = this.policy.keepFailedAttempts;
    // slice(-Infinity) keeps them all.
    const failures = kept === 0 ? [] : this.failures.slice(-kept);
    return [...this.original, ...failures.flat()];
  }

  /**
   * Why no re-ask may follow the attempt just recorded, before re-asks run out: the same errors
   * came back too often, or the call's token budget is spent.
   */
  earlyStop(usage: CompletionUsage): RetryStopReason | undefined {
    if (this.repeats >= this.policy.stopAfterRepeatedErrors) return 'repeated_errors';
    if (usage.total_tokens >= this.policy.maxTotalTokens) return 'token_budget';
    return undefined;
  }

  /** How many times in a row the latest errors came back. */
  get repeatedErrors(): number {
    return this.repeats;
  }
}
