import type {
  ChatCompletionContentPartText,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ResponseTarget } from '../response-model';

/** The instruction JSON modes put in the system prompt, built once per target and phrasing. */
export function schemaPrompt(target: ResponseTarget, answerFormat: string): string {
  return target.derived(
    `json.prompt:${answerFormat}`,
    () =>
      `${asSentence(target.description)}\n` +
      `Answer with a JSON object that matches this JSON Schema (an instance of it, not the schema itself):\n` +
      `${JSON.stringify(target.schema(false))}\n${answerFormat}`,
  );
}

/**
 * Returns a new message list carrying `prompt` in the system message: appended to the caller's
 * first system message when there is one (copied, never mutated), otherwise prepended.
 */
export function withSystemPrompt(
  messages: readonly ChatCompletionMessageParam[],
  prompt: string,
): ChatCompletionMessageParam[] {
  const [first, ...rest] = messages;
  if (first?.role !== 'system') return [{ role: 'system', content: prompt }, ...messages];
  const existing: unknown = first.content;
  const content: string | ChatCompletionContentPartText[] =
    typeof existing === 'string' && existing !== ''
      ? `${existing}\n\n${prompt}`
      : Array.isArray(existing)
        ? [...(existing as ChatCompletionContentPartText[]), { type: 'text', text: prompt }]
        : prompt; // null, undefined or empty: the prompt is the whole system message
  return [{ ...first, content }, ...rest];
}

/** The description as a sentence: a full stop added unless it already ends in punctuation. */
function asSentence(text: string): string {
  return /[.!?:]$/.test(text.trimEnd()) ? text.trimEnd() : `${text}.`;
}
