import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { RecordedRequest } from '../../src/testing';

/** The function tool of a recorded request (tool modes send exactly one). */
export function functionToolOf(request: RecordedRequest | undefined): ChatCompletionFunctionTool {
  const tool = request?.tools?.[0];
  if (!tool || tool.type !== 'function') throw new Error('the request has no function tool');
  return tool;
}

/** What a call that must fail rejected with; fails the test when the call resolves instead. */
export async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('the call resolved, a rejection was expected');
    },
    (error: unknown) => error,
  );
}

/** Every value a stream yields, in order. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of stream) values.push(value);
  return values;
}

/** One SSE event holding a `chat.completion.chunk` with these choices (and extra fields). */
export function sseChunk(choices: unknown, extra: Record<string, unknown> = {}): string {
  const body = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices };
  return `data: ${JSON.stringify({ ...body, ...extra })}\n\n`;
}

/** A chat.completion body with one choice holding `message` (as hostile servers shape it). */
export function completionBody(message: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'chatcmpl-hostile',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4.1-mini',
    choices: [{ index: 0, finish_reason: 'stop', message }],
    ...extra,
  });
}

/** Runs `body` with the given environment variables set (undefined: unset), then restores them. */
export function withEnv<T>(vars: Record<string, string | undefined>, body: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  try {
    return body();
  } finally {
    apply(saved);
  }
}
