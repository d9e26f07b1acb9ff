import { ConfigurationError } from '../errors';
import type { ValidatorOptions } from 'class-validator';
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { Hooks } from '../hooks';
import type { Mode } from '../modes';
import type { ReaskOptions } from '../retry';

/** Request params merged into every call; the call's own params win. */
export type RequestDefaults = Partial<
  Omit<ChatCompletionCreateParamsNonStreaming, 'messages' | 'stream'>
>;

/** Options shared by `new Instructor(...)`, `fromProvider(...)` and `registerInstructor(...)`. */
export interface InstructorSettings {
  /**
   * Extraction mode.
   * @default Mode.TOOLS (or the provider preset's default)
   */
  mode?: Mode;
  /** Client-level hooks; per-call `hooks` run after them. */
  hooks?: Hooks;
  /**
   * Re-asks after the first attempt when a reply does not parse or validate (total attempts =
   * `maxRetries + 1`). The SDK's own HTTP retries are separate and unchanged. `null` means the
   * default, as it does per call.
   * @default 2
   */
  maxRetries?: number | null;
  /** Request params merged into every call (`temperature`, `max_tokens`, ...); the call's win. */
  defaults?: RequestDefaults;
  /** How re-asks carry the failed attempts, and when they stop early; a call's own win per key. */
  reask?: ReaskOptions;
  /**
   * A token budget per call: no attempt starts once the usage summed over the call's attempts
   * (`total_tokens` as the provider reports it) reached it; the call then ends with an
   * `InstructorRetryException` whose `reason` is `'token_budget'`.
   * @default Infinity
   */
  maxTotalTokens?: number | null;
  /**
   * Whether streaming calls ask for usage with `stream_options: { include_usage: true }` (a
   * server that does not know the option may refuse the request).
   * @default the provider preset's (true for `openai`); for `new Instructor`, true when `provider` is `openai`
   */
  streamUsage?: boolean;
  /**
   * class-validator options every reply is validated with, merged over our safe defaults
   * (`whitelist: true`, `forbidNonWhitelisted: false`, `forbidUnknownValues: true`,
   * `validationError: { target: false, value: true }`); a call's own `validatorOptions` win per
   * key. `groups` (with `strictGroups`, `always`) also select what the schema sent to the model
   * describes. Bare `String` / `Number` / `Boolean` answers always use the defaults.
   * @default {}
   */
  validatorOptions?: ValidatorOptions;
}

/** The names of {@link InstructorSettings}, for the unknown-option checks. */
export const INSTRUCTOR_SETTING_NAMES: readonly (keyof InstructorSettings)[] = [
  'mode',
  'hooks',
  'maxRetries',
  'defaults',
  'reask',
  'maxTotalTokens',
  'streamUsage',
  'validatorOptions',
];

/** Options of `new Instructor(...)`. */
export interface InstructorOptions extends InstructorSettings {
  /** The OpenAI SDK instance every request goes through, used as is. */
  client: OpenAI;
  /**
   * Provider name used in errors (`ProviderError.provider`).
   * @default 'openai'
   */
  provider?: string;
  /** Default `model` of every call. */
  model?: string;
}

/** A `ConfigurationError` for any option not in `known` (a typo, or an option of another API). */
export function checkOptionNames(options: object, known: readonly string[], where: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError({ message: `${where} options must be an object.` });
  }
  const unknown = Object.keys(options).filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  throw new ConfigurationError({
    message: `Unknown ${where} option${unknown.length === 1 ? '' : 's'} ${unknown.map((name) => `\`${name}\``).join(', ')}. Known options: ${known.join(', ')}. Request params for every call go in \`defaults\`.`,
  });
}
