import { isDeepStrictEqual } from 'node:util';
import { ConfigurationError, HookName, Mode, ProviderError, ValidationError } from '../../../src';
import { hookOrderViolations, hookPayloadViolations, perCallOrderViolations } from './hooks.rules';
import {
  describeError,
  observedUsage,
  outcomeNameOf,
  usageShapeViolations,
} from './observation.rules';
import { canonical } from './partial-json.reference';
import type { RecordedEvent } from './pipeline.harness';
import { isRecord, usageCounts } from './reply-verdict';
import type { StreamScenario } from './stream-scenario';
import type { StreamEvent, StreamObservation, YieldEvent } from './stream.harness';
import {
  expectedStreamOutcomes,
  refusedMode,
  type ExpectedStreamOutcome,
  type ListReask,
  type TraceStep,
} from './stream.oracle';
import type { ExpectedResponse, ExpectedYield, YieldRun } from './stream-verdict';
import { tolerated } from './known-deviations';
import { wireViolations } from './wire.rules';

// What a streaming call's observation breaks of docs/streaming.md: the exact trace of hooks and
// values (cut after the k-th value by a `break`, ended by the abort's hooks after an abort), the
// outcome, the completion each response hook gets, createIterable's re-asks, disconnects, and
// everything create() promises as well (hook order and payloads, usage, the wire).

const isHook = (event: StreamEvent): event is RecordedEvent => event.source !== 'yield';

/** Everything `observation` breaks of the documented behaviour for `scenario`; empty when none. */
export function streamObservationViolations(
  scenario: StreamScenario,
  observation: StreamObservation,
): string[] {
  if (observation.settled === 'hung') {
    // Known deviation: on Node 20 an abort that lands once the body has arrived can hang the SDK.
    if (observation.aborted && tolerated.abortMayHang) return [];
    return [
      observation.aborted
        ? 'the call was still pending 1 s after the loop aborted its signal'
        : 'the call was still pending after the watchdog',
    ];
  }
  const { events, error, settled } = observation;
  const client = events.filter((event): event is RecordedEvent => event.source === 'client');
  const violations: string[] = [];
  // A client handler that aborted stays pending past the call's end: the per-call handlers of
  // that event run once it settles.
  const { stop } = scenario;
  // Known deviation: after an abort from the loop, completion:response may still fire; its
  // per-call handlers run once the client's settles.
  const lateResponse = stop?.how === 'abort' && tolerated.valuesAfterAbort;
  const late = observation.late.filter(
    (event) =>
      !(
        event.source === 'call' &&
        ((stop?.how === 'abort-in-hook' && (event.name as string) === stop.event) ||
          (lateResponse && event.name === HookName.COMPLETION_RESPONSE))
      ),
  );
  if (late.length > 0) {
    violations.push(`events after the loop ended: ${late.map(describeEvent).join(' ')}`);
  }
  if ((scenario.n !== undefined && scenario.n > 1) || refusedMode(scenario)) {
    const refused =
      settled === 'rejected' &&
      observation.thrownByMethod &&
      ConfigurationError.isInstance(error) &&
      events.length === 0 &&
      observation.sent.length === 0;
    return refused
      ? violations
      : [
          ...violations,
          `${refusedMode(scenario) ? scenario.mode : `n: ${scenario.n}`} was not a ConfigurationError thrown by the method before any request and hook${describeError(error)}`,
        ];
  }
  if (observation.thrownByMethod) {
    // createIterable may refuse keepFailedAttempts 0 (its re-asks could not name the accepted
    // elements); the docs leave it open.
    const refusesNoFeedback =
      scenario.method === 'iterable' &&
      scenario.keepFailedAttempts === 0 &&
      ConfigurationError.isInstance(error) &&
      events.length === 0 &&
      observation.sent.length === 0;
    return refusesNoFeedback
      ? violations
      : [...violations, `the method itself threw${describeError(error)}`];
  }
  const name = settled === 'broken' ? 'broken' : outcomeNameOf({ settled, error });
  if (name.startsWith('!')) return [...violations, name.slice(1)];

  const allowed = expectedStreamOutcomes(scenario);
  const observed = observedTrace(events);
  let matched: ExpectedStreamOutcome | undefined;
  const misses: string[] = [];
  for (const expected of allowed) {
    const miss = outcomeMiss(scenario, observation, observed, expected);
    if (miss === undefined) {
      matched = expected;
      break;
    }
    misses.push(miss);
  }
  if (!matched) {
    violations.push(
      `got ${name}${describeError(error)} with ${describeObserved(observed)} (${observation.sent.length} request(s)); ` +
        `allowed: ${allowed.map((expected, index) => `\n  ${describeExpected(expected)}  -- ${misses[index]}`).join('')}`,
    );
  } else {
    violations.push(...responseViolations(matched, client));
    if (scenario.keepFailedAttempts !== 0) {
      violations.push(
        ...reaskViolations(matched.reasks, observation, client, scenario.keepFailedAttempts),
      );
    }
    violations.push(...disconnectViolations(scenario, observation, matched));
  }

  violations.push(...yieldViolations(scenario, events));
  violations.push(...resultViolations(scenario, observation));
  const aborted = scenario.stop?.how === 'abort' || scenario.stop?.how === 'abort-in-hook';
  const earlyStop = scenario.maxTotalTokens !== undefined;
  violations.push(
    ...hookOrderViolations(client, scenario.maxRetries + 1, settled, aborted, earlyStop),
  );
  violations.push(...hookPayloadViolations({ error, result: observation.result }, client));
  if (scenario.perCallHooks && stop?.how !== 'abort-in-hook' && !lateResponse) {
    violations.push(...perCallOrderViolations(events.filter(isHook)));
  }
  violations.push(
    ...usageShapeViolations({ result: observation.result, error, events: client }, client),
  );
  violations.push(
    ...wireViolations(scenario.mode, observation.sent, {
      target:
        scenario.method === 'partial' || scenario.mode === Mode.PARALLEL_TOOLS
          ? 'User'
          : 'UserList',
      stream: { includeUsage: scenario.streamUsage },
      ...(scenario.keepFailedAttempts === undefined
        ? {}
        : { keepFailedAttempts: scenario.keepFailedAttempts }),
    }),
  );
  client
    .filter((event) => event.name === HookName.COMPLETION_KWARGS)
    .forEach(({ payload }, index) => {
      const sent = observation.sent[index];
      if (sent && !isDeepStrictEqual(payload, sent)) {
        violations.push(`completion:kwargs of attempt ${index + 1} is not the body that was sent`);
      }
    });
  if (!observation.callerMessagesIntact) violations.push('the caller’s messages were mutated');
  return violations;
}

