import type { ValidatorOptions } from 'class-validator';
import type { OpenAI } from 'openai';
import { ConfigurationError } from '../errors';
import {
  Hooks,
  type HookEventName,
  type HookHandler,
  type HookPayload,
  type NoCustomHookEvents,
} from '../hooks';
import { assertReflectMetadata, isBuiltInClass } from '../internal';
import {
  DEFAULT_VALIDATOR_SETTINGS,
  mergeValidatorOptions,
  type ValidatorSettings,
} from '../validation';
import { getModeStrategy, Mode, withRequestParts, type ModeStrategy } from '../modes';
import { closeClient } from '../providers';
import type {
  DeepPartial,
  ElementOf,
  ResponseModel,
  ResponseModelClass,
  ResponseOf,
} from '../response-model';
import {
  completionAttempt,
  driveCall,
  finishCall,
  listConsumer,
  partialObjectConsumer,
  resolveExtraction,
  resolveListExtraction,
  resolveReaskPolicy,
  streamAttempt,
  type CallPlan,
  type CompletionTransport,
  type Extraction,
  type ReaskOptions,
  type ReaskPolicy,
} from '../retry';
import { checkMaxRetries, checkNoOwnedParams, checkSingleChoice } from './call-params.checks';
import { InstructorCallStream, type CallStream } from './call-stream';
import { checkChatParams } from './chat-params.guard';
import type { CreateParams, CreateResult, IterableParams, PartialParams } from './create-params';
import {
  checkOptionNames,
  INSTRUCTOR_SETTING_NAMES,
  type InstructorOptions,
  type RequestDefaults,
} from './instructor-options';
import { openAITransport } from './openai.transport';
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

  /** Whether streams ask for usage (`stream_options.include_usage`): the preset's word. */
  readonly streamUsage: boolean;

  /** class-validator options of every call, merged over our defaults (a call's own win per key). */
  readonly validatorOptions: Readonly<ValidatorOptions>;

  private readonly reaskPolicy: ReaskPolicy;
  private readonly strategy: ModeStrategy;
  private readonly validator: ValidatorSettings;
  /** The transport of every call without request options. */
  private readonly plainTransport: CompletionTransport;

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
    this.streamUsage = options.streamUsage ?? this.provider === 'openai';
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
    this.validator = mergeValidatorOptions(
      DEFAULT_VALIDATOR_SETTINGS,
      options.validatorOptions,
      'the client options',
    );
    this.validatorOptions = this.validator.options;
    this.plainTransport = openAITransport(this.client, this.provider, undefined);
  }

  /**
   * Releases what the client holds: a `local/` model's context, and the model itself once no
   * other client uses it, after the calls under way end (a later call loads it again). Remote
   * providers hold nothing. Idempotent.
   */
  async close(): Promise<void> {
    await closeClient(this.client);
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
    const plan = this.planCall(params, requestOptions, 'create', (model, validator) =>
      resolveExtraction(model, this.strategy, validator),
    );
    return finishCall(driveCall(plan as CallPlan<ResponseOf<M>>, completionAttempt));
  }

  /**
   * Streams growing partial instances of `responseModel` while the model writes (nested `@Type`
   * classes are instances as soon as they appear), then the validated instance as the last
   * value. The same object may be updated in place between values: copy one to keep it. A
   * re-ask starts the object over (`stream.attemptNumber` tells which attempt a value is from).
   */
  createPartial<M extends ResponseModelClass>(
    params: PartialParams<M>,
    requestOptions?: RequestOptions,
  ): CallStream<DeepPartial<InstanceType<M>>, InstanceType<M>> {
    const model: unknown = params?.responseModel;
    if (typeof model !== 'function' || isBuiltInClass(model)) {
      throw new ConfigurationError({
        message: 'createPartial() needs a decorated class as `responseModel`.',
      });
    }
    const plan = this.planCall(params, requestOptions, 'createPartial', (_model, validator) =>
      resolveExtraction(model, this.strategy, validator),
    );
    const attempt = streamAttempt(partialObjectConsumer(model as ResponseModelClass), {
      includeUsage: this.streamUsage,
    });
    return new InstructorCallStream(
      (progress) => driveCall(plan, attempt, progress),
      (result) => [result.data],
    ) as unknown as CallStream<DeepPartial<InstanceType<M>>, InstanceType<M>>;
  }

  /**
   * Streams each element of a list as soon as it is complete and valid: instances of
   * `responseModel`, or (with `Mode.PARALLEL_TOOLS` and `responseModel: [A, B]`) of the class
   * of each tool call. An invalid element is re-asked from that element on; no element is ever
   * yielded twice.
   */
  createIterable<M extends ResponseModelClass | readonly ResponseModelClass[]>(
    params: IterableParams<M>,
    requestOptions?: RequestOptions,
  ): CallStream<ElementOf<M>, ElementOf<M>[]> {
    const plan = this.planCall(params, requestOptions, 'createIterable', (model, validator) =>
      resolveListExtraction(model, this.strategy, validator),
    );
    const extraction = plan.extraction;
    if (plan.reask.keepFailedAttempts === 0) {
      throw new ConfigurationError({
        message:
          'createIterable() re-asks name the elements already accepted; `reask.keepFailedAttempts: 0` ' +
          'would drop that and elements would come twice. Use 1 or more.',
      });
    }
    const attempt = streamAttempt(listConsumer(extraction, { values: [], texts: [] }), {
      includeUsage: this.streamUsage,
    });
    return new InstructorCallStream(
      (progress) => driveCall(plan, attempt, progress),
      () => [],
    ) as unknown as CallStream<ElementOf<M>, ElementOf<M>[]>;
  }

  /** Checks a call's params and builds everything its driver needs but the extraction. */
  private planCall<T, E extends Extraction<T> = Extraction<T>>(
    params: unknown,
    requestOptions: RequestOptions | undefined,
    method: string,
    extract: (responseModel: unknown, validator: ValidatorSettings) => E,
  ): CallPlan<T> & { readonly extraction: E } {
    if (typeof params !== 'object' || params === null) {
      throw new ConfigurationError({
        message: `${method}() needs params: { messages, responseModel, ... }.`,
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
      validatorOptions,
      ...requestParams
    } = params as CreateParams<ResponseModel>;
    const model = requestParams.model ?? this.model ?? this.defaults.model;
    if (!model) {
      throw new ConfigurationError({
        message: 'No model: pass `model` to the call or give the client a default model.',
      });
    }
    // create() accepts `stream: false` (its type allows it); the streaming methods set it themselves.
    const stream: unknown = requestParams.stream;
    if (method === 'create' ? stream === true : stream !== undefined && stream !== null) {
      throw new ConfigurationError({
        message:
          method === 'create'
            ? 'create() does not stream: pass no `stream` option (createPartial and createIterable stream).'
            : `${method}() streams by itself: pass no \`stream\` option.`,
      });
    }
    if (!Array.isArray(requestParams.messages)) {
      throw new ConfigurationError({ message: '`messages` must be an array of chat messages.' });
    }
    if (callHooks !== undefined && !Hooks.isInstance(callHooks)) {
      throw new ConfigurationError({ message: 'Per-call `hooks` must be a Hooks instance.' });
    }
    checkChatParams(requestParams, `the params of ${method}()`);
    const sdkOptions = prepareRequestOptions(this.client, requestOptions, signal);
    const validator = mergeValidatorOptions(
      this.validator,
      validatorOptions,
      `the params of ${method}()`,
    );
    const extraction = extract(responseModel, validator);
    // `requestParams` is this call's own object (the rest of the destructuring above).
    const body = withRequestParts(this.defaults, Object.assign(requestParams, { model }));
    if (extraction.reaskable) {
      checkNoOwnedParams(body, this.strategy);
      checkSingleChoice(requestParams.n ?? this.defaults.n, requestParams.n ?? null, method);
    }
    return {
      params: body,
      extraction,
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
      transport:
        sdkOptions === undefined
          ? this.plainTransport
          : openAITransport(this.client, this.provider, sdkOptions),
    };
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
}
