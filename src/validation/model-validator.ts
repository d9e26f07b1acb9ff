import {
  validate,
  validateSync,
  type ValidationError as ClassValidatorError,
  type ValidatorOptions,
} from 'class-validator';
import { ConfigurationError, ValidationError } from '../errors';
import { DEFAULT_VALIDATOR_OPTIONS } from './validator-options';
import { hasAsyncValidators } from './async-validators.detector';
import { withMissingNestedErrors } from './missing-nested.check';
import { buildInstance } from './instance.builder';
import { passesValidation } from './validation.plan';
import { formatValidationErrors } from './validation-errors.formatter';
import { runWithAsyncValidationContext, runWithValidationContext } from './validation-context';

export type ModelClass<T extends object = object> = new (...args: never[]) => T;

/** What a validation needs besides the value: the raw text for errors, the call's context. */
export interface ValidationRun {
  /** The text the model produced, kept on every `ValidationError`. */
  readonly rawText: string;
  /** The call's `context`, visible to custom constraints through `getValidationContext()`. */
  readonly context?: unknown;
  /** class-validator options, already merged over {@link DEFAULT_VALIDATOR_OPTIONS}. */
  readonly validatorOptions?: ValidatorOptions;
}

/**
 * Builds an instance of `model` from an untrusted plain value (already stripped of prototype keys)
 * and validates it. Rejects with {@link ValidationError} with `path: message` lines on failure.
 */
export async function toValidatedInstance<T extends object>(
  model: ModelClass<T>,
  plain: unknown,
  run: ValidationRun,
): Promise<T> {
  return validatedInstance(model, plain, run);
}

/**
 * {@link toValidatedInstance} without a promise when none is needed: a class tree without async
 * validators is validated synchronously (a failure is thrown), any other returns a promise.
 */
export function validatedInstance<T extends object>(
  model: ModelClass<T>,
  plain: unknown,
  run: ValidationRun,
): T | Promise<T> {
  if (!hasAsyncValidators(model)) return validatedNow(model, plain, run);
  const instance = toInstance(model, plain, run.rawText);
  const options = run.validatorOptions ?? DEFAULT_VALIDATOR_OPTIONS;
  return runWithAsyncValidationContext(run.context, () => validate(instance, options)).then(
    (errors) =>
      checked(
        model,
        instance,
        withMissingNestedErrors(model, instance, errors, options),
        run.rawText,
      ),
  );
}

/**
 * {@link toValidatedInstance} without a promise, for callers that must answer synchronously.
 *
 * @throws ConfigurationError when the class tree has async validators (`validateSync` would skip them).
 */
export function toValidatedInstanceSync<T extends object>(
  model: ModelClass<T>,
  plain: unknown,
  run: ValidationRun,
): T {
  if (hasAsyncValidators(model)) {
    throw new ConfigurationError({
      message:
        `${model.name} has async validators, which synchronous validation would skip; ` +
        'validate it asynchronously.',
    });
  }
  return validatedNow(model, plain, run);
}

// Synchronous validation of a class tree known to have no async validators.
function validatedNow<T extends object>(
  model: ModelClass<T>,
  plain: unknown,
  run: ValidationRun,
): T {
  const instance = toInstance(model, plain, run.rawText);
  const options = run.validatorOptions ?? DEFAULT_VALIDATOR_OPTIONS;
  const errors = runWithValidationContext(run.context, () => validateSyncFast(instance, options));
  return checked(
    model,
    instance,
    withMissingNestedErrors(model, instance, errors, options),
    run.rawText,
  );
}

// The plan says yes for valid replies, the common case, at a fraction of class-validator's cost;
// every error still comes from class-validator (its constraints run a second time on a failure).
function validateSyncFast(instance: object, options: ValidatorOptions): ClassValidatorError[] {
  return passesValidation(instance, options) ? [] : validateSync(instance, options);
}

function toInstance<T extends object>(model: ModelClass<T>, plain: unknown, rawText: string): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new ValidationError({
      message: `${model.name}: expected a JSON object, got ${describe(plain)}`,
      rawText,
    });
  }
  try {
    return buildInstance(model, plain);
  } catch (error) {
    // class-transformer can throw on hostile shapes (very deep nesting); that is a bad reply.
    throw new ValidationError({
      message: `${model.name}: the reply could not be converted: ${String(error)}`,
      rawText,
      cause: error,
    });
  }
}

function checked<T extends object>(
  model: ModelClass<T>,
  instance: T,
  errors: Parameters<typeof formatValidationErrors>[0],
  rawText: string,
): T {
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
