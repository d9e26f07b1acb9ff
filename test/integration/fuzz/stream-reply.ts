// A streamed reply as the fuzz describes it (what the model writes, how it is cut into chunks, how
// the stream breaks) and the SSE text it stands for. Built here, not by FakeOpenAIServer, so
// that every piece boundary, extra chunk and break point is the test's choice. Pure.

/** One function call the model streams. */
export interface StreamToolCall {
  id: string;
  name: string;
  /** The arguments text, streamed in pieces. */
  arguments: string;
}

/** What the model writes in one streamed reply, before it is cut into chunks. */
export interface StreamMessage {
  content?: string;
  refusal?: string;
  toolCalls?: readonly StreamToolCall[];
  /** `null`: no chunk carries a finish reason. */
  finishReason: 'stop' | 'tool_calls' | 'length' | 'content_filter' | null;
  /** The `usage` a chunk carries, as JSON text (any JSON at all); absent: no usage is sent. */
  usage?: string;
}

/** Chunks that add nothing to the reply, as providers send them. */
export type NoiseChunk =
  | 'empty-delta'
  | 'no-choices'
  | 'null-content'
  | 'empty-content'
  | 'role-again'
  | 'empty-tool-calls';

/** How a reply is cut into chunks and framed as SSE. */
export interface Chunking {
  /** Code units per text delta, used in turn: pieces may end inside an escape, a number, a key or a surrogate pair. */
  pieceLengths: readonly number[];
  /** A first chunk with the role, as the API sends it. */
  roleChunk: boolean;
  /** The first arguments piece rides in the chunk that names the call. */
  argumentsInHeader: boolean;
  /** Every arguments delta repeats the call's name (some compatible servers do). */
  nameInEveryDelta?: boolean;
  /**
   * The `index` of tool call deltas: the call's position (as the API), 0 for every call, or none
   * at all (compatible servers); calls then stay apart by the id of their first delta.
   */
  callIndexes?: 'distinct' | 'zero' | 'absent';
  /** The finish reason comes with the last delta instead of in a chunk of its own. */
  finishOnLastDelta: boolean;
  /** Usage in a last chunk with `choices: []` (OpenAI), or in the chunk with the finish reason. */
  usageIn: 'own-chunk' | 'finish-chunk';
  /** `"usage": null` on every chunk without usage (OpenAI with `include_usage`). */
  nullUsage: boolean;
  /** Extra chunks: before the chunk with index `at` (modulo the count, so any index fits). */
  noise: readonly { at: number; chunk: NoiseChunk }[];
  /** `: keep-alive` comment events before the events with these indexes (modulo). */
  comments: readonly number[];
  /** `data: [DONE]` at the end. */
  done: boolean;
  lineEnding: '\n' | '\r\n';
}

/** An event that is not a chunk and that the SDK fails on. */
export type MalformedEvent =
  'not-json' | 'cut-json' | 'number' | 'string' | 'null' | 'error-object' | 'empty-data';

/** How the stream breaks. */
export type StreamFault =
  | { kind: 'none' }
  /** The body is cut at `at` (a fraction of its length) and the connection dropped there. */
  | { kind: 'hang-up'; at: number }
  /** A malformed event before the chunk at `at` (a fraction of the chunk count; 1 is after the last). */
  | { kind: 'malformed'; at: number; event: MalformedEvent };

/** One streamed reply. */
export interface StreamReply {
  message: StreamMessage;
  chunking: Chunking;
  fault: StreamFault;
}

/** What a chunk's first choice carries, as the test wrote it. */
export interface ChunkDelta {
  content?: string | null;
  refusal?: string | null;
  role?: string;
  toolCall?: { index: number; id?: string; name?: string; arguments: string };
  emptyToolCalls?: true;
}

/** One chunk as sent: its first choice's delta (none for `choices: []`), finish reason, usage text. */
export interface SentChunk {
  delta: ChunkDelta | undefined;
  finishReason: string | null;
  usage?: string;
}

