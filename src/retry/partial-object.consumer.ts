import type { ChatCompletion } from 'openai/resources/chat/completions';
import { defineModelFact, findTypeClass, type AnyClass } from '../internal';
import { buildClassSchema, type ClassConstructor } from '../schema';
import { IncrementalJsonParser, type ValueShape } from '../streaming';
import type { AttemptInput } from './attempt';
import type { StreamConsumer } from './stream.attempt';

/**
 * `createPartial`'s consumer: one incremental parse of the reply's JSON whose objects are
 * instances of the model's classes from the start (nested `@Type` classes included), yielded
 * whenever it changed. The final value is read from the finished completion like `create`'s.
 */
export function partialObjectConsumer<T>(
  model: AnyClass,
): (input: AttemptInput<T>) => StreamConsumer<T, unknown> {
  const shape = classShape(model);
  return (input) => {
    const parser = new IncrementalJsonParser({
      shape,
      allowLeadingText: true,
      allowTrailingText: true,
    });
    let changed = false;
    let broken = false;
    const answer = answerChannel(input.extraction.targets[0]?.name);
    return {
      failure: undefined,
      push(channel, text, toolName) {
        // Only the answer (the content, or the call of the target's tool); bad JSON is found
        // again at the end.
        if (!answer(channel, toolName) || broken) return;
        try {
          if (parser.write(text)) changed = true;
        } catch {
          broken = true;
        }
      },
      drain() {
        if (!changed || parser.value === undefined) return Promise.resolve([]);
        changed = false;
        return Promise.resolve([parser.value]);
      },
      finish: (completion: ChatCompletion) => input.extraction.read(completion, input.context),
      reaskInstruction: () => undefined,
    };
  };
}

/**
 * The shape of a model class for the parser, a fact of the class: objects at its position are
 * created with its prototype (no constructor run: the reply decides every field), and each
 * property declared with `@Type(() => X)` gets X's shape, for an object or for every element of
 * an array.
 */
export const classShape: (model: AnyClass) => ValueShape = defineModelFact(
  'streaming.partial-shape',
  (model) => {
    const prototype = model.prototype as object;
    const children = new Map<string, ValueShape>();
    let declared: ReadonlySet<string> | undefined;
    const shape: ValueShape = {
      createObject: () => Object.create(prototype) as object,
      acceptsKey(key) {
        // The class's own schema (a fact of the class too) names its properties; the request
        // was built from it, so it exists by now.
        declared ??= new Set(
          Object.keys(buildClassSchema(model as ClassConstructor, { strict: false }).properties),
        );
        return declared.has(key);
      },
      child(key) {
        if (typeof key === 'number') return shape;
        let child = children.get(key);
        if (child === undefined) {
          // Only declared @Type properties are remembered: the model chooses the other keys.
          const nested = findTypeClass(model, key);
          if (nested === undefined) return undefined;
          child = classShape(nested);
          children.set(key, child);
        }
        return child;
      },
    };
    return shape;
  },
);

/**
 * Which streamed channel is the answer: the first one that is the content (no tool name) or a
 * call of `name`. Another tool's arguments are never read as the answer (`create` filters by
 * name too). The name arrives with a call's first delta; later deltas carry only text.
 */
export function answerChannel(
  name: string | undefined,
): (channel: number, toolName: string | undefined) => boolean {
  const names = new Map<number, string>();
  let chosen: number | undefined;
  return (channel, toolName) => {
    if (toolName !== undefined && !names.has(channel)) names.set(channel, toolName);
    if (chosen !== undefined) return channel === chosen;
    const known = names.get(channel);
    if (known !== undefined && known !== name) return false;
    chosen = channel;
    return true;
  };
}
