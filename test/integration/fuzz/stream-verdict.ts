import { Mode } from '../../../src';
import type { ReplyPlan } from './call-scenario';
import { tolerated } from './known-deviations';
import {
  canonical,
  markdownAtEnd,
  markdownStreamed,
  readJsonPrefix,
  type ReadElement,
} from './partial-json.reference';
import {
  isRecord,
  markdownJson,
  usageCounts,
  userPayload,
  verdictsOf,
  wireReplyOf,
  type UsageCounts,
  type UserFields,
} from './reply-verdict';
import { deliveredChunks, renderStream, type SentChunk, type StreamMessage } from './stream-reply';

// What one streamed attempt must do, read from docs/streaming.md: the values it yields while the
// stream runs, how it ends, and the completion `completion:response` gets. Pure.

/** The streaming method a scenario calls. */
export type StreamMethod = 'partial' | 'iterable';

/** A value the loop yields, as far as the docs pin it down. */
export type ExpectedYield =
  /** A partial while streaming: exactly this snapshot (`canonical` text). */
  | { kind: 'partial'; snapshot: string }
  /** createPartial's last value: the validated instance (`data` when the oracle knows its fields). */
  | { kind: 'final'; data?: UserFields }
  /** createIterable: an accepted element, and its JSON as the re-ask lists it. */
  | { kind: 'element'; data: UserFields; text: string };

/** The values of one attempt's stream. */
export interface YieldRun {
  values: ExpectedYield[];
  /** `exact`: these values; `prefix`: the first n of them (a dropped connection may lose the last chunks); `any`: not pinned down. */
  match: 'exact' | 'prefix' | 'any';
  /** The reply repeats a key: a known deviation may yield a partial twice in a row. */
  repeatedKeys?: boolean;
  /** How many of the values (the last ones) come only once the stream ended (MD_JSON without a fence). */
  atEnd?: number;
}

/** How an attempt ends once its stream is over. */
export type AttemptEnd =
  | { kind: 'provider'; status?: number }
  | { kind: 'incomplete'; usage: UsageCounts }
  | { kind: 'refusal'; usage: UsageCounts }
  /** `data`: createPartial's validated fields when known. */
  | { kind: 'valid'; usage: UsageCounts; data?: UserFields }
  /** Re-asked: `element` when a list element failed, `end` when the finished reply did. */
  | { kind: 'invalid'; usage: UsageCounts; failure: 'element' | 'end' };

/** The completion `completion:response` must get (docs/streaming.md, "Hooks while streaming"). */
export interface ExpectedResponse {
  finishReason: string;
  content: string;
  refusal: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  /** The `usage` object of the last chunk that had one, canonical; undefined: none. */
  usage: string | undefined;
}

/** One way a streamed attempt may go. */
export interface StreamVerdict {
  yields: YieldRun;
  end: AttemptEnd;
  /** Set when `completion:response` fires. */
  response?: ExpectedResponse;
  /** How many disconnects FakeOpenAIServer counts for this reply: [at least, at most]. */
  disconnects: [number, number];
}

const TOOL_MODES: readonly Mode[] = [Mode.TOOLS, Mode.TOOLS_STRICT];
/** What a partial User shows: its declared properties only. */
const USER_KEYS: ReadonlySet<string> = new Set(['name', 'age']);
/** Modes whose JSON comes in tool call arguments, one channel per call. */
const CALL_MODES: readonly Mode[] = [...TOOL_MODES, Mode.PARALLEL_TOOLS];

