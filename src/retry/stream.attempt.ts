import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ValidationError } from '../errors';
import { withRequestParts } from '../modes';
import { CompletionAssembler } from '../streaming';
import {
  emitKwargs,
  emitResponse,
  listensToKwargs,
  listensToResponse,
  readOutcome,
  reaskOutcome,
  toError,
  type AttemptInput,
  type AttemptOutcome,
  type AttemptRunner,
} from './attempt';
import type { ChunkStream } from './completion.transport';
import { completionFailure } from './completion-outcome';
import { addUsage } from './usage';

/** What a streaming method does with the JSON text of one streamed attempt. */
export interface StreamConsumer<T, Y> {
  /** The JSON text of one channel (a tool call's index; 0 for content), in order. */
  push(channel: number, text: string, toolName: string | undefined): void;
  /** The values to yield after the chunk just read (a changed partial, validated elements). */
  drain(): Promise<readonly Y[]>;
  /** A failure found while streaming (an invalid element): the attempt re-asks with it. */
  readonly failure: { error: ValidationError; instruction?: string } | undefined;
  /** The result of a stream that ended cleanly; throws `ValidationError` when it is invalid. */
  finish(completion: ChatCompletion): T | Promise<T>;
  /** The re-ask instruction for a failure found at the end (elements accepted so far), if any. */
  reaskInstruction(): string | undefined;
}

/**
 * One streamed attempt: build (with `stream: true`) → `completion:kwargs` → read the chunk
 * stream once, feeding the mode's JSON text to `consumer` and yielding what it has ready →
 * `completion:response` with the assembled completion → `completion:usage` → finish-reason
 * checks → the consumer's result. A consumer that stops iterating cancels the request and no
 * hook fires after that.
 */
export function streamAttempt<T, Y>(
  createConsumer: (input: AttemptInput<T>) => StreamConsumer<T, Y>,
  options: { includeUsage: boolean },
): AttemptRunner<T, Y> {
  return async function* runStreamAttempt(input): AsyncGenerator<Y, AttemptOutcome<T>> {
    const { extraction, transport, attempt } = input;
    const built = extraction.request(input.params);
    const body = withRequestParts(
      built,
      options.includeUsage && built.stream_options == null
        ? { stream: true as const, stream_options: { include_usage: true } }
        : { stream: true as const },
    );
    let usage = input.usageBefore;
    let stream: ChunkStream;
    try {
      if (listensToKwargs(input)) await emitKwargs(input, body);
      stream = await transport.stream(body);
    } catch (error) {
      return { kind: 'fail', error: toError(error), completionError: true, usage };
    }

    const assembler = new CompletionAssembler();
    const reader = extraction.textReader();
    const consumer = createConsumer(input);
    const sink = (channel: number, text: string, toolName: string | undefined): void =>
      consumer.push(channel, text, toolName);
    let ended = false;
    try {
      for await (const chunk of stream) {
        assembler.add(chunk);
        const delta = firstChoiceDelta(chunk);
        if (delta !== undefined) reader.read(delta, sink);
        for (const value of await consumer.drain()) yield value;
      }
      ended = true;
      // Text a reader could only place once the stream ended (MD_JSON without a fence).
      if (reader.end) {
        reader.end(sink);
        for (const value of await consumer.drain()) yield value;
      }
    } catch (error) {
      ended = true;
      return { kind: 'fail', error: toError(error), completionError: true, usage };
    } finally {
      // Reached without `ended` only when the consumer stopped iterating: cancel the request.
      if (!ended) stream.cancel();
    }

    if (!assembler.finished) {
      const error = transport.failure('the stream ended without a finish reason');
      return { kind: 'fail', error, completionError: true, usage };
    }
    const completion = assembler.completion();
    usage = addUsage(usage, completion.usage);
    try {
      if (listensToResponse(input)) await emitResponse(input, completion, usage, attempt);
    } catch (error) {
      return { kind: 'fail', error: toError(error), completionError: true, usage };
    }
    const failure = completionFailure(completion);
    if (failure) return { kind: 'fail', error: failure, completionError: true, usage };
    if (consumer.failure) {
      const { error, instruction } = consumer.failure;
      return reaskOutcome(input, error, completion, usage, instruction);
    }
    const outcome = await readOutcome(input, completion, usage, () => consumer.finish(completion));
    if (outcome.kind !== 'reask') return outcome;
    const instruction = consumer.reaskInstruction();
    return instruction === undefined
      ? outcome
      : reaskOutcome(input, outcome.error, completion, usage, instruction);
  };
}

function firstChoiceDelta(
  chunk: ChatCompletionChunk,
): ChatCompletionChunk.Choice.Delta | undefined {
  const choices: unknown = chunk.choices;
  if (!Array.isArray(choices)) return undefined;
  for (const choice of choices as unknown[]) {
    const candidate = choice as { index?: unknown; delta?: unknown } | null;
    if (candidate === null || typeof candidate !== 'object') continue;
    if ((candidate.index ?? 0) !== 0) continue;
    const delta = candidate.delta;
    return typeof delta === 'object' && delta !== null ? delta : undefined;
  }
  return undefined;
}
