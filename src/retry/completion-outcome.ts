import type { ChatCompletion } from 'openai/resources/chat/completions';
import { IncompleteOutputException, RefusalError } from '../errors';
import { boundedJson, truncate } from '../internal';

/**
 * Errors of the call itself that a reply can carry: truncation and refusal. They end the call
 * without a re-ask (asking again would truncate or refuse again).
 */
export function completionFailure(completion: ChatCompletion): Error | undefined {
  const choice = completion.choices?.[0];
  if (!choice) return undefined;
  if (choice.finish_reason === 'length') {
    return new IncompleteOutputException({ lastCompletion: completion });
  }
  const refusal: unknown = choice.message?.refusal;
  if (refusal === undefined || refusal === null || refusal === '' || refusal === false) {
    return undefined;
  }
  // Off the wire, a refusal is not always text: show anything else bounded.
  const text = typeof refusal === 'string' ? refusal : boundedJson(refusal);
  return new RefusalError({
    message: `The model refused to answer: ${truncate(text, 500)}`,
    refusal: text,
    lastCompletion: completion,
  });
}
