import { isDeepStrictEqual } from 'node:util';
import {
  ConfigurationError,
  HookName,
  IncompleteOutputException,
  InstructorRetryException,
  ProviderError,
  RefusalError,
  ValidationError,
} from '../../../src';
import { User } from '../../fixtures/models/user.model';
import type { CallScenario } from './call-scenario';
import { hookOrderViolations, hookPayloadViolations, perCallOrderViolations } from './hooks.rules';
import {
  describeOutcome,
  expectedOutcomes,
  type ExpectedOutcome,
  type OutcomeName,
} from './outcome.oracle';
import type { CallObservation, RecordedEvent } from './pipeline.harness';
import { isRecord, usageCounts } from './reply-verdict';
import { wireViolations } from './wire.rules';

/** Everything `observation` breaks of the documented behaviour for `scenario`; empty when none. */
export function observationViolations(
  scenario: CallScenario,
  observation: CallObservation,
): string[] {
  if (observation.settled === 'hung') return [`the call was still pending after the watchdog`];
  const { settled, events, error } = observation;
  const outcome = outcomeNameOf(observation);
  if (outcome.startsWith('!')) return [outcome.slice(1)];
  const client = events.filter((event) => event.source === 'client');
  const named = (name: HookName) => client.filter((event) => event.name === name);
  const observed: ExpectedOutcome = {
    outcome: outcome as OutcomeName,
    attempts: named(HookName.COMPLETION_KWARGS).length,
    requests: observation.sent.length,
    aborted: false,
    ...(ProviderError.isInstance(error) && error.status !== undefined
      ? { status: error.status }
      : {}),
  };
  const usage = observedUsage(observation);
  if (usage !== undefined) observed.usage = usageCounts(usage);
  const cause = causeNameOf(error);
  if (cause !== undefined) observed.causeName = cause;

  const violations: string[] = [];
  const allowed = expectedOutcomes(scenario);
  const matching = allowed.filter((expected) => matches(expected, observed, observation));
  if (matching.length === 0) {
    violations.push(
      `got ${describeOutcome(observed)} (${observed.requests} request(s))${describeError(error)}; ` +
        `allowed: ${allowed.map((expected) => `${describeOutcome(expected)} (${expected.requests} request(s))`).join(' | ')}`,
    );
  }
  const aborted = scenario.abort !== undefined || allowed.some((expected) => expected.aborted);
  const maxAttempts = scenario.maxRetries + 1;
  if (outcome === 'ConfigurationError') {
    if (events.length > 0)
      violations.push(`a ConfigurationError before any request fired ${events.length} event(s)`);
  } else {
    violations.push(...hookOrderViolations(events, maxAttempts, settled, aborted));
  }
  if (observed.attempts > maxAttempts)
    violations.push(`${observed.attempts} attempts > ${maxAttempts}`);
  violations.push(...hookPayloadViolations(observation, client));
  // An abort from a client handler ends the call while that handler is pending: the per-call
  // handlers of that event never run, so they cannot alternate from there on.
  if (scenario.perCallHooks && !scenario.abort) violations.push(...perCallOrderViolations(events));
  violations.push(...usageShapeViolations(observation, client));
  violations.push(...wireViolations(scenario.mode, observation.sent));
  // With the SDK's retries off, attempt n sends request n (unless aborted before it went out).
  named(HookName.COMPLETION_KWARGS).forEach(({ payload }, index) => {
    const sent = observation.sent[index];
    if (sent && !isDeepStrictEqual(payload, sent)) {
      violations.push(`completion:kwargs of attempt ${index + 1} is not the body that was sent`);
    }
  });
  if (!observation.callerMessagesIntact) violations.push('the caller’s messages were mutated');
  return violations;
}

/** The documented class a call ended with, or `!…` describing an undocumented ending. */
export function outcomeNameOf({
  settled,
  error,
}: {
  settled: string;
  error?: unknown;
}): OutcomeName | `!${string}` {
  if (settled === 'resolved') return 'success';
  if (InstructorRetryException.isInstance(error)) return 'InstructorRetryException';
  if (IncompleteOutputException.isInstance(error)) return 'IncompleteOutputException';
  if (RefusalError.isInstance(error)) return 'RefusalError';
  if (ProviderError.isInstance(error)) return 'ProviderError';
  if (ConfigurationError.isInstance(error)) return 'ConfigurationError';
  if (ValidationError.isInstance(error))
    return `!a ValidationError escaped create: ${error.message}`;
  const stack =
    error instanceof Error ? (error.stack ?? '').split('\n').slice(0, 6).join('\n') : String(error);
  return `!the call rejected with an undocumented error: ${stack}`;
}

function matches(
  expected: ExpectedOutcome,
  observed: ExpectedOutcome,
  observation: CallObservation,
): boolean {
  if (expected.outcome !== observed.outcome || expected.attempts !== observed.attempts)
    return false;
  if (expected.requests !== observed.requests) return false;
  if (expected.status !== undefined && expected.status !== observed.status) return false;
  if (expected.causeName !== undefined && observed.causeName !== expected.causeName) return false;
  const { result } = observation;
  if (expected.outcome === 'success' && result) {
    if (!(result.data instanceof User) || result.attempts !== observed.attempts) return false;
    if (Object.keys(result.data).sort().join() !== 'age,name') return false;
    if (
      expected.data &&
      (expected.data.name !== result.data.name || expected.data.age !== result.data.age)
    )
      return false;
  }
  if (expected.usage && observed.usage && !isDeepStrictEqual(observed.usage, expected.usage))
    return false;
  return true;
}

/** What the usage rules read of a call. */
export interface UsageView {
  result?: { usage: unknown } | undefined;
  error?: unknown;
  events: readonly RecordedEvent[];
}

/** Usage summed over the call as the caller sees it (result, retry exception, or the last usage event). */
export function observedUsage({ result, error, events }: UsageView): unknown {
  if (result) return result.usage;
  if (InstructorRetryException.isInstance(error)) return error.totalUsage;
  const usage = events.filter(
    (event) => event.source === 'client' && event.name === HookName.COMPLETION_USAGE,
  );
  return usage.at(-1)?.payload;
}

/** Every count in a usage the caller or a handler gets is a finite number, details included. */
export function usageShapeViolations(observation: UsageView, client: RecordedEvent[]): string[] {
  const usages = [
    observedUsage(observation),
    ...client
      .filter((event) => event.name === HookName.COMPLETION_USAGE)
      .map((event) => event.payload),
  ];
  const violations: string[] = [];
  for (const usage of usages) {
    if (usage === undefined) continue;
    for (const [path, value] of countsOf(usage, 'usage')) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        violations.push(
          `${path} is ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value)}`,
        );
      }
    }
  }
  return [...new Set(violations)];
}

function countsOf(usage: unknown, path: string): Array<[string, unknown]> {
  if (!isRecord(usage)) return [[path, usage]];
  return Object.entries(usage).flatMap(([key, value]): Array<[string, unknown]> =>
    key.endsWith('_details') && isRecord(value)
      ? countsOf(value, `${path}.${key}`)
      : [[`${path}.${key}`, value]],
  );
}

export function causeNameOf(error: unknown): string | undefined {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error ? cause.constructor.name : undefined;
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return '';
  return `: ${error.name}: ${error.message.slice(0, 300)}`;
}
