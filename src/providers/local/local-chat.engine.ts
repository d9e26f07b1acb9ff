import { randomBytes } from 'node:crypto';
import type * as NodeLlamaCpp from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { InstructorError } from '../../errors';
import type { LocalModelOptions } from '../connection-options';
import { acquireModel, defaultThreads, llamaRuntime, type LlamaModel } from './llama.runtime';
import { ensureModelFile, type LocalModelSource } from './local-model.source';
import {
  LocalRequestError,
  translateRequest,
  type LocalGenerationRequest,
  type ReplyShape,
} from './local-request.translator';

type LlamaGrammar = NodeLlamaCpp.LlamaGrammar;
type LlamaChat = NodeLlamaCpp.LlamaChat;
type LlamaContext = NodeLlamaCpp.LlamaContext;

const CHAT_COMPLETIONS_PATH = /\/chat\/completions$/;
const DEFAULT_CONTEXT_SIZE = 4096;
const GRAMMAR_CACHE_SIZE = 32;

/** The loaded pieces one client generates with. */
interface Session {
  model: LlamaModel;
  context: LlamaContext;
  chat: LlamaChat;
  grammars: Map<string, Promise<LlamaGrammar>>;
  jsonGrammar: Promise<LlamaGrammar> | undefined;
  module: typeof NodeLlamaCpp;
  llama: NodeLlamaCpp.Llama;
  /** Lets go of the shared model (it is freed when no other client holds it). */
  release: () => Promise<void>;
}

/** A request's prompt as the model sees it, on the session it was measured for. */
interface Prompt {
  session: Session;
  history: NodeLlamaCpp.ChatHistoryItem[];
  tokens: number;
  /** Tokens left for the reply: the request's max_tokens, never more than the context holds. */
  maxTokens: number;
}

/** What one generation produced. */
interface Generation {
  text: string;
  finishReason: 'stop' | 'length';
  promptTokens: number;
  completionTokens: number;
}

/**
 * A local model behind the OpenAI wire format: `fetch` answers `POST .../chat/completions` the
 * way the API does (a JSON body, or SSE chunks for `stream: true`), so the SDK and everything
 * above it run unchanged. Requests run one at a time on the client's context, in arrival order.
 */