/** How an observed trace matches an expected one, or why it does not. */
type TraceMatch = 'complete' | 'broken' | 'aborted' | Miss;
interface Miss {
  miss: string;
}

/** A hook (client handlers only) or a value, in order. */
type ObservedStep = { kind: 'hook'; name: HookName } | { kind: 'yield'; event: YieldEvent };

function observedTrace(events: readonly StreamEvent[]): ObservedStep[] {
  return events.flatMap((event): ObservedStep[] => {
    if (event.source === 'yield') return [{ kind: 'yield', event }];
    return event.source === 'client' ? [{ kind: 'hook', name: event.name }] : [];
  });
}

/** Undefined when `observation` is `expected` (cut after the k-th value if the loop broke); else why not. */
function outcomeMiss(
  scenario: StreamScenario,
  observation: StreamObservation,
  observed: readonly ObservedStep[],
  expected: ExpectedStreamOutcome,
): string | undefined {
  const traced = matchTrace(expected.trace, observed, scenario.stop);
  if (typeof traced === 'object') return traced.miss;
  const attempts = observed.filter(
    (step) => step.kind === 'hook' && step.name === HookName.COMPLETION_KWARGS,
  ).length;
  // A handler of completion:kwargs that aborts stops its attempt before the request.
  const { stop } = scenario;
  const unsent =
    traced === 'aborted' && stop?.how === 'abort-in-hook' && stop.event === 'completion:kwargs';
  if (observation.sent.length !== attempts - (unsent ? 1 : 0)) {
    return `${observation.sent.length} requests for ${attempts} attempts`;
  }
  if (traced === 'broken') {
    return observation.settled === 'broken' ? undefined : 'the loop should have broken';
  }
  if (observation.settled === 'broken') return 'the loop broke before its k-th value';
  const { error } = observation;
  if (traced === 'aborted') {
    const cause = error instanceof Error ? error.cause : undefined;
    // Known deviation: an abort after the stream ended goes unseen until the next hook, so a
    // stream without a finish reason ends with that ProviderError instead.
    const abortError = cause instanceof Error && cause.constructor.name === 'APIUserAbortError';
    return ProviderError.isInstance(error) && (abortError || tolerated.valuesAfterAbort)
      ? undefined
      : `an aborted call ended with ${outcomeNameOf({ settled: observation.settled, error })}${describeError(error)}`;
  }
  const name = outcomeNameOf({ settled: observation.settled, error });
  if (name !== expected.outcome) return `${name}, not ${expected.outcome}`;
  if (attempts !== expected.attempts) return `${attempts} attempts, not ${expected.attempts}`;
  if (expected.status !== undefined) {
    const status = ProviderError.isInstance(error) ? error.status : undefined;
    if (status !== expected.status) return `status ${status}, not ${expected.status}`;
  }
  const usage = observedUsage({
    result: observation.result,
    error,
    events: observation.events.filter(isHook),
  });
  if (
    expected.usage &&
    usage !== undefined &&
    !isDeepStrictEqual(usageCounts(usage), expected.usage)
  ) {
    return `usage ${JSON.stringify(usageCounts(usage))}, not ${JSON.stringify(expected.usage)}`;
  }
  return undefined;
}

