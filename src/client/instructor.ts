import { APIUserAbortError, type OpenAI } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { ConfigurationError } from '../errors';
import {
  Hooks,
  type HookEventName,
  type HookHandler,
  type HookPayload,
  type NoCustomHookEvents,
} from '../hooks';
import { assertReflectMetadata, boundedJson } from '../internal';
import { getModeStrategy, Mode, type ModeStrategy } from '../modes';
import { resolveResponseTarget, type ResponseModel, type ResponseOf } from '../response-model';
import { resolveReaskPolicy, runExtraction, type ReaskOptions, type ReaskPolicy } from '../retry';
import { checkChatParams } from './chat-params.guard';
import type { CreateParams, CreateResult } from './create-params';
import {
  checkOptionNames,
  INSTRUCTOR_SETTING_NAMES,
  type InstructorOptions,
  type RequestDefaults,
} from './instructor-options';
import { isCompletionBody, notACompletionError, toProviderError } from './provider-error.mapper';
import { prepareRequestOptions, type RequestOptions } from './request-options';

const DEFAULT_MAX_RETRIES = 2;

/**
 * Structured outputs over the OpenAI SDK: turns a response model into a request, validates the
 * reply into an instance, re-asks with the errors, and reports every step to hooks.
 */
export class Instructor {
  /** The OpenAI SDK instance requests go through. */
  readonly client: OpenAI;
  /** Provider name used in errors. */
  readonly provider: string;
  /** Default model of every call. */
  readonly model: string | undefined;
  /** Extraction mode of every call. */
  readonly mode: Mode;
  /** Client-level hooks (mutated by `on` / `off` / `clear`). */
  readonly hooks: Hooks;
  /** Default re-asks per call. */
  readonly maxRetries: number;
  /** Params merged into every request. */
  readonly defaults: Readonly<RequestDefaults>;
  /** Client-level re-ask options (a call's own win per key). */
  readonly reask: Readonly<ReaskOptions>;
  /** Client-level token budget per call (`Infinity`: none). */
  readonly maxTotalTokens: number;

  private readonly reaskPolicy: ReaskPolicy;
  private readonly strategy: ModeStrategy;

  constructor(options: InstructorOptions) {
    assertReflectMetadata();
    if (!options || typeof options.client?.chat?.completions?.create !== 'function') {
      throw new ConfigurationError({
        message: 'new Instructor({ client }) needs an OpenAI SDK instance as `client`.',
      });
    }
    checkOptionNames(
      options,
      [...INSTRUCTOR_SETTING_NAMES, 'client', 'provider', 'model'],
      'new Instructor',
    );
    this.client = options.client;
    this.provider = options.provider ?? 'openai';
    this.model = options.model;
    this.mode = options.mode ?? Mode.TOOLS;
    this.strategy = getModeStrategy(this.mode);
    if (options.hooks !== undefined && !Hooks.isInstance(options.hooks)) {
      throw new ConfigurationError({
        message: 'The client `hooks` option must be a Hooks instance.',
      });
    }
    this.hooks = options.hooks ?? new Hooks();
    // null, like undefined, means the default: the same rule as per call.
    this.maxRetries = checkMaxRetries(options.maxRetries ?? DEFAULT_MAX_RETRIES);
    if (options.defaults !== undefined) {
      checkChatParams(options.defaults, '`defaults`');
      if ((options.defaults as { stream?: unknown }).stream) {
        throw new ConfigurationError({
          message:
            '`stream` in `defaults` would make every create() a stream it never reads; leave it out.',
        });
      }
    }
    this.defaults = { ...options.defaults };
    this.reaskPolicy = resolveReaskPolicy(options, {});
    this.reask = { ...options.reask };
    this.maxTotalTokens = this.reaskPolicy.maxTotalTokens;
  }

  /**
   * Extracts one validated `responseModel` from the model's reply. `requestOptions` (the SDK's
   * `timeout`, `headers`, `idempotencyKey`, `maxRetries`, `signal`, ...) go to every attempt's
   * SDK call unchanged.
   */
  async create<M extends ResponseModel>(
    params: CreateParams<M>,
    requestOptions?: RequestOptions,
  ): Promise<ResponseOf<M>> {
    return (await this.createWithCompletion(params, requestOptions)).data;
  }