/** Every way the docs allow an attempt of `method` that gets `plan` (as a streamed request) to go. */
export function streamVerdictsOf(
  plan: ReplyPlan,
  method: StreamMethod,
  mode: Mode,
): StreamVerdict[] {
  const none: YieldRun = { values: [], match: 'exact' };
  if (plan.kind === 'generated' || plan.kind === 'timeout') {
    throw new Error(`stream scenarios do not use ${plan.kind} replies`);
  }
  if (plan.kind !== 'stream') {
    // The SDK fails before the first chunk: an HTTP error, or a body that is not SSE at all.
    // The status a ProviderError carries, as for create (407 and 421 are fetch's own business).
    const [verdict] = verdictsOf(wireReplyOf(plan, 1), Mode.TOOLS);
    const status = verdict?.kind === 'provider' ? verdict.status : undefined;
    const served = plan.kind !== 'fault';
    const dropped = plan.kind === 'hang-up' ? 1 : 0;
    return [
      {
        yields: none,
        end: status === undefined ? { kind: 'provider' } : { kind: 'provider', status },
        disconnects: served ? [dropped, dropped] : [0, 0],
      },
    ];
  }
  const { stream } = plan;
  const rendered = renderStream(stream);
  const delivered = deliveredChunks(rendered);
  const { fault } = stream;
  const clean = fault.kind === 'none';
  const list = method === 'iterable' ? iterableYields(delivered, mode, clean) : undefined;
  const reading = list ?? partialYields(delivered, mode, clean);
  // MD_JSON without a fence hands nothing on while streaming: its values come at the end.
  const content = stream.message.content ?? '';
  if (mode === Mode.MD_JSON && clean && !markdownStreamed(content).fenced) {
    reading.yields.atEnd = reading.yields.values.length;
  }
  if (fault.kind === 'hang-up') {
    return [
      {
        yields: { ...reading.yields, match: prefixOf(reading.yields) },
        end: { kind: 'provider' },
        disconnects: [1, 1],
      },
    ];
  }
  if (fault.kind === 'malformed') {
    return [{ yields: reading.yields, end: { kind: 'provider' }, disconnects: [0, 1] }];
  }
  const { message } = stream;
  if (message.finishReason === null) {
    return [{ yields: reading.yields, end: { kind: 'provider' }, disconnects: [0, 0] }];
  }
  const response = expectedResponse(message);
  const usage = usageCounts(usageObject(message));
  const verdict = (end: AttemptEnd, yields = reading.yields): StreamVerdict => ({
    yields,
    end,
    response,
    disconnects: [0, 0],
  });
  if (message.finishReason === 'length') return [verdict({ kind: 'incomplete', usage })];
  if (response.refusal !== '') return [verdict({ kind: 'refusal', usage })];
  if (method === 'partial') {
    const body = completionBody(message);
    return verdictsOf(
      { kind: 'http', status: 200, contentType: 'application/json', body },
      mode,
    ).map((outcome) => {
      if (outcome.kind === 'valid') {
        const final: ExpectedYield = {
          kind: 'final',
          ...(outcome.data ? { data: outcome.data } : {}),
        };
        return verdict(
          { kind: 'valid', usage, ...(outcome.data ? { data: outcome.data } : {}) },
          { ...reading.yields, values: [...reading.yields.values, final] },
        );
      }
      if (outcome.kind === 'invalid') return verdict({ kind: 'invalid', usage, failure: 'end' });
      throw new Error(`a streamed completion read as ${outcome.kind}`);
    });
  }
  if (list!.elementFailed) return [verdict({ kind: 'invalid', usage, failure: 'element' })];
  return listEnds(message, mode, list!).map((valid) =>
    verdict(valid ? { kind: 'valid', usage } : { kind: 'invalid', usage, failure: 'end' }),
  );
}

function prefixOf(yields: YieldRun): YieldRun['match'] {
  return yields.match === 'any' ? 'any' : 'prefix';
}

/**
 * What the mode's reader hands the parser of each channel after each chunk (undefined: not
 * pinned down), and, for MD_JSON, once the stream ended cleanly. `answer`: only the answer is
 * read, the content or the first call of that tool (create() too filters calls by name).
 */
function channelTexts(
  delivered: readonly SentChunk[],
  mode: Mode,
  answer: string | undefined,
  endedCleanly: boolean,
): Map<number, (string | undefined)[]> {
  const texts = new Map<number, (string | undefined)[]>();
  const sofar = new Map<number, string | undefined>();
  const names = new Map<number, string>();
  let chosen: number | undefined;
  const isAnswer = (index: number): boolean => {
    if (answer === undefined) return true;
    if (chosen !== undefined) return index === chosen;
    const known = names.get(index);
    if (known !== undefined && known !== answer) return false;
    chosen = index;
    return true;
  };
  const record = (position: number): void => {
    for (const [channel, text] of sofar) {
      const list = texts.get(channel) ?? new Array<string | undefined>(position).fill('');
      list[position] = text;
      texts.set(channel, list);
    }
  };
  let content = '';
  delivered.forEach((chunk, position) => {
    const delta = chunk.delta;
    if (CALL_MODES.includes(mode)) {
      const call = delta?.toolCall;
      if (call?.name !== undefined && !names.has(call.index)) names.set(call.index, call.name);
      if (call && isAnswer(call.index)) {
        sofar.set(call.index, (sofar.get(call.index) ?? '') + call.arguments);
      }
    } else if (typeof delta?.content === 'string' && delta.content !== '') {
      content += delta.content;
      sofar.set(0, mode === Mode.MD_JSON ? markdownStreamed(content).text : content);
    }
    record(position);
  });
  // MD_JSON: a reply that never entered a fence is read whole once it ended.
  if (mode === Mode.MD_JSON && endedCleanly && !markdownStreamed(content).fenced) {
    const text = markdownAtEnd(content);
    if (text !== '') {
      sofar.set(0, text);
      record(delivered.length);
    }
  }
  return texts;
}