/**
 * `complete`; `broken` (cut right after the k-th value, as a `break` must); `aborted` (after the
 * k-th value, the abort's `completion:error` and `completion:last_attempt`); or why the trace differs.
 */
function matchTrace(
  expected: readonly TraceStep[],
  observed: readonly ObservedStep[],
  stop: StreamScenario['stop'],
): TraceMatch {
  let at = 0;
  let values = 0;
  for (const [index, step] of expected.entries()) {
    if (step.kind === 'hook') {
      const next = observed[at];
      if (next?.kind !== 'hook' || next.name !== step.name) {
        return {
          miss: `step ${at}: ${next ? describeStep(next) : 'nothing'} where ${step.name} ${step.attempt} belongs`,
        };
      }
      at += 1;
      // A handler of this event aborts: the call ends there, like a provider error.
      if (
        stop?.how === 'abort-in-hook' &&
        stop.event === (step.name as string) &&
        stop.attempt === step.attempt
      ) {
        return abortedRest(observed.slice(at), { values: [], match: 'exact' }, undefined);
      }
      continue;
    }
    const { run } = step;
    let count = 0;
    let last: string | undefined;
    while (observed[at]?.kind === 'yield') {
      const event = (observed[at] as { event: YieldEvent }).event;
      // Known deviation: a repeated key may yield the partial before again.
      const repeat = event.snapshot === last && run.repeatedKeys && tolerated.repeatedPartials;
      last = event.snapshot;
      if (!repeat) {
        if (run.match !== 'any') {
          const wanted = run.values[count];
          if (!wanted) {
            return {
              miss: `step ${at}: value ${count + 1} of attempt ${step.attempt} is one too many`,
            };
          }
          const miss = yieldMiss(wanted, event);
          if (miss)
            return { miss: `step ${at}: value ${count + 1} of attempt ${step.attempt} ${miss}` };
        }
        count += 1;
      }
      at += 1;
      values += 1;
      if (stop?.how === 'abort-in-hook' || values !== stop?.after) continue;
      if (stop.how === 'break') {
        return at === observed.length ? 'broken' : { miss: `step ${at}: events after the break` };
      }
      // An abort after createPartial's last value comes after the call succeeded.
      if (run.values[count - 1]?.kind === 'final' && index === expected.length - 1) break;
      return abortedRest(observed.slice(at), { ...run, values: run.values.slice(count) }, last);
    }
    if (run.match === 'exact' && count !== run.values.length) {
      return {
        miss: `attempt ${step.attempt} yielded ${count} value(s), not ${run.values.length}`,
      };
    }
  }
  return at === observed.length
    ? 'complete'
    : { miss: `step ${at}: ${describeStep(observed[at]!)} after the end` };
}

