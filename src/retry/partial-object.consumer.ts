import type { ChatCompletion } from 'openai/resources/chat/completions';
import { findTypeClass, type AnyClass } from '../internal';
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
    return {
      failure: undefined,
      push(channel, text) {
        // The forced tool call (or the content) is channel 0; bad JSON is found again at the end.
        if (channel !== 0 || broken) return;
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

const shapes = new WeakMap<AnyClass, ValueShape>();

/**
 * The shape of a model class for the parser: objects at its position are created with its
 * prototype (no constructor run: the reply decides every field), and each property declared with
 * `@Type(() => X)` gets X's shape, for an object or for every element of an array.
 */
export function classShape(model: AnyClass): ValueShape {
  let shape = shapes.get(model);
  if (!shape) {
    const prototype = model.prototype as object;
    const children = new Map<string, ValueShape | undefined>();
    const created: ValueShape = {
      createObject: () => Object.create(prototype) as object,
      child(key) {
        if (typeof key === 'number') return created;
        if (!children.has(key)) {
          const nested = findTypeClass(model, key);
          children.set(key, nested ? classShape(nested) : undefined);
        }
        return children.get(key);
      },
    };
    shape = created;
    shapes.set(model, shape);
  }
  return shape;
}
