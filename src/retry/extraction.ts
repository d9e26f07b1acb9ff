import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { ConfigurationError, ValidationError } from '../errors';
import { Mode, type ExtractedPayload, type ModeStrategy, type StreamTextReader } from '../modes';
import {
  LIST_PROPERTY,
  listTargetFor,
  resolveResponseTarget,
  type ResponseModelClass,
  type ResponseTarget,
} from '../response-model';
import { isBuiltInClass, settle } from '../internal';
import { DEFAULT_VALIDATOR_SETTINGS, type ValidatorSettings } from '../validation';
import { completionFailure } from './completion-outcome';

/**
 * What one call extracts, and how, as the attempts see it: the request parts, how a finished
 * completion becomes the result, how a failure is re-asked. Modes stay behind the strategy; the
 * raw completion (`responseModel: null`) is an extraction of its own.
 */
export interface Extraction<T = unknown> {
  /** False when no re-ask may follow (the raw completion): the call makes one attempt. */
  readonly reaskable: boolean;
  /** The targets, one per tool in parallel modes (empty for the raw completion). */
  readonly targets: readonly ResponseTarget[];
  /** Adds the mode's parts to a fresh params object. */
  request(params: ChatCompletionCreateParamsNonStreaming): ChatCompletionCreateParamsNonStreaming;
  /**
   * A finished completion as the result. Fails with `IncompleteOutputException` / `RefusalError`
   * (the call ends), `ValidationError` (re-asked) or `ConfigurationError`: synchronously (a value,
   * or a throw) when nothing async validates the reply, else through the promise.
   */
  read(completion: ChatCompletion, context: unknown): T | Promise<T>;
  /** The messages that follow a failed reply, asking for a correction. */
  reask(
    completion: ChatCompletion,
    error: ValidationError,
    instruction?: string,
  ): ChatCompletionMessageParam[];
  /** A reader of the mode's JSON text in a streamed reply. */
  textReader(): StreamTextReader;
}

/** The raw completion: no request parts, no parsing, no re-asks. */
const rawExtraction: Extraction<ChatCompletion> = {
  reaskable: false,
  targets: [],
  request: (params) => params,
  read: (completion) => completion,
  reask: () => [],
  textReader: () => ({ read: () => undefined }),
};

/** A mode's extraction of its targets; in parallel modes the result is the list of every call's. */
class ModeExtraction implements Extraction {
  readonly reaskable = true;

  constructor(
    private readonly strategy: ModeStrategy,
    readonly targets: readonly ResponseTarget[],
  ) {}

  request(params: ChatCompletionCreateParamsNonStreaming): ChatCompletionCreateParamsNonStreaming {
    return this.strategy.buildRequest(params, this.targets);
  }

  read(completion: ChatCompletion, context: unknown): unknown {
    const failure = completionFailure(completion);
    if (failure) throw failure;
    const payloads = this.strategy.extractPayloads(completion, this.targets);
    if (!this.strategy.parallel) return parsePayload(payloads[0]!, context);
    return parseEach(payloads, context);
  }

  reask(completion: ChatCompletion, error: ValidationError, instruction?: string) {
    return this.strategy.buildReask(completion, error, instruction);
  }

  textReader(): StreamTextReader {
    return this.strategy.createTextReader();
  }
}

/** Parallel modes: each call's result, one after the other; the first invalid call is the error, named. */
async function parseEach(
  payloads: readonly ExtractedPayload[],
  context: unknown,
): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const [index, payload] of payloads.entries()) {
    try {
      results.push(await parsePayload(payload, context));
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      throw new ValidationError({
        message: `Call ${index + 1} (\`${payload.target.name}\`): ${error.message}`,
        errors: error.errors,
        rawText: error.rawText,
        cause: error,
      });
    }
  }
  return results;
}

// The name a target keeps its extraction under, per mode: made once, not per call.
const EXTRACTION_FACT = Object.fromEntries(
  Object.values(Mode).map((mode) => [mode, `extraction.${mode}`]),
) as Record<Mode, string>;

/** The extraction `create` / `createWithCompletion` / `createPartial` use for a response model. */
export function resolveExtraction(
  responseModel: unknown,
  strategy: ModeStrategy,
  validator: ValidatorSettings = DEFAULT_VALIDATOR_SETTINGS,
): Extraction {
  if (responseModel === null) return rawExtraction;
  if (Array.isArray(responseModel)) {
    if (!strategy.parallel) {
      throw new ConfigurationError({
        message: `responseModel: [${describeList(responseModel)}] (one tool per class) needs Mode.PARALLEL_TOOLS; this client uses ${strategy.mode}.`,
      });
    }
    return new ModeExtraction(strategy, parallelTargets(responseModel, validator));
  }
  if (strategy.parallel) {
    throw new ConfigurationError({
      message:
        'Mode.PARALLEL_TOOLS returns a list, one result per tool call: pass the classes as a list ' +
        '(`responseModel: [User]` or `[User, Address]`), or use createIterable().',
    });
  }
  // Immutable and per target and mode: the target keeps it for every call.
  const target = resolveResponseTarget(responseModel, validator);
  return target.derived(
    EXTRACTION_FACT[strategy.mode],
    () => new ModeExtraction(strategy, [target]),
  );
}

