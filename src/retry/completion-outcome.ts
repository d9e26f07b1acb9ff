import type { ChatCompletion } from 'openai/resources/chat/completions';
import { IncompleteOutputException, RefusalError } from '../errors';

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
  const refusal = choice.message?.refusal;
  if (refusal) return new RefusalError({ refusal, lastCompletion: completion });
  return undefined;
}
