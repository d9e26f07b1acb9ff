import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ValidationError } from '../errors';

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
): ChatCompletionMessageParam[] {
  const message = completion.choices?.[0]?.message;
  const toolCalls = message?.tool_calls?.filter((call) => call.type === 'function') ?? [];
  if (toolCalls.length === 0) {
    return textReask(completion, error, 'Call the function with arguments that fix these errors.');
  }
  const content = correctionText(
    error,
    'Call the function again with arguments that fix these errors.',
  );
  return [
    { role: 'assistant', content: message?.content ?? null, tool_calls: toolCalls },
    ...toolCalls.map((call) => ({ role: 'tool' as const, tool_call_id: call.id, content })),
  ];
}

/** JSON modes: echo the assistant's text (when there was any) and ask again as the user. */
export function textReask(
  completion: ChatCompletion,
  error: ValidationError,
  instruction: string,
): ChatCompletionMessageParam[] {
  const content = completion.choices?.[0]?.message?.content;
  const messages: ChatCompletionMessageParam[] = [];
  if (content) messages.push({ role: 'assistant', content });
  messages.push({ role: 'user', content: correctionText(error, instruction) });
  return messages;
}
