import type { ChatCompletion, ChatCompletionMessage } from 'openai/resources/chat/completions';
import { ValidationError } from '../errors';
import { parseUntrustedJson } from '../internal';
import type { ExtractedPayload } from './mode.strategy';

/** The first choice's message, or a `ValidationError` for a reply without choices. */
export function firstMessage(completion: ChatCompletion): ChatCompletionMessage {
  const message = completion.choices?.[0]?.message;
  if (!message) {
    throw new ValidationError({ message: 'The reply has no choices.', rawText: '' });
  }
  return message;
}

/** Parses model text as JSON into a payload, or throws a `ValidationError` that explains why not. */
export function parseJsonPayload(rawText: string, what: string): ExtractedPayload {
  const parsed = parseUntrustedJson(rawText);
  if (!parsed.ok) {
    throw new ValidationError({
      message: `${what} is not valid JSON: ${parsed.error.message}`,
      rawText,
      cause: parsed.error,
    });
  }
  return { rawText, value: parsed.value };
}