interface PartialReading {
  yields: YieldRun;
}

/** createPartial: a snapshot after each chunk that changed the visible value, until the JSON breaks. */
function partialYields(
  delivered: readonly SentChunk[],
  mode: Mode,
  endedCleanly: boolean,
): PartialReading {
  const channels = channelTexts(delivered, mode, 'User', endedCleanly);
  const texts = [...channels.values()][0] ?? [];
  const values: ExpectedYield[] = [];
  let previous: string | undefined;
  let repeatedKeys = false;
  for (const text of texts) {
    if (text === undefined) return { yields: { values: [], match: 'any' } };
    const reading = readJsonPrefix(text, USER_KEYS);
    if (reading.errorAt !== undefined) break; // the parser stops at bad JSON; the end says why
    repeatedKeys ||= reading.duplicateKeys;
    if (reading.value === undefined) continue;
    const snapshot = canonical(reading.value);
    if (snapshot !== previous) values.push({ kind: 'partial', snapshot });
    previous = snapshot;
  }
  return { yields: { values, match: 'exact', ...(repeatedKeys ? { repeatedKeys } : {}) } };
}

interface ListReading {
  yields: YieldRun;
  /** An element failed validation: the attempt is re-asked from it. */
  elementFailed: boolean;
  /** Per channel: the text as the parser got it, whole. */
  finalTexts: Map<number, string | undefined>;
}

/** createIterable: each element once complete, validated in order; the first invalid one stops the list. */
function iterableYields(
  delivered: readonly SentChunk[],
  mode: Mode,
  endedCleanly: boolean,
): ListReading {
  // One list object is one answer; in PARALLEL_TOOLS every call is an element.
  const answer = mode === Mode.PARALLEL_TOOLS ? undefined : 'UserList';
  const texts = channelTexts(delivered, mode, answer, endedCleanly);
  const finalTexts = new Map<number, string | undefined>();
  for (const [channel, list] of texts) finalTexts.set(channel, list.at(-1));
  if ([...finalTexts.values()].some((text) => text === undefined)) {
    return { yields: { values: [], match: 'any' }, elementFailed: false, finalTexts };
  }
  // Elements complete in the order of the chunks that completed them.
  const reported: { position: number; channel: number; element: ReadElement }[] = [];
  const parallel = mode === Mode.PARALLEL_TOOLS;
  for (const [channel, list] of texts) {
    const whole = finalTexts.get(channel)!;
    const reading = readJsonPrefix(whole);
    // PARALLEL_TOOLS: each call is one element, complete with its JSON; else the `items`.
    const elements: ReadElement[] = !parallel
      ? reading.elements
      : reading.completedAt === undefined
        ? []
        : [{ value: reading.value, completedAt: reading.completedAt }];
    for (const element of elements) {
      const position = list.findIndex(
        (text) => text !== undefined && text.length > element.completedAt,
      );
      reported.push({ position, channel, element });
    }
  }
  reported.sort((left, right) => left.position - right.position || left.channel - right.channel);
  const values: ExpectedYield[] = [];
  const names = callNames(delivered);
  for (const { element, channel } of reported) {
    // A call of a tool not in the list fails like an invalid element.
    const payload =
      parallel && names.get(channel) !== 'User' ? undefined : userPayload(element.value);
    if (payload?.kind !== 'valid' || !payload.data) {
      return { yields: { values, match: 'exact' }, elementFailed: true, finalTexts };
    }
    if (payload.kind !== 'valid' || !payload.data) {
      return { yields: { values, match: 'exact' }, elementFailed: true, finalTexts };
    }
    values.push({ kind: 'element', data: payload.data, text: JSON.stringify(element.value) });
  }
  return { yields: { values, match: 'exact' }, elementFailed: false, finalTexts };
}

/** The name each call gave in its first chunk, by index. */
function callNames(delivered: readonly SentChunk[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const { delta } of delivered) {
    const call = delta?.toolCall;
    if (call?.name !== undefined) names.set(call.index, call.name);
  }
  return names;
}

