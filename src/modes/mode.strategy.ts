import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ValidationError } from '../errors';
import type { ResponseTarget } from '../response-model';
import type { Mode } from './mode';

/** The payload a mode pulled out of a completion for one target: the text as received and its JSON. */
export interface ExtractedPayload {
  target: ResponseTarget;
  rawText: string;
  value: unknown;
}

/** Where a streamed delta's JSON text belongs: a tool call's index (0 for content) and its name. */
export type StreamTextSink = (channel: number, text: string, toolName: string | undefined) => void;

/** Reads one streamed reply's JSON text out of its chunk deltas, in order (state per reply). */
export interface StreamTextReader {
  read(delta: ChatCompletionChunk.Choice.Delta, emit: StreamTextSink): void;
  /** Called once the stream ended cleanly: text the reader could only place at the end. */
  end?(emit: StreamTextSink): void;
}

/**
 * A fresh request params object: `params`, then `parts` over it. Object.assign rather than a
 * spread: V8 (Node 20) gives every key added after a spread its own map transition, ~0.6 µs a
 * key on every request. `params` never holds an own `__proto__` key (checkChatParams refuses
 * one), so the assignment cannot reach the prototype.
 */
export function withRequestParts<P extends object, Q extends object>(params: P, parts: Q): P & Q {
  return Object.assign({}, params, parts);
}

/**
 * Everything that differs between modes. The driver and the attempts only talk to this
 * interface, so adding a mode is a new file and one registry line.
 */
export interface ModeStrategy {
  readonly mode: Mode;
  /**
   * The request params `buildRequest` sets from the response model. A call that sets them too is
   * a `ConfigurationError` (they would be overwritten without a word).
   */
  readonly ownedParams: readonly string[];
  /** True when the mode offers one tool per target and reads every call: results are lists. */
  readonly parallel: boolean;
  /** Adds the mode's request parts (tools, response_format, prompt) to a fresh params object. */
  buildRequest(
    params: ChatCompletionCreateParamsNonStreaming,
    targets: readonly ResponseTarget[],
  ): ChatCompletionCreateParamsNonStreaming;
  /**
   * Pulls the payloads out of a reply (one, or one per tool call in parallel modes), or throws
   * `ValidationError` (no choices, no tool call, another tool, bad JSON).
   */
  extractPayloads(
    completion: ChatCompletion,
    targets: readonly ResponseTarget[],
  ): ExtractedPayload[];
  /** Messages to append after a failed reply so the model can correct itself. */
  buildReask(
    completion: ChatCompletion,
    error: ValidationError,
    instruction?: string,
  ): ChatCompletionMessageParam[];
  /** A reader of the JSON text in a streamed reply's deltas. */
  createTextReader(): StreamTextReader;
}