  /** Like `create`, also returning the completion, usage summed over attempts, and attempt count. */
  async createWithCompletion<M extends ResponseModel>(
    params: CreateParams<M>,
    requestOptions?: RequestOptions,
  ): Promise<CreateResult<ResponseOf<M>>> {
    if (typeof params !== 'object' || params === null) {
      throw new ConfigurationError({
        message: 'create() needs params: { messages, responseModel, ... }.',
      });
    }
    const {
      responseModel,
      maxRetries,
      hooks: callHooks,
      context,
      signal,
      reask,
      maxTotalTokens,
      ...requestParams
    } = params;
    const model = requestParams.model ?? this.model ?? this.defaults.model;
    if (!model) {
      throw new ConfigurationError({
        message: 'No model: pass `model` to the call or give the client a default model.',
      });
    }
    if (requestParams.stream) {
      throw new ConfigurationError({
        message: 'create() does not stream: pass no `stream` option.',
      });
    }
    if (!Array.isArray(requestParams.messages)) {
      throw new ConfigurationError({ message: '`messages` must be an array of chat messages.' });
    }
    if (callHooks !== undefined && !Hooks.isInstance(callHooks)) {
      throw new ConfigurationError({ message: 'Per-call `hooks` must be a Hooks instance.' });
    }
    checkChatParams(requestParams, 'the params of create()');
    const sdkOptions = prepareRequestOptions(this.client, requestOptions, signal);
    const target = responseModel === null ? null : resolveResponseTarget(responseModel);
    const body: ChatCompletionCreateParamsNonStreaming = {
      ...this.defaults,
      ...requestParams,
      model,
    };
    if (target !== null) {
      checkNoOwnedParams(body, this.strategy);
      checkSingleChoice(requestParams.n ?? this.defaults.n, requestParams.n ?? null);
    }
    return (await runExtraction({
      params: body,
      target,
      strategy: this.strategy,
      maxRetries:
        maxRetries === undefined || maxRetries === null
          ? this.maxRetries
          : checkMaxRetries(maxRetries),
      reask:
        reask === undefined && maxTotalTokens === undefined
          ? this.reaskPolicy
          : resolveReaskPolicy(
              { reask: this.reask, maxTotalTokens: this.maxTotalTokens },
              { reask, maxTotalTokens },
            ),
      hooks: callHooks ? Hooks.combine(this.hooks, callHooks) : this.hooks,
      context,
      send: (request) => this.send(request, sdkOptions),
      signal: sdkOptions?.signal ?? undefined,
      abortError: () =>
        toProviderError(new APIUserAbortError(), this.provider, [this.client.apiKey ?? undefined]),
    })) as CreateResult<ResponseOf<M>>;
  }

  /** Registers a client-level handler (runs for every call of this client). Returns the client. */
  on<K extends HookEventName>(
    name: K,
    handler: HookHandler<HookPayload<NoCustomHookEvents, K>>,
  ): this {
    this.hooks.on(name, handler);
    return this;
  }

  /** Removes one registration of `handler` for `name`. Returns the client. */
  off<K extends HookEventName>(
    name: K,
    handler: HookHandler<HookPayload<NoCustomHookEvents, K>>,
  ): this {
    this.hooks.off(name, handler);
    return this;
  }

  /** Removes every client-level handler of one event, or of all events. */
  clear(name?: HookEventName): void {
    this.hooks.clear(name);
  }

  private async send(
    params: ChatCompletionCreateParamsNonStreaming,
    requestOptions: RequestOptions | undefined,
  ): Promise<ChatCompletion> {
    let completion: unknown;
    try {
      // A fresh copy per attempt: the SDK may write to the options it is given.
      completion = await this.client.chat.completions.create(
        params,
        requestOptions && { ...requestOptions },
      );
    } catch (error) {
      throw toProviderError(error, this.provider, [this.client.apiKey ?? undefined]);
    }
    if (!isCompletionBody(completion)) {
      throw notACompletionError(completion, this.provider, [this.client.apiKey ?? undefined]);
    }
    return completion as ChatCompletion;
  }
}

/** A param the mode builds from the response model, set by the caller too, is refused. */
function checkNoOwnedParams(body: object, strategy: ModeStrategy): void {
  const given = strategy.ownedParams.find(
    (name) => (body as Record<string, unknown>)[name] !== undefined,
  );
  if (given === undefined) return;
  throw new ConfigurationError({
    message:
      `\`${given}\` is built by Mode.${modeName(strategy.mode)} from \`responseModel\`; leave it out ` +
      '(of the call and of `defaults`), or pass `responseModel: null` to send your own and get the raw completion.',
  });
}

/** One result is read from the first choice: more choices would be paid for and thrown away. */
function checkSingleChoice(n: unknown, perCall: unknown): void {
  if (n === undefined || n === null || n === 1) return;
  const where = perCall === null ? '`defaults`' : 'the params of create()';
  throw new ConfigurationError({
    message:
      `\`n: ${boundedJson(n, 40)}\` in ${where}: create() validates one reply, the first choice, so other ` +
      'choices would be paid for and dropped. Leave `n` out, or pass `responseModel: null` for the raw completion.',
  });
}

function modeName(mode: Mode): string {
  return Object.entries(Mode).find(([, value]) => value === mode)?.[0] ?? mode;
}

function checkMaxRetries(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigurationError({
      message: `maxRetries must be a whole number of re-asks, 0 or more; got ${String(value)}.`,
    });
  }
  return value;
}