/** What one SSE event of the body is. */
export type SseEventKind =
  | { kind: 'chunk'; chunk: SentChunk }
  | { kind: 'comment' }
  | { kind: 'done' }
  | { kind: 'malformed' };

/** One SSE event of the body, with where it ends in the text. */
export type SseEvent = SseEventKind & { end: number };

/** The SSE text of a reply, and its events in order. */
export interface RenderedStream {
  /** What the server writes (cut short for a hang-up). */
  text: string;
  /** Every event of the whole text, cut or not. */
  events: readonly SseEvent[];
  /** For a hang-up: where the text was cut. */
  cut?: number;
}

const MALFORMED_DATA: Record<MalformedEvent, string> = {
  'not-json': '{not json}',
  'cut-json': '{"id":"chatcmpl-x","choices":[{"index":0,"delta":{"content":"a"',
  number: '42',
  string: '"chunk"',
  null: 'null',
  'error-object': '{"error":{"message":"Upstream overloaded","type":"server_error"}}',
  'empty-data': '',
};

/** The chunks of `message`, in order, before noise and faults. */
export function messageChunks(message: StreamMessage, chunking: Chunking): SentChunk[] {
  const chunks: SentChunk[] = [];
  const lengths = chunking.pieceLengths.length > 0 ? chunking.pieceLengths : [8];
  let turn = 0;
  const pieces = (text: string): string[] => {
    const out: string[] = [];
    for (let start = 0; start < text.length;) {
      const length = lengths[turn++ % lengths.length]!;
      out.push(text.slice(start, start + length));
      start += length;
    }
    return out;
  };
  const push = (delta: ChunkDelta): void => void chunks.push({ delta, finishReason: null });
  const calls = message.toolCalls ?? [];
  const textless = calls.length > 0 || message.refusal !== undefined;
  if (chunking.roleChunk) push({ role: 'assistant', content: textless ? null : '', refusal: null });
  for (const piece of pieces(message.content ?? '')) push({ content: piece });
  for (const piece of pieces(message.refusal ?? '')) push({ refusal: piece });
  calls.forEach((call, index) => {
    const [first = '', ...rest] = pieces(call.arguments);
    const header = { index, id: call.id, name: call.name };
    const named = chunking.nameInEveryDelta ? { name: call.name } : {};
    if (chunking.argumentsInHeader) {
      push({ toolCall: { ...header, arguments: first } });
    } else {
      push({ toolCall: { ...header, arguments: '' } });
      if (first !== '') push({ toolCall: { index, ...named, arguments: first } });
    }
    for (const piece of rest) push({ toolCall: { index, ...named, arguments: piece } });
  });
  let finish: SentChunk | undefined;
  if (message.finishReason !== null) {
    const last = chunks.at(-1);
    if (chunking.finishOnLastDelta && last) last.finishReason = message.finishReason;
    else chunks.push({ delta: {}, finishReason: message.finishReason });
    finish = chunks.at(-1);
  }
  if (message.usage !== undefined) {
    if (chunking.usageIn === 'finish-chunk' && finish) finish.usage = message.usage;
    else chunks.push({ delta: undefined, finishReason: null, usage: message.usage });
  }
  return chunks;
}

const NOISE: Record<NoiseChunk, SentChunk> = {
  'empty-delta': { delta: {}, finishReason: null },
  'no-choices': { delta: undefined, finishReason: null },
  'null-content': { delta: { content: null }, finishReason: null },
  'empty-content': { delta: { content: '' }, finishReason: null },
  'role-again': { delta: { role: 'assistant' }, finishReason: null },
  'empty-tool-calls': { delta: { emptyToolCalls: true }, finishReason: null },
};

/** Every chunk the reply sends, noise included, in order. */
export function allChunks(reply: StreamReply): SentChunk[] {
  const chunks = messageChunks(reply.message, reply.chunking);
  const noise = [...reply.chunking.noise].map(({ at, chunk }) => ({
    at: at % (chunks.length + 1),
    chunk,
  }));
  // Stable: noise at the same index keeps its order; inserted from the back so indexes hold.
  noise.sort((left, right) => right.at - left.at);
  for (const { at, chunk } of noise) chunks.splice(at, 0, { ...NOISE[chunk] });
  return chunks;
}

