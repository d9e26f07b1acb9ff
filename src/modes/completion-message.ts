import type { ChatCompletion, ChatCompletionMessage } from 'openai/resources/chat/completions';
import { ValidationError } from '../errors';
import { parseUntrustedJson, stripDangerousKeys } from '../internal';
import type { ResponseTarget } from '../response-model';
import type { ExtractedPayload } from './mode.strategy';

/** A function tool call as the model sent it, read defensively (replies are untrusted input). */
export interface FunctionCallReply {
  id: string;
  name: string;
  /** Raw argument text, or an object from servers that send arguments already parsed. */
  arguments: unknown;
}

/** The first choice's message, or undefined for a reply without one (read defensively). */
export function replyMessage(completion: ChatCompletion): ChatCompletionMessage | undefined {
  const choices: unknown = completion.choices;
  const message: unknown = Array.isArray(choices)
    ? (choices[0] as { message?: unknown } | undefined)?.message
    : undefined;
  return typeof message === 'object' && message !== null
    ? (message as ChatCompletionMessage)
    : undefined;
}

/** The first choice's message, or a `ValidationError` for a reply without choices. */
export function firstMessage(completion: ChatCompletion): ChatCompletionMessage {
  const message = replyMessage(completion);
  if (!message) {
    throw new ValidationError({ message: 'The reply has no choices.', rawText: '' });
  }
  return message;
}

/** A message's text content; '' when there is none or it is not a string. */
export function messageText(message: ChatCompletionMessage | undefined): string {
  const content: unknown = message?.content;
  return typeof content === 'string' ? content : '';
}

/** A message's function tool calls; malformed entries are skipped. */
export function functionCalls(message: ChatCompletionMessage | undefined): FunctionCallReply[] {
  const toolCalls: unknown = message?.tool_calls;
  if (!Array.isArray(toolCalls)) return [];
  const calls: FunctionCallReply[] = [];
  for (const call of toolCalls as unknown[]) {
    const candidate = call as
      | { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } | null }
      | null
      | undefined;
    const name = candidate?.function?.name;
    if (candidate?.type !== 'function' || typeof name !== 'string') continue;
    calls.push({
      id: typeof candidate.id === 'string' ? candidate.id : '',
      name,
      arguments: candidate.function?.arguments,
    });
  }
  return calls;
}

/**
 * Parses model text as JSON into `target`'s payload, or throws a `ValidationError` that explains
 * why not.
 */
export function parseJsonPayload(
  target: ResponseTarget,
  rawText: string,
  what: string,
): ExtractedPayload {
  const parsed = parseUntrustedJson(rawText);
  if (!parsed.ok) {
    throw new ValidationError({
      message: `${what} is not valid JSON: ${parsed.error.message}`,
      rawText,
      cause: parsed.error,
    });
  }
  return { target, rawText, value: parsed.value };
}

/** Tool arguments: JSON text, or (some OpenAI-compatible servers) an object sent already parsed. */
export function parseToolArguments(
  target: ResponseTarget,
  value: unknown,
  what: string,
): ExtractedPayload {
  if (typeof value === 'string') return parseJsonPayload(target, value, what);
  if (typeof value === 'object' && value !== null) {
    let rawText: string;
    try {
      rawText = JSON.stringify(value);
    } catch (error) {
      throw new ValidationError({
        message: `${what} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        rawText: '',
        cause: error,
      });
    }
    // Never trust the object's own keys: it came off the wire like any JSON text.
    const copy = stripDangerousKeys(JSON.parse(rawText) as unknown);
    return { target, rawText, value: copy };
  }
  throw new ValidationError({ message: `${what} are missing.`, rawText: '' });
}

/** The payload of text modes: the reply's content parsed as JSON. */
export function contentPayload(
  completion: ChatCompletion,
  target: ResponseTarget,
): ExtractedPayload {
  return parseJsonPayload(target, messageText(firstMessage(completion)), 'The reply');
}