export class LocalChatEngine {
  private session: Promise<Session> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Requests between their arrival and their reply's start (a stream's body runs queued). */
  private readonly inflight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;
  private requestCount = 0;

  constructor(
    private readonly source: LocalModelSource,
    private readonly options: LocalModelOptions,
  ) {}

  /** The `fetch` given to the SDK. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // A request arriving while the client closes waits, then loads the model again.
    while (this.closing) await this.closing;
    const handled = this.handle(input, init);
    this.inflight.add(handled);
    const settle = (): void => {
      this.inflight.delete(handled);
    };
    handled.then(settle, settle);
    return handled;
  };

  /**
   * Waits for running requests, then frees the context and lets go of the model (freed once no
   * other client holds it). A later call loads it again.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
      await this.queue.catch(() => undefined);
      const session = await this.session?.catch(() => undefined);
      this.session = undefined;
      await session?.context.dispose();
      await session?.release();
    })().finally(() => {
      this.closing = undefined;
    });
    return this.closing;
  }

  private async handle(
    input: string | URL | Request,
    init: RequestInit | undefined,
  ): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'POST' || !CHAT_COMPLETIONS_PATH.test(new URL(url).pathname)) {
      return errorResponse(
        404,
        `Local models serve POST /chat/completions only, not ${method} ${url}.`,
      );
    }
    let request: LocalGenerationRequest;
    try {
      request = translateRequest(JSON.parse(typeof init?.body === 'string' ? init.body : ''));
    } catch (error) {
      if (error instanceof LocalRequestError) return errorResponse(400, error.message, error.param);
      return errorResponse(400, 'The request body is not valid JSON.');
    }
    const signal = init?.signal ?? undefined;
    try {
      // Loading (or downloading) the model fails here, before a reply starts, as a failed
      // request; an aborted signal stops the wait at once (a download goes on for later calls).
      const session = await untilAborted(this.loadSession(), signal);
      const prompt = promptOf(session, request);
      if (prompt.maxTokens < 1) {
        return errorResponse(
          400,
          `The prompt takes ${prompt.tokens} tokens; this model's context holds ${session.context.contextSize}. Shorten the messages or raise local.contextSize.`,
          'messages',
          'context_length_exceeded',
        );
      }
      return request.stream
        ? this.streamResponse(request, prompt, signal)
        : await this.jsonResponse(request, prompt, signal);
    } catch (error) {
      if (signal?.aborted || InstructorError.isInstance(error)) throw error;
      // Anything else failed in this process, not on a network: say what, as a server would.
      return errorResponse(
        500,
        `The local model failed: ${describe(error)}`,
        null,
        'local_model_error',
      );
    }
  }

  private async jsonResponse(
    request: LocalGenerationRequest,
    prompt: Prompt,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const id = this.nextId();
    // Queued behind other requests; an abort ends the wait at once (the queued turn is skipped).
    const generation = await untilAborted(
      this.enqueue(() => this.generate(request, prompt, signal)),
      signal,
    );
    const body = {
      id,
      object: 'chat.completion',
      created: nowSeconds(),
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', ...replyMessage(request.reply, generation.text) },
          logprobs: null,
          finish_reason: finishReason(request.reply, generation),
        },
      ],
      usage: usage(generation),
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }

  private streamResponse(
    request: LocalGenerationRequest,
    prompt: Prompt,
    signal: AbortSignal | undefined,
  ): Response {
    const id = this.nextId();
    const created = nowSeconds();
    const encoder = new TextEncoder();
    const stop = new AbortController();
    const { reply } = request;
    const toolCallId = callId();
    const chunk = (delta: object, finish: string | null = null): object => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: request.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    // Open until the reply ends, fails, or its reader cancels; nothing is sent after that.
    let open = true;
    const send = (value: object): void => {
      if (open) controller.enqueue(encoder.encode(`data: ${JSON.stringify(value)}\n\n`));
    };
    const fail = (error: unknown): void => {
      if (!open) return;
      open = false;
      controller.error(error);
    };
    // An aborted signal stops generation and errors the body at once, as fetch's body would,
    // even while the request still waits for its turn.
    const abort = (): void => {
      stop.abort();
      fail(signal?.reason);
    };
    const body = new ReadableStream<Uint8Array>({
      start: (streamController) => {
        controller = streamController;
        send(
          chunk(
            reply.kind === 'tool'
              ? { role: 'assistant', content: null }
              : { role: 'assistant', content: '' },
          ),
        );
        if (reply.kind === 'tool') {
          send(
            chunk({
              tool_calls: [
                {
                  index: 0,
                  id: toolCallId,
                  type: 'function',
                  function: { name: reply.name, arguments: '' },
                },
              ],
            }),
          );
        }
        // Several calls only take shape once the whole array is there: they are sent at the end.
        const onText = (text: string): void => {
          if (reply.kind === 'tool') {
            send(chunk({ tool_calls: [{ index: 0, function: { arguments: text } }] }));
          } else if (reply.kind !== 'tools') {
            send(chunk({ content: text }));
          }
        };
        if (signal?.aborted) return abort();
        signal?.addEventListener('abort', abort, { once: true });
        this.enqueue(() => this.generate(request, prompt, stop.signal, onText))
          .then((generation) => {
            if (reply.kind === 'tools') {
              send(
                chunk({
                  tool_calls: toolCalls(generation.text).map((call, index) => ({ index, ...call })),
                }),
              );
            }
            send(chunk({}, finishReason(reply, generation)));
            if (request.includeUsage) {
              send({
                id,
                object: 'chat.completion.chunk',
                created,
                model: request.model,
                choices: [],
                usage: usage(generation),
              });
            }
            if (!open) return;
            open = false;
            controller.enqueue(encoder.encode('data: [DONE]\n\n'));
            controller.close();
          })
          .catch(fail)
          .finally(() => signal?.removeEventListener('abort', abort));
      },
      cancel: () => {
        open = false;
        stop.abort();
      },
    });
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async generate(
    request: LocalGenerationRequest,
    prompt: Prompt,
    signal: AbortSignal | undefined,
    onText?: (text: string) => void,
  ): Promise<Generation> {
    // Aborted while it waited for its turn: the turn is skipped.
    signal?.throwIfAborted();
    const { session } = prompt;
    const grammar = await this.grammarFor(session, request.reply);
    const seed = request.seed ?? this.options.seed;
    let completionTokens = 0;
    const response = await session.chat.generateResponse(prompt.history, {
      ...(grammar !== undefined ? { grammar } : {}),
      // Always bounded: without it, node-llama-cpp would shift the context and go on forever.
      maxTokens: prompt.maxTokens,
      // Greedy unless asked otherwise: extraction wants the likeliest answer.
      temperature: request.temperature ?? 0,
      ...(request.topP !== undefined ? { topP: request.topP } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(request.stop.length > 0 ? { customStopTriggers: request.stop } : {}),
      ...(request.logitBias.size > 0 ? { tokenBias: tokenBias(session, request.logitBias) } : {}),
      ...(signal !== undefined ? { signal } : {}),
      onToken: (tokens) => {
        completionTokens += tokens.length;
      },
      ...(onText !== undefined ? { onTextChunk: onText } : {}),
    });
    return {
      text: response.response,
      finishReason: response.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
      promptTokens: prompt.tokens,
      completionTokens,
    };
  }

  private loadSession(): Promise<Session> {
    if (this.session !== undefined) return this.session;
    const loading = (async (): Promise<Session> => {
      const file = await ensureModelFile(this.source, this.options.onDownloadProgress);
      const shared = acquireModel(file, this.options.gpu);
      try {
        const [{ module, llama }, model] = await Promise.all([
          llamaRuntime(this.options.gpu),
          shared.model,
        ]);
        const context = await model.createContext({
          contextSize: Math.min(
            this.options.contextSize ?? DEFAULT_CONTEXT_SIZE,
            model.trainContextSize,
          ),
          threads: this.options.threads ?? defaultThreads(),
          sequences: 1,
        });
        const chat = new module.LlamaChat({ contextSequence: context.getSequence() });
        const grammars = new Map<string, Promise<LlamaGrammar>>();
        const { release } = shared;
        return { model, context, chat, grammars, jsonGrammar: undefined, module, llama, release };
      } catch (error) {
        // Not kept: the model is let go, and the next request tries again from the start.
        await shared.release();
        throw error;
      }
    })();
    this.session = loading;
    loading.catch(() => {
      if (this.session === loading) this.session = undefined;
    });
    return loading;
  }

  private grammarFor(session: Session, reply: ReplyShape): Promise<LlamaGrammar> | undefined {
    if (reply.kind === 'text') return undefined;
    if (reply.schema === undefined) {
      session.jsonGrammar ??= session.llama.getGrammarFor('json');
      return session.jsonGrammar;
    }
    const key = JSON.stringify(reply.schema);
    let grammar = session.grammars.get(key);
    if (grammar === undefined) {
      grammar = session.llama.createGrammarForJsonSchema(
        // Our GrammarSchema is that subset, built at run time: its literal types cannot follow.
        reply.schema as never,
      );
      if (session.grammars.size >= GRAMMAR_CACHE_SIZE) {
        session.grammars.delete(session.grammars.keys().next().value!);
      }
      session.grammars.set(key, grammar);
      grammar.catch(() => session.grammars.delete(key));
    }
    return grammar;
  }

  private nextId(): string {
    this.requestCount += 1;
    return `chatcmpl-local-${this.requestCount}`;
  }
}

function tokenBias(session: Session, biases: ReadonlyMap<number, number>): NodeLlamaCpp.TokenBias {
  const bias = new session.module.TokenBias(session.model.tokenizer);
  for (const [token, value] of biases) {
    bias.set(token as NodeLlamaCpp.Token, value <= -100 ? 'never' : { logit: value });
  }
  return bias;
}

function replyMessage(reply: ReplyShape, text: string): object {
  if (reply.kind === 'tool') {
    return {
      content: null,
      refusal: null,
      tool_calls: [
        { id: callId(), type: 'function', function: { name: reply.name, arguments: text } },
      ],
    };
  }
  if (reply.kind === 'tools') return { content: null, refusal: null, tool_calls: toolCalls(text) };
  return { content: text, refusal: null };
}

/** The calls of a `tools` reply (a JSON array of `{ name, arguments }`), shaped as OpenAI's. */
function toolCalls(text: string): object[] {
  let calls: unknown;
  try {
    calls = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(calls)) return [];
  return calls
    .filter(
      (call: unknown): call is { name: string; arguments: unknown } =>
        typeof (call as { name?: unknown } | null)?.name === 'string',
    )
    .map((call) => ({
      id: callId(),
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) },
    }));
}

