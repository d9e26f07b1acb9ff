import { IsBoolean, IsNumber, IsString } from 'class-validator';
import { settle } from '../internal';
import type { ResponseTarget } from './response-target';
import { ClassTarget } from './class.target';

// Bare values travel wrapped in a one-field object (what tools and json_schema require), the way
// Python instructor wraps `response_model=str`; the wrapper is unwrapped after validation. A
// bare value has nothing for `validatorOptions` to select: it is always checked with our defaults.

class StringResponse {
  @IsString() content!: string;
}

class NumberResponse {
  @IsNumber({ allowNaN: false, allowInfinity: false }) content!: number;
}

class BooleanResponse {
  @IsBoolean() content!: boolean;
}

/** A bare `string` / `number` / `boolean` answer. */
class PrimitiveTarget<T> implements ResponseTarget<T> {
  readonly name: string;
  readonly description: string;

  constructor(private readonly wrapper: ClassTarget<{ content: T }>) {
    this.name = wrapper.name;
    this.description = wrapper.description;
  }

  schema(strict: boolean) {
    return this.wrapper.schema(strict);
  }

  parse(value: unknown, rawText: string, context: unknown): T | Promise<T> {
    return settle(
      () => this.wrapper.parse(value, rawText, context),
      ({ content }) => content,
    );
  }

  derived<V>(name: string, compute: () => V): V {
    return this.wrapper.derived(name, compute);
  }
}

export const stringTarget = new PrimitiveTarget(
  new ClassTarget(StringResponse, 'Response', 'The answer, as a single string value'),
);
export const numberTarget = new PrimitiveTarget(
  new ClassTarget(NumberResponse, 'Response', 'The answer, as a single number'),
);
export const booleanTarget = new PrimitiveTarget(
  new ClassTarget(BooleanResponse, 'Response', 'The answer, as a single boolean'),
);
