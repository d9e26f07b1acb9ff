import { HookName, Mode } from '../../../src';
import type { OutcomeName } from './outcome.oracle';
import type { UsageCounts } from './reply-verdict';
import type { StreamScenario } from './stream-scenario';
import {
  streamVerdictsOf,
  type ExpectedResponse,
  type ExpectedYield,
  type YieldRun,
} from './stream-verdict';

// From a stream scenario to the event traces the docs allow (docs/streaming.md "Hooks while
// streaming", SPEC §2a and §4): the retry loop walked over the per-attempt verdicts, yields in
// their place between the hooks. A consumer that stops (`break`, or an abort) after its k-th
// value cuts a trace there; the matcher (stream.rules.ts) does that, so the walk ignores it.

/** One step of a call as its consumer sees it: a client hook event, or the values of one stream. */
export type TraceStep =
  | { kind: 'hook'; name: HookName; attempt: number }
  | { kind: 'yields'; attempt: number; run: YieldRun };

/** A re-ask of createIterable: what it must say was accepted. */
export interface ListReask {
  /** The request that carries it (2 for the first re-ask). */
  request: number;
  /** Every element accepted before it, in order; undefined when the oracle cannot tell. */
  accepted: Extract<ExpectedYield, { kind: 'element' }>[] | undefined;
  failure: 'element' | 'end';
}

/** One way a stream call may end, with everything about it the oracle can tell. */
export interface ExpectedStreamOutcome {
  outcome: OutcomeName;
  attempts: number;
  requests: number;
  status?: number;
  /** Usage summed over the completions received; undefined before the first one. */
  usage?: UsageCounts;
  trace: TraceStep[];
  /** The completion each attempt's `completion:response` gets (index: attempt - 1). */
  responses: (ExpectedResponse | undefined)[];
  reasks: ListReask[];
  /** FakeOpenAIServer disconnects per attempt: [at least, at most]. */
  disconnects: [number, number][];
}

const ZERO: UsageCounts = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

/** Every trace the docs allow for `scenario`, ignoring its `stop`. */
export function expectedStreamOutcomes(scenario: StreamScenario): ExpectedStreamOutcome[] {
  // n > 1, or createPartial in PARALLEL_TOOLS (a list mode): refused by the method itself.
  if ((scenario.n !== undefined && scenario.n > 1) || refusedMode(scenario)) {
    return [
      {
        outcome: 'ConfigurationError',
        attempts: 0,
        requests: 0,
        trace: [],
        responses: [],
        reasks: [],
        disconnects: [],
      },
    ];
  }
  const maxAttempts = scenario.maxRetries + 1;
  const outcomes: ExpectedStreamOutcome[] = [];
  type Path = Omit<ExpectedStreamOutcome, 'outcome' | 'attempts' | 'requests' | 'usage'> & {
    usage: UsageCounts | undefined;
    accepted: Extract<ExpectedYield, { kind: 'element' }>[] | undefined;
  };

  const walk = (attempt: number, path: Path): void => {
    const plan = scenario.replies[attempt - 1]!;
    for (const verdict of streamVerdictsOf(plan, scenario.method, scenario.mode)) {
      const hook = (name: HookName): TraceStep => ({ kind: 'hook', name, attempt });
      const trace: TraceStep[] = [
        ...path.trace,
        hook(HookName.COMPLETION_KWARGS),
        { kind: 'yields', attempt, run: verdict.yields },
      ];
      const responses = [...path.responses, verdict.response];
      const disconnects = [...path.disconnects, verdict.disconnects];
      const { end } = verdict;
      const finish = (
        outcome: OutcomeName,
        steps: HookName[],
        extra: Partial<ExpectedStreamOutcome> = {},
      ): void => {
        outcomes.push({
          outcome,
          attempts: attempt,
          requests: attempt,
          trace: [...trace, ...steps.map(hook)],
          responses,
          reasks: path.reasks,
          disconnects,
          ...(path.usage === undefined ? {} : { usage: path.usage }),
          ...extra,
        });
      };
      if (end.kind === 'provider') {
        finish(
          'ProviderError',
          [HookName.COMPLETION_ERROR, HookName.COMPLETION_LAST_ATTEMPT],
          end.status === undefined ? {} : { status: end.status },
        );
        continue;
      }
      const usage = addCounts(path.usage ?? ZERO, end.usage);
      const received = [HookName.COMPLETION_RESPONSE, HookName.COMPLETION_USAGE];
      if (end.kind === 'incomplete' || end.kind === 'refusal') {
        finish(
          end.kind === 'incomplete' ? 'IncompleteOutputException' : 'RefusalError',
          [...received, HookName.COMPLETION_ERROR, HookName.COMPLETION_LAST_ATTEMPT],
          { usage },
        );
        continue;
      }
      if (end.kind === 'valid') {
        const yieldsAfter: TraceStep[] = [];
        // createPartial's last value, the validated instance, comes after completion:usage.
        const final = verdict.yields.values.at(-1);
        if (final?.kind === 'final') {
          const streamed = { ...verdict.yields, values: verdict.yields.values.slice(0, -1) };
          trace[trace.length - 1] = { kind: 'yields', attempt, run: streamed };
          yieldsAfter.push({ kind: 'yields', attempt, run: { values: [final], match: 'exact' } });
        }
        outcomes.push({
          outcome: 'success',
          attempts: attempt,
          requests: attempt,
          usage,
          trace: [...trace, ...received.map(hook), ...yieldsAfter],
          responses,
          reasks: path.reasks,
          disconnects,
        });
        continue;
      }
      // Re-asked: parse:error, then the next attempt or the end of the budget.
      const accepted =
        path.accepted === undefined || verdict.yields.match !== 'exact'
          ? undefined
          : [
              ...path.accepted,
              ...verdict.yields.values.filter(
                (value): value is Extract<ExpectedYield, { kind: 'element' }> =>
                  value.kind === 'element',
              ),
            ];
      const failed = [...received, HookName.PARSE_ERROR];
      // The token budget is checked before a re-ask (docs/retries.md).
      const spent =
        scenario.maxTotalTokens !== undefined && usage.total_tokens >= scenario.maxTotalTokens;
      if (attempt === maxAttempts || spent) {
        finish('InstructorRetryException', [...failed, HookName.COMPLETION_LAST_ATTEMPT], {
          usage,
        });
        continue;
      }
      walk(attempt + 1, {
        trace: [...trace, ...failed.map(hook)],
        responses,
        disconnects,
        usage,
        accepted,
        reasks:
          scenario.method === 'iterable'
            ? [...path.reasks, { request: attempt + 1, accepted, failure: end.failure }]
            : path.reasks,
      });
    }
  };

  walk(1, {
    trace: [],
    responses: [],
    disconnects: [],
    usage: undefined,
    accepted: [],
    reasks: [],
  });
  return outcomes;
}

