import { Mode } from '../../../src';
import { errorBody, buildCompletion } from '../../../src/testing/reply-script';
import type { GeneratedReply } from '../../../src/testing';
import { scriptFor, type ReplyPlan } from './call-scenario';

// What one reply means for one attempt, read from the wire the way the docs say a reply is read
// (SPEC §3 and §5, docs/modes.md). Pure: no HTTP, no library code beyond the testing kit's
// rendering of its own scripts.

/** The `User` fixture's fields as a reply carried them. */
export interface UserFields {
  name: string;
  age: number;
}

/** Token counts one reply adds to the call's usage (odd counts count as zero). */
export interface UsageCounts {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** The outcome of one attempt. A reply the docs leave open yields several, all accepted. */
export type Verdict =
  | { kind: 'provider'; status?: number }
  | { kind: 'incomplete'; usage: UsageCounts }
  | { kind: 'refusal'; usage: UsageCounts }
  /** `data` undefined: valid, with fields the oracle does not pin down. */
  | { kind: 'valid'; usage: UsageCounts; data?: UserFields }
  | { kind: 'invalid'; usage: UsageCounts };

/** A reply as the SDK meets it: an HTTP response, or a failure below HTTP. */
export type WireReply =
  { kind: 'http'; status: number; contentType: string; body: string } | { kind: 'transport' };

const JSON_TYPE = 'application/json';
// Past this depth a recursive copy or serializer of a parsed value may run out of stack.
const DEEP = 1_000;

/** The response `plan` stands for, as the server sends it for request number `requestNumber`. */
export function wireReplyOf(plan: ReplyPlan, requestNumber: number): WireReply {
  switch (plan.kind) {
    case 'generated': {
      const context = {
        requestNumber,
        created: 1,
        request: { model: 'gpt-4.1-mini', messages: [] },
      };
      const script = scriptFor(plan, 0) as GeneratedReply;
      const body = JSON.stringify(buildCompletion(script, context));
      return { kind: 'http', status: 200, contentType: JSON_TYPE, body };
    }
    case 'body':
      return { kind: 'http', status: plan.status, contentType: plan.contentType, body: plan.body };
    case 'scripted-error': {
      const body = errorBody(plan.message, 'invalid_request_error');
      return { kind: 'http', status: plan.status, contentType: JSON_TYPE, body };
    }
    case 'hang-up':
      // The SDK reads an error status's body leniently; a completion cut off is no completion.
      return plan.status >= 200 && plan.status < 300
        ? { kind: 'transport' }
        : wireReplyOf({ ...plan, kind: 'body', contentType: JSON_TYPE }, requestNumber);
    case 'timeout':
    case 'fault':
      return { kind: 'transport' };
    case 'stream':
      // What a request that does not stream meets; streamed requests: stream-verdict.ts.
      return plan.stream.fault.kind === 'hang-up'
        ? { kind: 'transport' }
        : { kind: 'http', status: 200, contentType: 'text/event-stream', body: '' };
  }
}

/** Every outcome the docs allow for one attempt that received `reply`, in `mode`. */
export function verdictsOf(reply: WireReply, mode: Mode): Verdict[] {
  if (reply.kind === 'transport') return [{ kind: 'provider' }];
  // fetch itself turns a 407 into a network error (it is the proxy's status, and there is none).
  if (reply.status === 407) return [{ kind: 'provider' }];
  // fetch re-sends a request answered 421 on a new connection; the server has no reply queued
  // for that one and answers 500.
  if (reply.status === 421) return [{ kind: 'provider', status: 500 }];
  if (reply.status < 200 || reply.status > 299) return [{ kind: 'provider', status: reply.status }];
  // The SDK reads JSON only under a JSON content type, and no body at all for a 204.
  if (reply.status === 204 || !reply.contentType.startsWith(JSON_TYPE))
    return [{ kind: 'provider' }];
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    return [{ kind: 'provider' }];
  }
  if (!isRecord(body)) return [{ kind: 'provider' }];
  // A 200 carrying an error object instead of choices is the provider's failure.
  const errorShaped = isRecord(body.error);
  if (errorShaped && !('choices' in body)) return [{ kind: 'provider' }];
  const verdicts = completionVerdicts(body, mode);
  return errorShaped ? [{ kind: 'provider' }, ...verdicts] : verdicts;
}

