import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ValidationError } from '../errors';
import type { ResponseTarget } from '../response-model';
import type { Mode } from './mode';

/** The payload a mode pulled out of a completion: the text as received and its parsed JSON. */
export interface ExtractedPayload {
  rawText: string;
  value: unknown;
}

/**
 * Everything that differs between modes. The retry loop only talks to this interface, so adding a
 * mode is a new file and one registry line.
 */
export interface ModeStrategy {
  readonly mode: Mode;
  /**
   * The request params `buildRequest` sets from the response model. A call that sets them too is
   * a `ConfigurationError` (they would be overwritten without a word).
   */
  readonly ownedParams: readonly string[];
  /** Adds the mode's request parts (tools, response_format, prompt) to a fresh params object. */
  buildRequest(
    params: ChatCompletionCreateParamsNonStreaming,
    target: ResponseTarget,
  ): ChatCompletionCreateParamsNonStreaming;
  /** Pulls the payload out of a reply, or throws `ValidationError` (no choices, no tool call, bad JSON). */
  extractPayload(completion: ChatCompletion, target: ResponseTarget): ExtractedPayload;
  /** Messages to append after a failed reply so the model can correct itself. */
  buildReask(completion: ChatCompletion, error: ValidationError): ChatCompletionMessageParam[];
}