/** What may follow the value after which the loop aborted: the abort's hooks, and nothing else. */
function abortedRest(
  rest: readonly ObservedStep[],
  run: Pick<YieldRun, 'values' | 'match' | 'repeatedKeys'>,
  last: string | undefined,
): 'aborted' | Miss {
  let at = 0;
  let count = 0;
  let previous = last;
  // Known deviation: values already received keep coming after the abort.
  while (rest[at]?.kind === 'yield' && tolerated.valuesAfterAbort) {
    const event = (rest[at] as { event: YieldEvent }).event;
    const repeat =
      event.snapshot === previous && run.repeatedKeys === true && tolerated.repeatedPartials;
    previous = event.snapshot;
    at += 1;
    if (repeat || run.match === 'any') continue;
    const wanted = run.values[count];
    if (!wanted) return { miss: `value ${at} after the abort is one too many` };
    const miss = yieldMiss(wanted, event);
    if (miss) return { miss: `value ${at} after the abort ${miss}` };
    count += 1;
  }
  const names = rest.slice(at).map((step) => (step.kind === 'hook' ? step.name : 'value'));
  // Known deviation: an abort after the last chunk was read still lets completion:response fire.
  if (names[0] === HookName.COMPLETION_RESPONSE && tolerated.valuesAfterAbort) names.shift();
  const wanted = [HookName.COMPLETION_ERROR, HookName.COMPLETION_LAST_ATTEMPT];
  return isDeepStrictEqual(names, wanted)
    ? 'aborted'
    : { miss: `after the abort: ${names.join(' ') || 'nothing'}, not ${wanted.join(' ')}` };
}

function yieldMiss(wanted: ExpectedYield, event: YieldEvent): string | undefined {
  if (wanted.kind === 'partial') {
    return event.snapshot === wanted.snapshot
      ? undefined
      : `is ${event.snapshot}, not ${wanted.snapshot}`;
  }
  const value = event.value as Record<string, unknown>;
  if (!event.isUser || !isRecord(value) || Object.keys(value).sort().join() !== 'age,name') {
    return `is ${event.snapshot}, not a validated User`;
  }
  const data = wanted.data;
  if (data && (value.name !== data.name || value.age !== data.age)) {
    return `is ${event.snapshot}, not ${canonical(data)}`;
  }
  return undefined;
}

/** Every value is a User, stamped with the attempt it came from; partials of one attempt all differ. */
function yieldViolations(scenario: StreamScenario, events: readonly StreamEvent[]): string[] {
  const violations: string[] = [];
  let attempts = 0;
  let previous: string | undefined;
  events.forEach((event, index) => {
    if (event.source === 'client' && event.name === HookName.COMPLETION_KWARGS) {
      attempts += 1;
      previous = undefined;
    }
    if (event.source === 'client' && event.name === HookName.COMPLETION_RESPONSE)
      previous = undefined;
    if (event.source !== 'yield') return;
    const arrayRoot = scenario.method === 'partial' && Array.isArray(event.value);
    if (!event.isUser && !(arrayRoot && tolerated.arrayRootPartials)) {
      violations.push(`value ${index} is not a User: ${event.snapshot.slice(0, 80)}`);
    }
    if (event.attemptNumber !== attempts) {
      violations.push(
        `value ${index} says attempt ${event.attemptNumber} during attempt ${attempts}`,
      );
    }
    const repeats =
      scenario.method === 'partial' && previous !== undefined && previous === event.snapshot;
    if (repeats && !(tolerated.repeatedPartials && repeatedKeysIn(scenario, attempts))) {
      violations.push(
        `value ${index} repeats the partial before it: ${event.snapshot.slice(0, 80)}`,
      );
    }
    previous = event.snapshot;
  });
  const values = events.filter((event): event is YieldEvent => event.source === 'yield');
  if (
    scenario.method === 'iterable' &&
    new Set(values.map((event) => event.value)).size !== values.length
  ) {
    violations.push('an element was yielded twice');
  }
  return [...new Set(violations)];
}

/** The reply of `attempt` repeats a key (a known deviation may then repeat a partial). */
function repeatedKeysIn(scenario: StreamScenario, attempt: number): boolean {
  return expectedStreamOutcomes(scenario).some((outcome) =>
    outcome.trace.some(
      (step) =>
        step.kind === 'yields' && step.attempt === attempt && step.run.repeatedKeys === true,
    ),
  );
}

