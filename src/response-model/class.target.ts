import { ConfigurationError } from '../errors';
import { buildClassSchema, getClassDescription } from '../schema';
import { toValidatedInstance } from '../validation';
import type { ResponseModelClass } from './response-model';
import type { ResponseTarget } from './response-target';

// OpenAI's rule for function and json_schema names.
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** A target built from a decorated class: the reply becomes a validated instance of it. */
export class ClassTarget<T extends object> implements ResponseTarget<T> {
  readonly name: string;
  readonly description: string;

  constructor(
    private readonly model: ResponseModelClass<T>,
    name: string = model.name,
    description?: string,
  ) {
    if (!TOOL_NAME.test(name)) {
      throw new ConfigurationError({
        message: `The response model name ${JSON.stringify(name)} cannot name a tool: OpenAI needs 1-64 letters, digits, '_' or '-'. Give the class a plain name.`,
      });
    }
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
