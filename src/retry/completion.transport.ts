import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';

/** A stream of completion chunks that can be cancelled (the HTTP request is aborted). */
export interface ChunkStream extends AsyncIterable<ChatCompletionChunk> {
  /** Aborts the request; iteration then ends. Idempotent. */
  cancel(): void;
}

/**
 * How attempts reach the provider: two verbs, both rejecting with a `ProviderError` (or throwing
 * one while a stream is read) when the SDK call fails.
 */
export interface CompletionTransport {
  /** One finished completion. */
  complete(params: ChatCompletionCreateParamsNonStreaming): Promise<ChatCompletion>;
  /** The SDK's chunk stream of one request. */
  stream(params: ChatCompletionCreateParamsStreaming): Promise<ChunkStream>;
  /** The `ProviderError` an aborted call ends with. */
  abortError(): Error;
  /** A `ProviderError` for a reply the provider broke (a stream that ended too early). */
  failure(message: string): Error;
  /** The call's abort signal, if any. */
  readonly signal: AbortSignal | undefined;
}
