import type { ValidatorOptions } from 'class-validator';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { Hooks } from '../hooks';
import type { ResponseModel, ResponseModelClass } from '../response-model';
import type { ExtractionResult, ReaskOptions } from '../retry';

/** Params of `create()`: the chat-completions params plus class-instructor's camel-case extras. */
export type CreateParams<M extends ResponseModel> = Omit<
  ChatCompletionCreateParamsNonStreaming,
  'model' | 'stream'
> & {
  /** What to extract: a decorated class, `String` / `Number` / `Boolean`, or `null` for the raw completion. */
  responseModel: M;
  /** Overrides the client's default model for this call. */
  model?: string;
  /** Re-asks for this call (total attempts = `maxRetries + 1`); `null` or left out: the client's. */
  maxRetries?: number | null;
  /** Re-ask options for this call, merged over the client's. */
  reask?: ReaskOptions;
  /** Token budget of this call (see the client option); overrides the client's. */
  maxTotalTokens?: number | null;
  /** Hooks for this call only, run after the client's. */
  hooks?: Hooks;
  /** class-validator options for this call, merged over the client's (see the client option). */
  validatorOptions?: ValidatorOptions;
  /** Made available to custom class-validator constraints through `getValidationContext()`. */
  context?: unknown;
  /** Aborts the call and its retry loop (rejects with a `ProviderError` wrapping the SDK's abort error). */
  signal?: AbortSignal;
  /** `create()` does not stream. */
  stream?: false | null;
};

/** Params of `createPartial()`: those of `create()`, with a decorated class as `responseModel`. */
export type PartialParams<M extends ResponseModelClass> = Omit<CreateParams<M>, 'stream'>;

/**
 * Params of `createIterable()`: a decorated class whose instances the model lists, or (with
 * `Mode.PARALLEL_TOOLS`) several classes, one tool each.
 */
export type IterableParams<M extends ResponseModelClass | readonly ResponseModelClass[]> = Omit<
  CreateParams<M>,
  'stream'
>;

/** What `createWithCompletion()` resolves to: data, completion, summed usage, attempts. */
export type CreateResult<T> = ExtractionResult<T>;