/** `stream.result`: set once the call succeeded, its data the values yielded. */
function resultViolations(scenario: StreamScenario, observation: StreamObservation): string[] {
  const { result, settled, events } = observation;
  const values = events.filter((event): event is YieldEvent => event.source === 'yield');
  const attempts = events.filter(
    (event) => event.source === 'client' && event.name === HookName.COMPLETION_KWARGS,
  ).length;
  if (settled === 'rejected') return result ? ['stream.result is set after the loop threw'] : [];
  if (settled === 'broken') {
    // Stopped early: no result, unless the break came with createPartial's last value.
    const last = values.at(-1);
    const atEnd =
      scenario.method === 'partial' && result !== undefined && result.data === last?.value;
    return result && !atEnd ? ['stream.result is set after the loop broke early'] : [];
  }
  if (!result) return ['stream.result is undefined after the loop ended'];
  const violations: string[] = [];
  if (result.attempts !== attempts)
    violations.push(`stream.result.attempts is ${result.attempts}, not ${attempts}`);
  if (scenario.method === 'partial') {
    if (result.data !== values.at(-1)?.value)
      violations.push('stream.result.data is not the last value');
  } else {
    const data = result.data as unknown[];
    if (
      !Array.isArray(data) ||
      data.length !== values.length ||
      data.some((item, index) => item !== values[index]!.value)
    ) {
      violations.push('stream.result.data is not every value yielded, in order');
    }
  }
  const responses = events.filter(
    (event): event is RecordedEvent =>
      event.source === 'client' && event.name === HookName.COMPLETION_RESPONSE,
  );
  const last = responses.at(-1)?.payload;
  if (last === undefined || canonical(result.completion) !== canonical(last)) {
    violations.push('stream.result.completion is not the last completion:response');
  }
  return violations;
}

/** Each `completion:response` gets the completion its stream amounts to. */
function responseViolations(expected: ExpectedStreamOutcome, client: RecordedEvent[]): string[] {
  const violations: string[] = [];
  let attempt = 0;
  for (const event of client) {
    if (event.name === HookName.COMPLETION_KWARGS) attempt += 1;
    if (event.name !== HookName.COMPLETION_RESPONSE) continue;
    const wanted = expected.responses[attempt - 1];
    if (!wanted) continue;
    const miss = responseMiss(event.payload, wanted);
    if (miss) violations.push(`completion:response of attempt ${attempt}: ${miss}`);
  }
  return violations;
}

function responseMiss(payload: unknown, wanted: ExpectedResponse): string | undefined {
  if (!isRecord(payload) || payload.object !== 'chat.completion') return 'not a chat.completion';
  const choice: unknown = Array.isArray(payload.choices) ? payload.choices[0] : undefined;
  if (!isRecord(choice) || !isRecord(choice.message)) return 'no first choice with a message';
  const { message } = choice;
  if (choice.finish_reason !== wanted.finishReason)
    return `finish_reason ${String(choice.finish_reason)}`;
  const content = message.content;
  if (wanted.content !== '' ? content !== wanted.content : content !== null && content !== '') {
    return `content ${JSON.stringify(content)?.slice(0, 80)}, not ${JSON.stringify(wanted.content).slice(0, 80)}`;
  }
  if (message.refusal !== (wanted.refusal === '' ? null : wanted.refusal)) {
    return `refusal ${JSON.stringify(message.refusal)}`;
  }
  const calls: unknown[] = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const got = calls.map((call) => {
    const fn = isRecord(call) && isRecord(call.function) ? call.function : {};
    return { id: isRecord(call) ? call.id : undefined, name: fn.name, arguments: fn.arguments };
  });
  if (canonical(got) !== canonical(wanted.toolCalls))
    return `tool calls ${canonical(got).slice(0, 200)}`;
  if (message.tool_calls !== undefined && wanted.toolCalls.length === 0) return 'tool_calls set';
  const usage = payload.usage === undefined ? undefined : canonical(payload.usage);
  if (usage !== wanted.usage) return `usage ${usage}, not ${wanted.usage}`;
  return undefined;
}

/**
 * createIterable's re-asks name the elements accepted so far (docs/streaming.md), and an element
 * that fails is numbered after them in the parse:error it causes.
 */
