import { randomBytes } from 'node:crypto';
import type * as NodeLlamaCpp from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { ConfigurationError } from '../../errors';
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
  private releaseModel: (() => Promise<void>) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private requestCount = 0;

  constructor(
    private readonly source: LocalModelSource,
    private readonly options: LocalModelOptions,
  ) {}

  /** The `fetch` given to the SDK. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
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
    if (this.closed) {
      throw new ConfigurationError({ message: 'This local client was closed.' });
    }
    // Loading (or downloading) the model fails here, before a reply starts, as a failed request.
    await this.loadSession();
    const signal = init?.signal ?? undefined;
    return request.stream
      ? this.streamResponse(request, signal)
      : this.jsonResponse(request, signal);
  };

  /** Waits for running requests, then frees the context and lets go of the model. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    const session = await this.session?.catch(() => undefined);
    await session?.context.dispose();
    await this.releaseModel?.();
  }

  private async jsonResponse(
    request: LocalGenerationRequest,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const id = this.nextId();
    const generation = await this.enqueue(() => this.generate(request, signal));
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
    signal: AbortSignal | undefined,
  ): Response {
    const id = this.nextId();
    const created = nowSeconds();
    const encoder = new TextEncoder();
    const stop = new AbortController();
    let cancelled = false;
    const abort = (): void => stop.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const { reply } = request;
    const toolCallId = callId();
    const chunk = (delta: object, finish: string | null = null): object => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: request.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        // Once the reader cancelled, generation is being stopped: its last tokens go nowhere.
        const send = (value: object): void => {
          if (!cancelled) {
            controller.enqueue(encoder.encode(`data: ${JSON.stringify(value)}\n\n`));
          }
        };
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
        this.enqueue(() => this.generate(request, stop.signal, onText))
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
            if (cancelled) return;
            controller.enqueue(encoder.encode('data: [DONE]\n\n'));
            controller.close();
          })
          .catch((error: unknown) => {
            // An aborted signal errors the body as fetch's would; a cancelled reader is gone.
            if (!cancelled) controller.error(error);
          })
          .finally(() => signal?.removeEventListener('abort', abort));
      },
      cancel: () => {
        cancelled = true;
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
    signal: AbortSignal | undefined,
    onText?: (text: string) => void,
  ): Promise<Generation> {
    signal?.throwIfAborted();
    const session = await this.loadSession();
    const grammar = await this.grammarFor(session, request.reply);
    const seed = request.seed ?? this.options.seed;
    const history = request.history.map((item) =>
      item.type === 'model'
        ? { type: 'model' as const, response: [...item.response] }
        : { ...item },
    );
    const promptTokens = session.chat.chatWrapper
      .generateContextState({ chatHistory: history })
      .contextText.tokenize(session.model.tokenizer).length;
    let completionTokens = 0;
    const response = await session.chat.generateResponse(history, {
      ...(grammar !== undefined ? { grammar } : {}),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
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
      promptTokens,
      completionTokens,
    };
  }

  private loadSession(): Promise<Session> {
    this.session ??= (async () => {
      const file = await ensureModelFile(this.source, this.options.onDownloadProgress);
      const shared = acquireModel(file, this.options.gpu);
      this.releaseModel = shared.release;
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
      return { model, context, chat, grammars: new Map(), jsonGrammar: undefined, module, llama };
    })();
    // A failed load (no file, no network) is not kept: the next request tries again.
    this.session.catch(() => {
      this.session = undefined;
    });
    return this.session;
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

function errorResponse(status: number, message: string, param: string | null = null): Response {
  const body = { error: { message, type: 'invalid_request_error', param, code: null } };
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