/**
 * The attempt whose reply the server keeps open (`scenario.keepOpen`): the one during whose
 * stream the loop stops, when every allowed trace says so and that reply streams whole.
 * Undefined: no reply is kept open.
 */
export function keepOpenAttempt(scenario: StreamScenario): number | undefined {
  const breakAfter = scenario.stop?.how === 'abort-in-hook' ? undefined : scenario.stop?.after;
  if (!scenario.keepOpen || breakAfter === undefined) return undefined;
  const attempts = new Set<number | undefined>();
  for (const { trace } of expectedStreamOutcomes(scenario)) {
    let seen = 0;
    let breaksIn: number | undefined;
    for (const step of trace) {
      if (step.kind !== 'yields') continue;
      if (step.run.match !== 'exact') break;
      const { values, atEnd = 0 } = step.run;
      // Values that come while the stream is still open (not the validated last value, not
      // values read once the stream ended).
      const early = values.filter((value) => value.kind !== 'final').length - atEnd;
      if (seen + early >= breakAfter) {
        breaksIn = step.attempt;
        break;
      }
      if (seen + values.length >= breakAfter) break; // the stop needs the stream's end
      seen += values.length;
    }
    attempts.add(breaksIn);
  }
  const [attempt] = [...attempts];
  if (attempts.size !== 1 || attempt === undefined) return undefined;
  const plan = scenario.replies[attempt - 1];
  return plan?.kind === 'stream' && plan.stream.fault.kind === 'none' ? attempt : undefined;
}

/** createPartial with Mode.PARALLEL_TOOLS: a ConfigurationError (that mode returns a list). */
export function refusedMode(scenario: StreamScenario): boolean {
  return scenario.method === 'partial' && scenario.mode === Mode.PARALLEL_TOOLS;
}

function addCounts(left: UsageCounts, right: UsageCounts): UsageCounts {
  return {
    prompt_tokens: left.prompt_tokens + right.prompt_tokens,
    completion_tokens: left.completion_tokens + right.completion_tokens,
    total_tokens: left.total_tokens + right.total_tokens,
  };
}