function reaskViolations(
  reasks: readonly ListReask[],
  observation: StreamObservation,
  client: RecordedEvent[],
  keepFailedAttempts: number | undefined,
): string[] {
  const violations: string[] = [];
  const parseErrors = client.filter((event) => event.name === HookName.PARSE_ERROR);
  for (const { request, accepted, failure } of reasks) {
    const body = observation.sent[request - 1];
    // keepFailedAttempts 1: each re-ask follows the first request's messages.
    const before = observation.sent[keepFailedAttempts === 1 ? 0 : request - 2];
    if (!body || !before || accepted === undefined) continue;
    const appended = (body.messages as unknown[]).slice((before.messages as unknown[]).length);
    const texts = appended
      .filter(
        (message): message is { content: string } =>
          isRecord(message) && typeof message.content === 'string',
      )
      .map((message) => message.content);
    const correction = texts.at(-1) ?? '';
    const count = accepted.length;
    const where = `the re-ask in request ${request}`;
    if (count > 0) {
      const shown = `[${accepted.map((element) => element.text).join(',')}]`;
      const wanted =
        shown.length <= 20_000
          ? `Elements 1 to ${count} were accepted: ${shown}. Reply again with the remaining elements only, from element ${count + 1} on, fixing these errors; do not repeat the accepted ones.`
          : `Elements 1 to ${count} were accepted: [`;
      if (!correction.includes(wanted)) {
        violations.push(
          `${where} does not say: ${wanted.slice(0, 300)}\n    it says: ${correction.slice(0, 400)}`,
        );
      }
    } else {
      if (correction.includes('were accepted'))
        violations.push(`${where} names accepted elements; there are none`);
      if (
        failure === 'element' &&
        !correction.includes('Reply again with the whole list, fixing these errors.')
      ) {
        violations.push(
          `${where} does not ask for the whole list again: ${correction.slice(0, 300)}`,
        );
      }
    }
    const error = parseErrors[request - 2]?.payload;
    if (failure === 'element') {
      const prefix = `Element ${count + 1}: `;
      if (!ValidationError.isInstance(error) || !error.message.startsWith(prefix)) {
        violations.push(
          `parse:error of attempt ${request - 1} does not start with "${prefix}": ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`,
        );
      }
    }
  }
  return violations;
}

/** FakeOpenAIServer counts the replies the client abandoned: a kept-open reply broken off counts exactly once. */
function disconnectViolations(
  scenario: StreamScenario,
  observation: StreamObservation,
  matched: ExpectedStreamOutcome,
): string[] {
  const attempts = observation.sent.length;
  let low = 0;
  let high = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const plan = scenario.replies[attempt - 1];
    let [min, max] = matched.disconnects[attempt - 1] ?? [0, 0];
    const stopped = observation.settled === 'broken' || scenario.stop?.how === 'abort';
    // (a handler that aborts acts once its stream was read, or before its request went out)
    if (stopped && attempt === attempts && plan?.kind !== 'fault') {
      min = observation.keptOpen === attempt ? 1 : min;
      max = 1;
    }
    low += min;
    high += max;
  }
  const seen = observation.disconnects;
  return seen < low || seen > high
    ? [`server.disconnects is ${seen}, expected ${low === high ? low : `${low} to ${high}`}`]
    : [];
}

function describeStep(step: ObservedStep): string {
  return step.kind === 'hook' ? step.name : `value ${step.event.snapshot.slice(0, 60)}`;
}

function describeEvent(event: StreamEvent): string {
  return event.source === 'yield' ? 'value' : event.name;
}

function describeObserved(steps: readonly ObservedStep[]): string {
  return compact(steps.map((step) => (step.kind === 'hook' ? shortName(step.name) : 'v')));
}

function describeExpected(expected: ExpectedStreamOutcome): string {
  const parts = expected.trace.map((step) =>
    step.kind === 'hook'
      ? shortName(step.name)
      : `v×${step.run.match === 'any' ? '?' : `${step.run.match === 'prefix' ? '≤' : ''}${step.run.values.length}`}`,
  );
  const extra = [
    expected.status === undefined ? '' : ` status ${expected.status}`,
    expected.usage ? ` usage ${Object.values(expected.usage).join('/')}` : '',
  ].join('');
  return `${expected.outcome} after ${expected.attempts} attempt(s)${extra}: ${parts.join(' ')}`;
}

function shortName(name: HookName): string {
  return name.replace('completion:', '');
}

/** `v v v` as `v×3`. */
function compact(parts: string[]): string {
  const out: string[] = [];
  for (let index = 0; index < parts.length;) {
    let end = index;
    while (parts[end] === parts[index]) end += 1;
    out.push(end - index > 1 ? `${parts[index]}×${end - index}` : parts[index]!);
    index = end;
  }
  return out.join(' ');
}