/**
 * Whether a finished list reply with no failed element is a valid list: true, false, or both
 * when the docs leave it open. The list is read as `create` reads its mode (SPEC §3: one call of
 * the forced `UserList` tool; the content, or its markdown block, as JSON) and must hold an
 * `items` array, and the streamed JSON must be whole. `create` refuses text around the JSON that
 * the streaming reader skips: either reading may win there.
 */
function listEnds(message: StreamMessage, mode: Mode, reading: ListReading): boolean[] {
  if (mode === Mode.PARALLEL_TOOLS) return parallelEnds(message, reading);
  const tools = TOOL_MODES.includes(mode);
  const calls = (message.toolCalls ?? []).filter((call) => call.name === 'UserList');
  if (tools && calls.length === 0) return [false];
  if (tools && calls.length > 1) {
    // Known deviation: a second call of the forced tool goes unchecked.
    return tolerated.iterableIgnoresToolCalls ? [true, false] : [false];
  }
  // Known deviation: the list is looked for in the first call, whichever call was the answer.
  if (tools && message.toolCalls?.[0]?.name !== 'UserList' && tolerated.listReadFromFirstCall) {
    return [true, false];
  }
  // The answer: the content, or the one UserList call (other calls are never read).
  const [answer, ...others] = [...reading.finalTexts.values()];
  if (others.length > 0) throw new Error('a list reply read from two channels');
  if (answer === undefined) return reading.finalTexts.size === 0 ? [false] : [true, false];
  const streamed = readJsonPrefix(answer);
  if (!streamed.complete || streamed.errorAt !== undefined || !hasItems(streamed.value)) {
    return [false];
  }
  let payload: string | undefined;
  if (tools) {
    payload = calls[0]!.arguments;
  } else if (mode === Mode.MD_JSON) {
    payload = markdownJson(message.content ?? '');
    if (payload === undefined) return [true, false];
  } else {
    payload = message.content ?? '';
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return [true, false];
  }
  return [hasItems(parsed)];
}

/**
 * PARALLEL_TOOLS: at least one call, and every call's arguments whole JSON (its element was then
 * accepted). `create` refuses text around an object that the streaming reader skips.
 */
function parallelEnds(message: StreamMessage, reading: ListReading): boolean[] {
  const channels = [...reading.finalTexts.values()];
  if (channels.length === 0) return [false];
  const whole = channels.every((text) => {
    const read = readJsonPrefix(text!);
    return read.complete && read.errorAt === undefined;
  });
  if (!whole) return [false];
  const parses = (message.toolCalls ?? []).every((call) => {
    try {
      JSON.parse(call.arguments);
      return true;
    } catch {
      return false;
    }
  });
  return parses ? [true] : [true, false];
}

function hasItems(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.items);
}

/** The usage value the last chunk with an object `usage` carried. */
function usageObject(message: StreamMessage): unknown {
  if (message.usage === undefined) return undefined;
  const value: unknown = JSON.parse(message.usage);
  return typeof value === 'object' && value !== null ? value : undefined;
}

function expectedResponse(message: StreamMessage): ExpectedResponse {
  const usage = usageObject(message);
  return {
    finishReason: message.finishReason!,
    content: message.content ?? '',
    refusal: message.refusal ?? '',
    toolCalls: (message.toolCalls ?? []).map(({ id, name, arguments: args }) => ({
      id,
      name,
      arguments: args,
    })),
    usage: usage === undefined ? undefined : canonical(usage),
  };
}

/** The `chat.completion` body a finished stream amounts to, as text (usage embedded verbatim). */
function completionBody(message: StreamMessage): string {
  const calls = message.toolCalls ?? [];
  const content = message.content ?? '';
  const wire = {
    role: 'assistant',
    content: content === '' && (calls.length > 0 || message.refusal) ? null : content,
    refusal: message.refusal || null,
    ...(calls.length > 0
      ? {
          tool_calls: calls.map((call) => ({
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: call.arguments },
          })),
        }
      : {}),
  };
  const usage = usageObject(message) === undefined ? '' : `,"usage":${message.usage}`;
  return `{"id":"chatcmpl-s","object":"chat.completion","created":1,"model":"gpt-4.1-mini","choices":[{"index":0,"message":${JSON.stringify(wire)},"finish_reason":${JSON.stringify(message.finishReason)},"logprobs":null}]${usage}}`;
}
