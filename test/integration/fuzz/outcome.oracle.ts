import type { CallScenario, ReplyPlan } from './call-scenario';
import {
  verdictsOf,
  wireReplyOf,
  type UsageCounts,
  type UserFields,
  type Verdict,
} from './reply-verdict';

// From a scenario to the outcomes the docs allow (SPEC §4–§5, docs/hooks.md): the retry loop
// walked over the per-attempt verdicts. One outcome when the docs decide; several when a reply is
// one they leave open (each is then checked exactly as well).

/** How a call ends: resolved, or the class of error it rejects with. */
export type OutcomeName =
  | 'success'
  | 'InstructorRetryException'
  | 'IncompleteOutputException'
  | 'RefusalError'
  | 'ProviderError'
  | 'ConfigurationError';

/** One way the call may end, with everything about it the oracle can tell exactly. */
export interface ExpectedOutcome {
  outcome: OutcomeName;
  /** Attempts started (one `completion:kwargs` each). */
  attempts: number;
  /** Requests that reached a server. */
  requests: number;
  /** A ProviderError from an HTTP status carries it. */
  status?: number;
  /** The validated instance's fields, when known. */
  data?: UserFields;
  /** Usage summed over the completions received, when the call got that far. */
  usage?: UsageCounts;
  /** The call's signal was aborted on the way. */
  aborted: boolean;
  /** The name of a ProviderError's `cause` (the SDK's error class), when the docs say which. */
  causeName?: string;
}

/** Every outcome the docs allow for `scenario`. */
export function expectedOutcomes(scenario: CallScenario): ExpectedOutcome[] {
  if (scenario.n !== undefined && scenario.n > 1) {
    return [{ outcome: 'ConfigurationError', attempts: 0, requests: 0, aborted: false }];
  }
  const maxAttempts = scenario.maxRetries + 1;
  const outcomes: ExpectedOutcome[] = [];

  const walk = (attempt: number, requests: number, usage: UsageCounts): void => {
    const abortsAt = scenario.abort?.attemptNumber === attempt ? scenario.abort.event : undefined;
    if (abortsAt === 'completion:kwargs') {
      // The SDK checks the signal before it fetches: nothing reaches a server.
      outcomes.push({ ...abortedCall, attempts: attempt, requests });
      return;
    }
    const plan = scenario.replies[attempt - 1]!;
    const sent = requests + 1;
    for (const verdict of verdictsOf(wireReplyOf(plan, sent), scenario.mode)) {
      const end = (outcome: OutcomeName, extra: Partial<ExpectedOutcome> = {}) =>
        outcomes.push({ outcome, attempts: attempt, requests: sent, aborted: false, ...extra });
      if (verdict.kind === 'provider') {
        end('ProviderError', {
          ...providerFailure(plan),
          ...(verdict.status === undefined ? {} : { status: verdict.status }),
        });
        continue;
      }
      const total = addCounts(usage, verdict.usage);
      if (abortsAt !== undefined) {
        // Aborted from a response or usage handler: the call ends as aborted, whatever the reply;
        // a reply that ends the call anyway may still end it its own way.
        // From a response handler, this attempt's usage event never comes.
        const seen =
          abortsAt === 'completion:usage' ? { usage: total } : attempt > 1 ? { usage } : {};
        end('ProviderError', { ...abortedCall, ...seen });
        const own = endingOf(verdict);
        if (own) end(own, { ...seen, aborted: true });
        continue;
      }
      const own = endingOf(verdict);
      if (own) end(own, { usage: total });
      else if (verdict.kind === 'valid') end('success', { usage: total, data: verdict.data });
      else if (attempt === maxAttempts) end('InstructorRetryException', { usage: total });
      else walk(attempt + 1, sent, total);
    }
  };

  walk(1, 0, { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  return outcomes;
}

const abortedCall = {
  outcome: 'ProviderError',
  aborted: true,
  causeName: 'APIUserAbortError',
} as const;

/** What the docs say of a ProviderError a plan causes below HTTP. */
function providerFailure(plan: ReplyPlan): Partial<ExpectedOutcome> {
  // A timeout is no better than a connection error here: under jest, fetch's AbortError comes from
  // Node's realm, the SDK does not recognise it, and reports a plain connection error.
  if (plan.kind !== 'fault') return {};
  if (plan.fault === 'hang') return abortedCall;
  // A body cut short fails while it is read, after the SDK's own error handling.
  return plan.fault === 'truncated' ? {} : { causeName: 'APIConnectionError' };
}

/** The error a reply ends the call with by itself (truncation, refusal), if any. */
function endingOf(verdict: Verdict): OutcomeName | undefined {
  if (verdict.kind === 'incomplete') return 'IncompleteOutputException';
  if (verdict.kind === 'refusal') return 'RefusalError';
  return undefined;
}

function addCounts(left: UsageCounts, right: UsageCounts): UsageCounts {
  return {
    prompt_tokens: left.prompt_tokens + right.prompt_tokens,
    completion_tokens: left.completion_tokens + right.completion_tokens,
    total_tokens: left.total_tokens + right.total_tokens,
  };
}

/** A one-line account of an outcome, for failure reports. */
export function describeOutcome(outcome: ExpectedOutcome): string {
  const parts = [`${outcome.outcome} after ${outcome.attempts} attempt(s)`];
  if (outcome.status !== undefined) parts.push(`status ${outcome.status}`);
  if (outcome.data) parts.push(`data ${JSON.stringify(outcome.data)}`);
  if (outcome.usage) parts.push(`usage ${Object.values(outcome.usage).join('/')}`);
  if (outcome.causeName) parts.push(`cause ${outcome.causeName}`);
  return parts.join(', ');
}
