import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { Hooks } from '../hooks';
import type { Mode } from '../modes';

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
   * `maxRetries + 1`). The SDK's own HTTP retries are separate and unchanged.
   * @default 2
   */
  maxRetries?: number;
  /** Request params merged into every call (`temperature`, `max_tokens`, ...); the call's win. */
  defaults?: RequestDefaults;
}

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
