import { validate, validateSync, type ValidatorOptions } from 'class-validator';
import { ValidationError } from '../errors';
import { hasAsyncValidators } from './async-validators.detector';
import { buildInstance } from './instance.builder';
import { formatValidationErrors } from './validation-errors.formatter';
import { runWithAsyncValidationContext, runWithValidationContext } from './validation-context';

const VALIDATOR_OPTIONS: ValidatorOptions = {
  // Keys the model invented are dropped rather than failing the reply, like pydantic's default.
  whitelist: true,
  forbidNonWhitelisted: false,
  forbidUnknownValues: true,
  skipMissingProperties: false,
  validationError: { target: false, value: true },
};

export type ModelClass<T extends object = object> = new (...args: never[]) => T;

/**
 * Builds an instance of `model` from an untrusted plain value (already stripped of prototype keys)
 * and validates it. Throws {@link ValidationError} with `path: message` lines on failure.
 */
export async function toValidatedInstance<T extends object>(
  model: ModelClass<T>,
  plain: unknown,
  rawText: string,
  context: unknown,
): Promise<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new ValidationError({
      message: `${model.name}: expected a JSON object, got ${describe(plain)}`,
      rawText,
    });
  }
  let instance: T;
  try {
    instance = buildInstance(model, plain);
  } catch (error) {
    // class-transformer can throw on hostile shapes (very deep nesting); that is a bad reply.
    throw new ValidationError({
      message: `${model.name}: the reply could not be converted: ${String(error)}`,
      rawText,
      cause: error,
    });
  }
  const errors = hasAsyncValidators(model)
    ? await runWithAsyncValidationContext(context, () => validate(instance, VALIDATOR_OPTIONS))
    : runWithValidationContext(context, () => validateSync(instance, VALIDATOR_OPTIONS));
  if (errors.length > 0) {
    const lines = formatValidationErrors(errors);
    throw new ValidationError({
      message: `${model.name} failed validation:\n${lines.join('\n')}`,
      errors,
      rawText,
    });
  }
  return instance;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
