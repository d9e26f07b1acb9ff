import {
  HookName,
  InstructorRetryException,
  ProviderError,
  RefusalError,
  ValidationError,
} from '../../../src';
import type { CallObservation, RecordedEvent } from './pipeline.harness';

// docs/hooks.md. The order of events, as a state machine over one call's client events:
//   attempt := kwargs ( error | response usage ( error | parse:error | <end: success> ) )
//   error := completion:error last_attempt <end>
//   parse:error := kwargs (next attempt) | last_attempt <end>   (the latter on the last attempt,
//                  or earlier when the call may stop early: a token budget)

type State = 'start' | HookName | 'success';

const NEXT: Record<State, readonly HookName[]> = {
  start: [HookName.COMPLETION_KWARGS],
  [HookName.COMPLETION_KWARGS]: [HookName.COMPLETION_RESPONSE, HookName.COMPLETION_ERROR],
  [HookName.COMPLETION_RESPONSE]: [HookName.COMPLETION_USAGE],
  [HookName.COMPLETION_USAGE]: [HookName.COMPLETION_ERROR, HookName.PARSE_ERROR],
  [HookName.COMPLETION_ERROR]: [HookName.COMPLETION_LAST_ATTEMPT],
  [HookName.PARSE_ERROR]: [HookName.COMPLETION_KWARGS, HookName.COMPLETION_LAST_ATTEMPT],
  [HookName.COMPLETION_LAST_ATTEMPT]: [],
  success: [],
};

/** What the order and attempt payloads of one call's client events break of docs/hooks.md. */
export function hookOrderViolations(
  events: readonly RecordedEvent[],
  maxAttempts: number,
  settled: 'resolved' | 'rejected' | 'broken',
  aborted: boolean,
  earlyStop = false,
): string[] {
  const violations: string[] = [];
  const client = events.filter((event) => event.source === 'client');
  let state: State = 'start';
  let attemptNumber = 0;
  for (const [index, { name, attempt }] of client.entries()) {
    const allowed: HookName[] = [...NEXT[state]];
    // An abort from a response handler may end the attempt before its usage event.
    if (aborted && state === HookName.COMPLETION_RESPONSE) allowed.push(HookName.COMPLETION_ERROR);
    if (state === HookName.PARSE_ERROR && !(earlyStop && attemptNumber < maxAttempts)) {
      allowed.splice(
        allowed.indexOf(
          attemptNumber < maxAttempts
            ? HookName.COMPLETION_LAST_ATTEMPT
            : HookName.COMPLETION_KWARGS,
        ),
        1,
      );
    }
    if (!allowed.includes(name)) {
      violations.push(
        `event ${index} is ${name} after ${state}; allowed: ${allowed.join(', ') || 'nothing'}`,
      );
      break;
    }
    if (name === HookName.COMPLETION_KWARGS) attemptNumber += 1;
    state = name;
    // A parse:error is the attempt's last when no re-ask follows it.
    const ends =
      name === HookName.PARSE_ERROR && client[index + 1]?.name === HookName.COMPLETION_LAST_ATTEMPT;
    if (attempt) {
      violations.push(...attemptViolations(name, attempt, attemptNumber, maxAttempts, ends));
    }
  }
  if (settled === 'resolved' && state !== HookName.COMPLETION_USAGE) {
    violations.push(`a successful call's events end with ${state}, not completion:usage`);
  }
  if (settled === 'rejected' && client.length > 0 && state !== HookName.COMPLETION_LAST_ATTEMPT) {
    violations.push(`a failed call's events end with ${state}, not completion:last_attempt`);
  }
  return violations;
}

function attemptViolations(
  name: HookName,
  attempt: { attemptNumber: number; maxAttempts: number; isLastAttempt: boolean },
  attemptNumber: number,
  maxAttempts: number,
  ends: boolean,
): string[] {
  const violations: string[] = [];
  if (attempt.attemptNumber !== attemptNumber || attempt.maxAttempts !== maxAttempts) {
    violations.push(
      `${name} says attempt ${attempt.attemptNumber}/${attempt.maxAttempts}; it is ${attemptNumber}/${maxAttempts}`,
    );
  }
  // The final attempt is the last; so is any attempt that ends the call.
  const mustBeLast =
    name === HookName.COMPLETION_ERROR ||
    name === HookName.COMPLETION_LAST_ATTEMPT ||
    attemptNumber === maxAttempts ||
    ends;
  const mayBeLast = mustBeLast || name === HookName.COMPLETION_USAGE;
  if (mustBeLast && !attempt.isLastAttempt) violations.push(`${name} has isLastAttempt false`);
  if (!mayBeLast && attempt.isLastAttempt) violations.push(`${name} has isLastAttempt true`);
  return violations;
}

/** Hook payloads are the very errors the call saw, and the caller gets the documented wrappers. */
export function hookPayloadViolations(
  { error, result }: Pick<CallObservation, 'error'> & { result?: unknown },
  client: RecordedEvent[],
): string[] {
  const violations: string[] = [];
  const payloadsOf = (name: HookName) =>
    client.filter((event) => event.name === name).map((event) => event.payload);
  const parseErrors = payloadsOf(HookName.PARSE_ERROR);
  if (parseErrors.some((payload) => !ValidationError.isInstance(payload))) {
    violations.push('a parse:error payload is not a ValidationError');
  }
  const [lastAttempt, ...more] = payloadsOf(HookName.COMPLETION_LAST_ATTEMPT);
  if (more.length > 0) violations.push(`completion:last_attempt fired ${more.length + 1} times`);
  if (result && lastAttempt) violations.push('completion:last_attempt fired on a successful call');
  if (InstructorRetryException.isInstance(error)) {
    const failed = error.failedAttempts.map((attempt) => attempt.error);
    if (failed.length !== error.nAttempts || failed.length !== parseErrors.length) {
      violations.push(
        `${failed.length} failed attempts, nAttempts ${error.nAttempts}, ${parseErrors.length} parse:error events`,
      );
    }
    if (failed.some((failure, index) => failure !== parseErrors[index])) {
      violations.push('failedAttempts are not the errors given to parse:error');
    }
    if (error.cause !== failed.at(-1) || lastAttempt !== error.cause) {
      violations.push(
        'the retry exception’s cause is not the last ValidationError given to last_attempt',
      );
    }
  } else if (error !== undefined && lastAttempt !== undefined && lastAttempt !== error) {
    violations.push('completion:last_attempt got another error than the call threw');
  }
  const completionErrors = payloadsOf(HookName.COMPLETION_ERROR);
  if (completionErrors.some((payload) => payload !== error)) {
    violations.push('completion:error got another error than the call threw');
  }
  if (RefusalError.isInstance(error) && typeof error.refusal !== 'string') {
    violations.push(`RefusalError.refusal is a ${typeof error.refusal}, not a string`);
  }
  if (ProviderError.isInstance(error) && error.provider !== 'openai') {
    violations.push(`ProviderError.provider is ${error.provider}`);
  }
  return violations;
}

/** Per-call handlers run right after the client's, for every event. */
export function perCallOrderViolations(events: RecordedEvent[]): string[] {
  for (let index = 0; index < events.length; index += 2) {
    const [client, call] = [events[index]!, events[index + 1]];
    if (
      client.source !== 'client' ||
      call?.source !== 'call' ||
      call.name !== client.name ||
      call.payload !== client.payload
    ) {
      return [
        `event ${index}: client and per-call handlers do not alternate (${client.source} ${client.name}, then ${call?.source} ${call?.name})`,
      ];
    }
  }
  return [];
}
