import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';

/** How `completionToChunks` slices a completion. */
export interface ChunkingOptions {
  /**
   * Append a last chunk with `choices: []` and the usage (`stream_options.include_usage`).
   * @default false
   */
  includeUsage?: boolean;
  /**
   * Characters per content, refusal or arguments delta, so consumers see real increments.
   * @default 8
   */
  pieceLength?: number;
}

/**
 * Splits `text` into pieces of at most `length` characters. Counts code points, so a surrogate
 * pair (an emoji) is never cut in half.
 */
export function splitIntoPieces(text: string, length: number): string[] {
  const characters = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += length) {
    pieces.push(characters.slice(start, start + length).join(''));
  }
  return pieces;
}

/**
 * The `chat.completion.chunk` sequence the API would stream for `completion`: per choice a role
 * chunk, content/refusal/arguments deltas, then a chunk carrying `finish_reason`.
 */
export function completionToChunks(
  completion: ChatCompletion,
  options: ChunkingOptions = {},
): ChatCompletionChunk[] {
  const pieceLength = options.pieceLength ?? 8;
  const { id, created, model } = completion;
  const chunks: ChatCompletionChunk[] = [];
  for (const choice of completion.choices) {
    const push = (
      delta: ChatCompletionChunk.Choice.Delta,
      finishReason: ChatCompletionChunk.Choice['finish_reason'] = null,
    ): void => {
      chunks.push({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: choice.index, delta, logprobs: null, finish_reason: finishReason }],
      });
    };
    const { content, refusal, tool_calls: toolCalls = [] } = choice.message;
    // Like the API: the first chunk opens an empty text message, or a null one for calls/refusals.
    push({ role: 'assistant', content: content === null ? null : '', refusal: null });
    for (const piece of splitIntoPieces(content ?? '', pieceLength)) push({ content: piece });
    for (const piece of splitIntoPieces(refusal ?? '', pieceLength)) push({ refusal: piece });
    toolCalls.forEach((call, index) => {
      if (call.type !== 'function') return;
      const { name, arguments: argumentsText } = call.function;
      push({
        tool_calls: [{ index, id: call.id, type: 'function', function: { name, arguments: '' } }],
      });
      for (const piece of splitIntoPieces(argumentsText, pieceLength)) {
        push({ tool_calls: [{ index, function: { arguments: piece } }] });
      }
    });
    push({}, choice.finish_reason);
  }
  if (options.includeUsage === true && completion.usage !== undefined) {
    chunks.push({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [],
      usage: completion.usage,
    });
  }
  return chunks;
}

/** Frames chunks as a `text/event-stream` body ending in `data: [DONE]`. */
export function chunksToSse(chunks: readonly ChatCompletionChunk[]): string {
  return chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n';
}

/** The whole SSE body streaming `completion` would produce. */
export function completionToSse(completion: ChatCompletion, options: ChunkingOptions = {}): string {
  return chunksToSse(completionToChunks(completion, options));
}
