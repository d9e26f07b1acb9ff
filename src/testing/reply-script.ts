import type {
  ChatCompletion,
  ChatCompletionCreateParams,
  ChatCompletionMessage,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { completionToSse } from './completion-chunks';

/** A chat-completions request body exactly as the fake server received it. */
export type RecordedRequest = ChatCompletionCreateParams;

/** Why the scripted model stopped (`choices[0].finish_reason`). */
export type ScriptedFinishReason = ChatCompletion.Choice['finish_reason'];

/** One function call the scripted model makes. */
export interface ScriptedToolCall {
  /** Function name, e.g. the response model's tool name. */
  name: string;
  /** An object is sent JSON-encoded; a string is sent verbatim (use it for malformed JSON). */
  arguments: string | object;
}

/** Options every script accepts: when and how the reply leaves the server. */
export interface DeliveryOptions {
  /**
   * Milliseconds to wait before replying. If the client disconnects meanwhile nothing is sent.
   * @default 0
   */
  delayMs?: number;
  /** Extra response headers; they may override `x-request-id`. */
  headers?: Readonly<Record<string, string>>;
  /**
   * How the reply ends once its body is written: `'end'` closes it normally, `'hang-up'` drops
   * the connection (a connection lost mid-stream), `'keep-open'` never ends it, so a client
   * streaming it waits until it cancels (see `server.disconnects`).
   * @default 'end'
   */
  ending?: 'end' | 'hang-up' | 'keep-open';
}

/** Options of the scripts from which the server generates a completion. */
export interface GeneratedReplyOptions extends DeliveryOptions {
  /** @default `'tool_calls'` when the reply has tool calls, else `'stop'` */
  finishReason?: ScriptedFinishReason;
  /** @default `{ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }` */
  usage?: CompletionUsage;
  /** Shallow-merged over the generated body last, e.g. `{ choices: [] }` for an empty reply. */
  completion?: Partial<ChatCompletion>;
}

/** An assistant text message. */
export interface ContentReply extends GeneratedReplyOptions {
  content: string;
}

/** One tool call. */
export interface ToolCallReply extends GeneratedReplyOptions {
  toolCall: ScriptedToolCall;
}

/** Parallel tool calls, in this order. */
export interface ToolCallsReply extends GeneratedReplyOptions {
  toolCalls: readonly ScriptedToolCall[];
}

/** A refusal: `message.refusal` set, `message.content` null. */
export interface RefusalReply extends GeneratedReplyOptions {
  refusal: string;
}

/** A generated completion reshaped by hand (the escape hatch). */
export interface CompletionReply extends GeneratedReplyOptions {
  completion: Partial<ChatCompletion>;
}

/** An OpenAI-style error body `{ error: { message, type, param, code } }`. */
export interface ErrorReply extends DeliveryOptions {
  error: {
    /** HTTP status, e.g. 400, 429 or 500. */
    status: number;
    /** @default `'FakeOpenAIServer: scripted <status> error'` */
    message?: string;
    /** @default `'server_error'` for 5xx, else `'invalid_request_error'` */
    type?: string;
    /** @default null */
    code?: string | null;
  };
}

/** A recorded JSON body served verbatim, whether or not the request streams. */
export interface BodyReply extends DeliveryOptions {
  body: string;
  /** @default 200 */
  status?: number;
}

/** A recorded `text/event-stream` body served verbatim. */
export interface SseReply extends DeliveryOptions {
  sse: string;
  /** @default 200 */
  status?: number;
}

/** The reply kinds the server generates a completion for (and streams when asked to). */
export type GeneratedReply =
  ContentReply | ToolCallReply | ToolCallsReply | RefusalReply | CompletionReply;

/** What the fake server answers to one request. */
export type ReplyScript = GeneratedReply | ErrorReply | BodyReply | SseReply;

/** Computes a reply from its request when that request arrives. */
export type ReplyScriptFactory = (request: RecordedRequest) => ReplyScript;

/** What the server writes for one request, before `x-request-id` is added. */
export interface RenderedReply {
  status: number;
  contentType: string;
  body: string;
  headers: Readonly<Record<string, string>>;
  delayMs: number;
  ending?: 'end' | 'hang-up' | 'keep-open';
}

/** Where a generated completion comes from: the n-th request of the server. */
export interface CompletionContext {
  /** 1-based position of the request in `server.requests`. */
  requestNumber: number;
  request: RecordedRequest;
  /** Unix seconds stamped on the completion. */
  created: number;
}

const defaultUsage: CompletionUsage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

/** Builds the non-streaming `chat.completion` body a generated script stands for. */
export function buildCompletion(
  script: GeneratedReply,
  context: CompletionContext,
): ChatCompletion {
  const { requestNumber } = context;
  const calls =
    'toolCalls' in script ? script.toolCalls : 'toolCall' in script ? [script.toolCall] : [];
  const message: ChatCompletionMessage = {
    role: 'assistant',
    content: 'content' in script ? script.content : null,
    refusal: 'refusal' in script ? script.refusal : null,
  };
  if (calls.length > 0) {
    message.tool_calls = calls.map((call, index) => ({
      id: `call_${requestNumber}_${index}`,
      type: 'function',
      function: {
        name: call.name,
        arguments:
          typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
      },
    }));
  }
  const generated: ChatCompletion = {
    id: `chatcmpl-fake-${requestNumber}`,
    object: 'chat.completion',
    created: context.created,
    model: typeof context.request.model === 'string' ? context.request.model : 'gpt-fake',
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: script.finishReason ?? (calls.length > 0 ? 'tool_calls' : 'stop'),
      },
    ],
    usage: script.usage ?? defaultUsage,
  };
  return { ...generated, ...script.completion };
}

/** The OpenAI error body shape, so the SDK raises its own error classes with these fields. */
export function errorBody(message: string, type: string, code: string | null = null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}

/** Turns a script into the response for `context.request`: JSON, an SSE stream or an error. */
export function renderReply(script: ReplyScript, context: CompletionContext): RenderedReply {
  const delivery = {
    headers: script.headers ?? {},
    delayMs: script.delayMs ?? 0,
    ending: script.ending ?? 'end',
  };
  if ('error' in script) {
    const { status, message, type, code } = script.error;
    const body = errorBody(
      message ?? `FakeOpenAIServer: scripted ${status} error`,
      type ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
      code ?? null,
    );
    return { ...delivery, status, contentType: 'application/json', body };
  }
  if ('body' in script) {
    return {
      ...delivery,
      status: script.status ?? 200,
      contentType: 'application/json',
      body: script.body,
    };
  }
  if ('sse' in script) {
    return {
      ...delivery,
      status: script.status ?? 200,
      contentType: 'text/event-stream',
      body: script.sse,
    };
  }
  const completion = buildCompletion(script, context);
  const { request } = context;
  if (request.stream === true) {
    const includeUsage = request.stream_options?.include_usage === true;
    const body = completionToSse(completion, { includeUsage });
    return { ...delivery, status: 200, contentType: 'text/event-stream', body };
  }
  return {
    ...delivery,
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify(completion),
  };
}
