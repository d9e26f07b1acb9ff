import type { ChatCompletion } from 'openai/resources/chat/completions';
import { ValidationError } from '../errors';
import { boundedJson, truncate } from '../internal';
import { IncrementalJsonParser } from '../streaming';
import type { ResponseTarget } from '../response-model';
import type { AttemptInput } from './attempt';
import { asValidationError, type ListExtraction } from './extraction';
import { answerChannel } from './partial-object.consumer';
import type { StreamConsumer } from './stream.attempt';

/** Elements accepted over every attempt of one `createIterable` call (never yielded twice). */
export interface AcceptedElements {
  readonly values: unknown[];
  /** The accepted elements as the model wrote them, for the re-ask. */
  readonly texts: string[];
}

interface Channel {
  parser: IncrementalJsonParser;
  toolName: string | undefined;
  reported: boolean;
  broken: boolean;
}

/**
 * `createIterable`'s consumer: each list element (an item of the `items` array, or a whole tool
 * call in parallel modes) is validated and yielded as soon as its JSON is complete. The first
 * invalid element is the attempt's failure: the elements after it are dropped, and the re-ask
 * names the accepted ones and asks for the rest from the failed one on.
 */
export function listConsumer<T>(
  extraction: ListExtraction,
  accepted: AcceptedElements,
): (input: AttemptInput<T>) => StreamConsumer<T, unknown> {
  return (input) => {
    const channels = new Map<number, Channel>();
    const ready: { value: unknown; target: ResponseTarget | undefined; toolName?: string }[] = [];
    let failure: { error: ValidationError; instruction?: string } | undefined;
    // A list in one object is one call (or the content); parallel calls are each an element.
    const answer =
      extraction.elementsAt === undefined ? undefined : answerChannel(extraction.targets[0]?.name);

    const channelOf = (index: number, toolName: string | undefined): Channel => {
      let channel = channels.get(index);
      if (!channel) {
        const elementsAt = extraction.elementsAt;
        const parser = new IncrementalJsonParser(
          elementsAt === undefined
            ? { allowLeadingText: true, allowTrailingText: true }
            : {
                elementsAt,
                onElement: (value) =>
                  ready.push({ value, target: extraction.elementTarget(undefined) }),
                allowLeadingText: true,
                allowTrailingText: true,
              },
        );
        channel = { parser, toolName, reported: false, broken: false };
        channels.set(index, channel);
      }
      if (toolName !== undefined) channel.toolName = toolName;
      return channel;
    };

    const fail = (error: ValidationError): void => {
      const number = accepted.values.length + 1;
      failure = {
        error: new ValidationError({
          message: `Element ${number}: ${error.message}`,
          errors: error.errors,
          rawText: error.rawText,
          cause: error,
        }),
        instruction: restInstruction(accepted, number),
      };
    };

    return {
      get failure() {
        return failure;
      },
      push(index, text, toolName) {
        if (failure || (answer !== undefined && !answer(index, toolName))) return;
        const channel = channelOf(index, toolName);
        if (channel.broken) return;
        try {
          channel.parser.write(text);
        } catch {
          channel.broken = true; // reported at the end, as bad JSON
          return;
        }
        // A whole tool call is one element (parallel modes): complete once its JSON is.
        if (extraction.elementsAt === undefined && channel.parser.complete && !channel.reported) {
          channel.reported = true;
          ready.push({
            value: channel.parser.value,
            target: extraction.elementTarget(channel.toolName),
            toolName: channel.toolName,
          });
        }
      },
      async drain() {
        const out: unknown[] = [];
        // By index, not shift(): one chunk may complete thousands of elements.
        for (let next = 0; next < ready.length && !failure; next++) {
          const { value, target, toolName } = ready[next]!;
          const rawText = boundedJson(value, 100_000);
          if (!target) {
            const names = extraction.targets.map((candidate) => `\`${candidate.name}\``);
            fail(
              new ValidationError({
                message: `The reply called \`${toolName ?? ''}\`; expected one of ${names.join(', ')}.`,
                rawText,
              }),
            );
            break;
          }
          try {
            const element = await target.parse(value, rawText, input.context);
            accepted.values.push(element);
            accepted.texts.push(rawText);
            out.push(element);
          } catch (caught) {
            fail(asValidationError(caught, rawText));
          }
        }
        ready.length = 0;
        return out;
      },
      async finish(completion: ChatCompletion) {
        // Bad or unfinished JSON fails here, like create's; the elements read so far stay accepted.
        if (channels.size === 0) await input.extraction.read(completion, input.context);
        for (const channel of channels.values()) {
          if (channel.broken || !channel.parser.complete) {
            await input.extraction.read(completion, input.context);
            break;
          }
        }
        if (extraction.elementsAt !== undefined) {
          // The one channel read: the list tool's call, at whatever index it came.
          const value = channels.values().next().value?.parser.value;
          const items = itemsOf(value, extraction.elementsAt);
          if (!Array.isArray(items)) {
            throw new ValidationError({
              message: `The reply has no \`${extraction.elementsAt.join('.')}\` list.`,
              rawText: boundedJson(value, 1_000),
            });
          }
        }
        return accepted.values as T;
      },
      reaskInstruction: () =>
        accepted.values.length > 0
          ? restInstruction(accepted, accepted.values.length + 1)
          : undefined,
    };
  };
}

function itemsOf(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The re-ask instruction of a list: what was accepted, and where to go on from. */
function restInstruction(accepted: AcceptedElements, from: number): string {
  if (accepted.values.length === 0) {
    return 'Reply again with the whole list, fixing these errors.';
  }
  const shown = truncate(`[${accepted.texts.join(',')}]`, 20_000);
  return (
    `Elements 1 to ${from - 1} were accepted: ${shown}. Reply again with the remaining elements ` +
    `only, from element ${from} on, fixing these errors; do not repeat the accepted ones.`
  );
}
