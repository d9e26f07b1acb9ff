import { buildClassSchema, getClassDescription } from '../schema';
import { toValidatedInstance } from '../validation';
import type { ResponseModelClass } from './response-model';
import type { ResponseTarget } from './response-target';

/** A target built from a decorated class: the reply becomes a validated instance of it. */
export class ClassTarget<T extends object> implements ResponseTarget<T> {
  readonly name: string;
  readonly description: string;

  constructor(
    private readonly model: ResponseModelClass<T>,
    name: string = model.name,
    description?: string,
  ) {
    this.name = name;
    this.description =
      description ??
      getClassDescription(model) ??
      `Correctly extracted \`${name}\` with all the required parameters with correct types`;
  }

  schema(strict: boolean) {
    return buildClassSchema(this.model, { strict });
  }

  parse(value: unknown, rawText: string, context: unknown): Promise<T> {
    return toValidatedInstance(this.model, value, rawText, context);
  }
}