/** As the API does: `stop` for a named tool_choice, `tool_calls` when the model chose calls. */
function finishReason(reply: ReplyShape, generation: Generation): string {
  if (generation.finishReason === 'length') return 'length';
  return reply.kind === 'tools' ? 'tool_calls' : 'stop';
}

function usage(generation: Generation): object {
  return {
    prompt_tokens: generation.promptTokens,
    completion_tokens: generation.completionTokens,
    total_tokens: generation.promptTokens + generation.completionTokens,
  };
}

/** The prompt as the model sees it, and how many tokens the reply may take. */
function promptOf(session: Session, request: LocalGenerationRequest): Prompt {
  const history = request.history.map((item) =>
    item.type === 'model' ? { type: 'model' as const, response: [...item.response] } : { ...item },
  );
  const tokens = session.chat.chatWrapper
    .generateContextState({ chatHistory: history })
    .contextText.tokenize(session.model.tokenizer).length;
  const room = session.context.contextSize - tokens;
  return { session, history, tokens, maxTokens: Math.min(request.maxTokens ?? room, room) };
}

/** `promise`, or the signal's reason as soon as it aborts (the promise itself runs on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorResponse(
  status: number,
  message: string,
  param: string | null = null,
  code: string | null = null,
): Response {
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  const body = { error: { message, type, param, code } };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function callId(): string {
  return `call_${randomBytes(12).toString('hex')}`;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
