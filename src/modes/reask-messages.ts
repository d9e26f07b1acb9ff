import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ValidationError } from '../errors';
import { functionCalls, messageText, replyMessage } from './completion-message';

/** The correction request shared by every mode: the latest errors, one `path: message` per line. */
export function correctionText(error: ValidationError, instruction: string): string {
  return `Your previous answer was invalid.\n${error.message}\n${instruction}`;
}

/**
 * Tool modes: echo the assistant's tool calls and answer each with a tool message carrying the
 * errors (the API rejects a tool call left unanswered). A reply without tool calls falls back to text.
 */
export function toolReask(
  completion: ChatCompletion,
  error: ValidationError,
  instruction?: string,
): ChatCompletionMessageParam[] {
  const message = replyMessage(completion);
  const calls = functionCalls(message).filter((call) => call.id !== '');
  if (calls.length === 0) {
    return textReask(
      completion,
      error,
      instruction ?? 'Call the function with arguments that fix these errors.',
    );
  }
  const content = correctionText(
    error,
    instruction ?? 'Call the function again with arguments that fix these errors.',
  );
  return [
    {
      role: 'assistant',
      content: messageText(message) || null,
      tool_calls: calls.map((call) => ({
        id: call.id,
        type: 'function' as const,
        function: { name: call.name, arguments: echoedArguments(call.arguments) },
      })),
    },
    ...calls.map((call) => ({ role: 'tool' as const, tool_call_id: call.id, content })),
  ];
}

/** JSON modes: echo the assistant's text (when there was any) and ask again as the user. */
export function textReask(
  completion: ChatCompletion,
  error: ValidationError,
  instruction: string,
): ChatCompletionMessageParam[] {
  // A reply with no choices has nothing to echo; the correction alone is sent.
  const content = messageText(replyMessage(completion));
  const messages: ChatCompletionMessageParam[] = [];
  if (content) messages.push({ role: 'assistant', content });
  messages.push({ role: 'user', content: correctionText(error, instruction) });
  return messages;
}

/**
 * The arguments of an echoed tool call as the API requires them: a string. Objects (servers that
 * send arguments parsed) are serialized; missing arguments, or a value too deeply nested to
 * serialize, are echoed as `{}` (the correction text says what was wrong).
 */
function echoedArguments(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return '{}';
  try {
    return JSON.stringify(value);
  } catch {
    return '{}';
  }
}