/** The JSON text of one chunk. */
export function chunkText(chunk: SentChunk, chunking: Chunking, number: number): string {
  const nullUsage = chunking.nullUsage;
  const envelope = `"id":"chatcmpl-s${number}","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-mini"`;
  const choices =
    chunk.delta === undefined
      ? '[]'
      : `[{"index":0,"delta":${deltaText(chunk.delta, chunking.callIndexes ?? 'distinct')},"logprobs":null,"finish_reason":${JSON.stringify(chunk.finishReason)}}]`;
  const usage =
    chunk.usage !== undefined ? `,"usage":${chunk.usage}` : nullUsage ? ',"usage":null' : '';
  return `{${envelope},"choices":${choices}${usage}}`;
}

function deltaText(delta: ChunkDelta, callIndexes: NonNullable<Chunking['callIndexes']>): string {
  const wire: Record<string, unknown> = {};
  if (delta.role !== undefined) wire.role = delta.role;
  if (delta.content !== undefined) wire.content = delta.content;
  if (delta.refusal !== undefined) wire.refusal = delta.refusal;
  if (delta.emptyToolCalls) wire.tool_calls = [];
  if (delta.toolCall) {
    const { id, name, arguments: args } = delta.toolCall;
    const index =
      callIndexes === 'distinct'
        ? { index: delta.toolCall.index }
        : callIndexes === 'zero'
          ? { index: 0 }
          : {};
    wire.tool_calls = [
      id !== undefined
        ? { ...index, id, type: 'function', function: { name, arguments: args } }
        : name !== undefined
          ? { ...index, function: { name, arguments: args } }
          : { ...index, function: { arguments: args } },
    ];
  }
  // JSON.stringify writes a lone surrogate (a pair cut in two) as a \u escape: still UTF-8.
  return JSON.stringify(wire);
}

/** The SSE body of `reply`, cut or with a malformed event as its fault says. */
export function renderStream(reply: StreamReply): RenderedStream {
  const { chunking, fault } = reply;
  const newline = chunking.lineEnding;
  const chunks = allChunks(reply);
  const malformedAt =
    fault.kind === 'malformed'
      ? Math.min(chunks.length, Math.floor(fault.at * (chunks.length + 1)))
      : -1;
  const comments = new Set(chunking.comments.map((at) => at % (chunks.length + 2)));
  const events: SseEvent[] = [];
  let text = '';
  const add = (data: string, event: SseEventKind): void => {
    text += `${data}${newline}${newline}`;
    events.push({ ...event, end: text.length });
  };
  for (let index = 0; index <= chunks.length; index++) {
    if (comments.has(index)) add(': keep-alive', { kind: 'comment' });
    if (index === malformedAt && fault.kind === 'malformed') {
      add(`data: ${MALFORMED_DATA[fault.event]}`, { kind: 'malformed' });
    }
    const chunk = chunks[index];
    if (chunk) {
      add(`data: ${chunkText(chunk, chunking, index)}`, { kind: 'chunk', chunk });
    }
  }
  if (chunking.done) add('data: [DONE]', { kind: 'done' });
  if (fault.kind !== 'hang-up') return { text, events };
  const cut = Math.floor(fault.at * text.length);
  return { text: text.slice(0, cut), events, cut };
}

/**
 * The chunks the SDK hands on before the stream ends or fails: up to a malformed event, up to the
 * cut of a hung-up body (the last ones may be lost with the connection), up to `[DONE]`.
 */
export function deliveredChunks(rendered: RenderedStream): SentChunk[] {
  const delivered: SentChunk[] = [];
  for (const event of rendered.events) {
    // A cut one character short of an event's end may still dispatch it (a CRLF's last \n).
    if (rendered.cut !== undefined && event.end - 1 > rendered.cut) break;
    if (event.kind === 'malformed' || event.kind === 'done') break;
    if (event.kind === 'chunk') delivered.push(event.chunk);
  }
  return delivered;
}
