import { APIUserAbortError, type OpenAI } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import { ProviderError } from '../errors';
import type { ChunkStream, CompletionTransport } from '../retry';
import { isCompletionBody, notACompletionError, toProviderError } from './provider-error.mapper';
import type { RequestOptions } from './request-options';

/**
 * The transport of one call over an `OpenAI` instance: the call's request options go to every
 * attempt's SDK call (a fresh copy each time: the SDK may write to them), and every SDK failure
 * becomes a `ProviderError`. Without request options it holds no per-call state, so a client
 * keeps one for all such calls.
 */
export function openAITransport(
  client: OpenAI,
  provider: string,
  requestOptions: RequestOptions | undefined,
): CompletionTransport {
  const signal = requestOptions?.signal ?? undefined;
  // Errors redact every key the request may have used: the one the client held when it was sent
  // and the one it holds now (an `apiKey` function sets it during the request, and a client may
  // be handed a new key while a call is in flight).
  const keysSince = (keyAtSend: string | null): (string | undefined)[] => [
    keyAtSend ?? undefined,
    client.apiKey ?? undefined,
  ];
  const providerError = (error: unknown, keyAtSend: string | null): Error =>
    toProviderError(error, provider, keysSince(keyAtSend));
  const abortError = (): Error => providerError(new APIUserAbortError(), null);

  return {
    signal,
    abortError,
    failure: (message) =>
      new ProviderError({ message: `${provider}: ${message}`, cause: undefined, provider }),
    async complete(params: ChatCompletionCreateParamsNonStreaming): Promise<ChatCompletion> {
      const keyAtSend = client.apiKey;
      let completion: unknown;
      try {
        completion = await client.chat.completions.create(
          params,
          requestOptions && { ...requestOptions },
        );
      } catch (error) {
        throw providerError(error, keyAtSend);
      }
      if (!isCompletionBody(completion)) {
        throw notACompletionError(completion, provider, keysSince(keyAtSend));
      }
      return completion as ChatCompletion;
    },
    async stream(params: ChatCompletionCreateParamsStreaming): Promise<ChunkStream> {
      const keyAtSend = client.apiKey;
      const streamError = (error: unknown): Error => providerError(error, keyAtSend);
      let sdkStream: AsyncIterable<ChatCompletionChunk> & { controller?: AbortController };
      try {
        sdkStream = await client.chat.completions.create(
          params,
          requestOptions && { ...requestOptions },
        );
      } catch (error) {
        throw streamError(error);
      }
      return chunkStream(sdkStream, signal, streamError, abortError);
    },
  };
}

/**
 * The SDK stream with its failures mapped: it ends quietly when aborted (so the signal is
 * checked here), and a dropped connection surfaces as a plain `TypeError('terminated')`.
 */
function chunkStream(
  sdkStream: AsyncIterable<ChatCompletionChunk> & { controller?: AbortController },
  signal: AbortSignal | undefined,
  providerError: (error: unknown) => Error,
  abortError: () => Error,
): ChunkStream {
  let cancelled = false;
  return {
    cancel() {
      cancelled = true;
      sdkStream.controller?.abort();
    },
    async *[Symbol.asyncIterator]() {
      try {
        for await (const chunk of sdkStream) {
          if (typeof chunk !== 'object' || chunk === null) {
            throw providerError(new Error('a stream chunk is not a JSON object'));
          }
          yield chunk;
        }
      } catch (error) {
        if (cancelled) return;
        if (signal?.aborted) throw abortError();
        throw providerError(error);
      }
      if (!cancelled && signal?.aborted) throw abortError();
    },
  };
}