/** What `createIterable` extracts: where the elements are and which target each one is. */
export interface ListExtraction extends Extraction {
  /** Elements are whole tool calls (parallel modes), or the `items` of one list object. */
  readonly elementsAt: readonly string[] | undefined;
  /** The target an element is validated against, by tool name (parallel) or the only one. */
  elementTarget(toolName: string | undefined): ResponseTarget | undefined;
}

/** The extraction of `createIterable`: a list of a class, or (parallel modes) calls of several. */
export function resolveListExtraction(
  responseModel: unknown,
  strategy: ModeStrategy,
  validator: ValidatorSettings = DEFAULT_VALIDATOR_SETTINGS,
): ListExtraction {
  if (strategy.parallel) {
    const models = Array.isArray(responseModel) ? responseModel : [responseModel];
    const targets = parallelTargets(models, validator);
    return new ListModeExtraction(strategy, targets, undefined, (toolName) =>
      targets.find((target) => target.name === toolName),
    );
  }
  if (Array.isArray(responseModel)) {
    throw new ConfigurationError({
      message: `responseModel: [${describeList(responseModel)}] (one tool per class) needs Mode.PARALLEL_TOOLS; this client uses ${strategy.mode}.`,
    });
  }
  const element = classTarget(responseModel, 'createIterable', validator);
  const list = listTargetFor(responseModel as ResponseModelClass, validator);
  return new ListModeExtraction(strategy, [list], [LIST_PROPERTY], () => element);
}

/** A list's extraction: the mode's, plus where the elements are and which target each is. */
class ListModeExtraction extends ModeExtraction implements ListExtraction {
  constructor(
    strategy: ModeStrategy,
    targets: readonly ResponseTarget[],
    readonly elementsAt: readonly string[] | undefined,
    readonly elementTarget: (toolName: string | undefined) => ResponseTarget | undefined,
  ) {
    super(strategy, targets);
  }
}

function parallelTargets(
  models: readonly unknown[],
  validator: ValidatorSettings,
): ResponseTarget[] {
  if (models.length === 0) {
    throw new ConfigurationError({
      message: 'responseModel: [] names no class; give at least one.',
    });
  }
  const targets = models.map((model) => classTarget(model, 'Mode.PARALLEL_TOOLS', validator));
  const names = targets.map((target) => target.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) {
    throw new ConfigurationError({
      message: `responseModel lists two classes named \`${repeated}\`: tool names must differ.`,
    });
  }
  return targets;
}

/** A decorated class's target; String / Number / Boolean / null cannot be list elements. */
function classTarget(model: unknown, where: string, validator: ValidatorSettings): ResponseTarget {
  if (model === null || typeof model !== 'function' || isBuiltInClass(model)) {
    throw new ConfigurationError({
      message: `${where} needs decorated classes; got ${model === null ? 'null' : typeof model === 'function' ? model.name : typeof model}.`,
    });
  }
  return resolveResponseTarget(model, validator);
}

function describeList(models: readonly unknown[]): string {
  return models
    .map((model) => (typeof model === 'function' ? model.name || '(anonymous)' : String(model)))
    .join(', ');
}

/**
 * Validates one payload (synchronously when nothing async validates it); whatever else its
 * validators throw becomes a re-asked ValidationError.
 */
export function parsePayload(payload: ExtractedPayload, context: unknown): unknown {
  return settle(
    () => payload.target.parse(payload.value, payload.rawText, context),
    (parsed) => parsed,
    (caught) => {
      if (ConfigurationError.isInstance(caught)) throw caught;
      throw asValidationError(caught, payload.rawText);
    },
  );
}

/**
 * A custom constraint or transformer that throws on an unexpected shape is a bad reply like any
 * other: it becomes a ValidationError (re-asked), with the thrown error as cause.
 */
export function asValidationError(caught: unknown, rawText: string): ValidationError {
  if (ValidationError.isInstance(caught)) return caught;
  const reason = caught instanceof Error ? caught.message : String(caught);
  return new ValidationError({
    message: `Validating the reply threw: ${reason}`,
    rawText,
    cause: caught,
  });
}