function completionVerdicts(body: Record<string, unknown>, mode: Mode): Verdict[] {
  const usage = usageCounts(body.usage);
  const first: unknown = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (isRecord(first) && first.finish_reason === 'length') return [{ kind: 'incomplete', usage }];
  const message = isRecord(first) && isRecord(first.message) ? first.message : undefined;
  // "A reply with `message.refusal` set": anything but absent, null, '' or false.
  const refusal = message?.refusal;
  if (refusal !== undefined && refusal !== null && refusal !== '' && refusal !== false) {
    return [{ kind: 'refusal', usage }];
  }
  if (!message) return [{ kind: 'invalid', usage }];
  const payloads =
    mode === Mode.TOOLS || mode === Mode.TOOLS_STRICT
      ? toolPayloads(message)
      : textPayloads(message, mode);
  return payloads.map((payload) => ({ ...payload, usage }));
}

export type Payload = { kind: 'valid'; data?: UserFields } | { kind: 'invalid' };

// Tool modes: exactly one function call of the forced tool, its arguments JSON text or an object.
function toolPayloads(message: Record<string, unknown>): Payload[] {
  const calls: unknown[] = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const named = (wanted: (type: unknown) => boolean) =>
    calls.filter(
      (call): call is { type?: unknown; function: { name: string; arguments?: unknown } } =>
        isRecord(call) &&
        wanted(call.type) &&
        isRecord(call.function) &&
        call.function.name === 'User',
    );
  const typed = named((type) => type === 'function');
  const untyped = named((type) => type === undefined);
  const verdictOf = (forced: typeof typed): Payload[] =>
    forced.length === 1 ? argumentsPayloads(forced[0]!.function.arguments) : [{ kind: 'invalid' }];
  // A call without `type` is not a function call by the letter of the API; either reading passes.
  return untyped.length === 0
    ? verdictOf(typed)
    : [...verdictOf(typed), ...verdictOf([...typed, ...untyped])];
}

function argumentsPayloads(value: unknown): Payload[] {
  if (typeof value === 'string') return parsedPayloads(value);
  if (typeof value !== 'object' || value === null) return [{ kind: 'invalid' }];
  return userPayloads(value);
}

// Text modes: the content, whole (JSON, JSON_SCHEMA) or from its markdown (MD_JSON).
function textPayloads(message: Record<string, unknown>, mode: Mode): Payload[] {
  const content = message.content;
  if (typeof content !== 'string') return [{ kind: 'invalid' }];
  if (mode !== Mode.MD_JSON) return parsedPayloads(content);
  const json = markdownJson(content);
  return json === undefined ? [{ kind: 'invalid' }, { kind: 'valid' }] : parsedPayloads(json);
}

/**
 * docs/modes.md: the first ```json block, else the first fenced block, else the span from the first
 * `{` to the last `}`, else the whole text. Undefined for backticks beyond a single fence: the rule
 * is clear there too, but which backticks open a fence is the parser's business.
 */
export function markdownJson(text: string): string | undefined {
  if (!text.includes('`')) {
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    return start !== -1 && end > start ? text.slice(start, end + 1) : text.trim();
  }
  const single = /^[^`]*```[A-Za-z]*\n([^`]*)\n```[^`]*$/.exec(text);
  return single ? single[1]!.trim() : undefined;
}

function parsedPayloads(text: string): Payload[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [{ kind: 'invalid' }];
  }
  return userPayloads(value);
}

/**
 * A valid `User` nested deep under keys it does not declare may also be refused: SPEC §10 asks
 * such hostile payloads for a typed error, not for which one.
 */
function userPayloads(value: unknown): Payload[] {
  const payload = userPayload(value);
  return payload.kind === 'valid' && depthOf(value) > DEEP
    ? [payload, { kind: 'invalid' }]
    : [payload];
}

/** `User`: a JSON object with an own string `name` and an own integer `age` >= 0. */
export function userPayload(value: unknown): Payload {
  if (!isRecord(value) || !Object.hasOwn(value, 'name') || !Object.hasOwn(value, 'age')) {
    return { kind: 'invalid' };
  }
  const { name, age } = value;
  if (typeof name !== 'string' || typeof age !== 'number' || !Number.isInteger(age) || age < 0) {
    return { kind: 'invalid' };
  }
  return { kind: 'valid', data: { name, age } };
}

/** Counts as SPEC §5 sums them; a count that is not a finite number is zero. */
export function usageCounts(usage: unknown): UsageCounts {
  const count = (key: keyof UsageCounts): number => {
    const value = isRecord(usage) ? usage[key] : undefined;
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  return {
    prompt_tokens: count('prompt_tokens'),
    completion_tokens: count('completion_tokens'),
    total_tokens: count('total_tokens'),
  };
}

function depthOf(root: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[root, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return deepest;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
