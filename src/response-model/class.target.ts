import { ConfigurationError } from '../errors';
import { buildClassSchema, getClassDescription } from '../schema';
import {
  DEFAULT_VALIDATOR_SETTINGS,
  validatedInstance,
  type ValidatorSettings,
} from '../validation';
import type { ResponseModelClass } from './response-model';
import type { ResponseTarget } from './response-target';

// OpenAI's rule for function and json_schema names.
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * A target built from a decorated class: the reply becomes a validated instance of it, checked
 * with the given class-validator options (whose groups also select what the schema describes).
 */
export class ClassTarget<T extends object> implements ResponseTarget<T> {
  readonly name: string;
  readonly description: string;
  private readonly derivedValues = new Map<string, unknown>();

  constructor(
    private readonly model: ResponseModelClass<T>,
    name: string = model.name,
    description?: string,
    private readonly validator: ValidatorSettings = DEFAULT_VALIDATOR_SETTINGS,
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
    // Kept on the target: asked for on every request, it is then one map lookup.
    return this.derived(strict ? 'schema.strict' : 'schema.loose', () =>
      buildClassSchema(this.model, { strict, validatorOptions: this.validator.options }),
    );
  }

  parse(value: unknown, rawText: string, context: unknown): T | Promise<T> {
    return validatedInstance(this.model, value, {
      rawText,
      context,
      validatorOptions: this.validator.options,
    });
  }

  derived<V>(name: string, compute: () => V): V {
    if (this.derivedValues.has(name)) return this.derivedValues.get(name) as V;
    const value = compute();
    this.derivedValues.set(name, value);
    return value;
  }
}
