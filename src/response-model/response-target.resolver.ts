import { ConfigurationError } from '../errors';
import { defineKeyedModelFact } from '../internal';
import { DEFAULT_VALIDATOR_SETTINGS, type ValidatorSettings } from '../validation';
import { booleanTarget, numberTarget, stringTarget } from './primitive.target';
import { ClassTarget } from './class.target';
import type { ResponseModelClass } from './response-model';
import type { ResponseTarget } from './response-target';

// One target per class and validator options: it keeps what the modes derive from it.
const classTarget = defineKeyedModelFact(
  'response-model.target',
  (validator: ValidatorSettings) => validator.key,
  (model, validator): ResponseTarget =>
    new ClassTarget(model as ResponseModelClass, model.name, undefined, validator),
);

/** The target for a non-null `responseModel`, built once per class and validator options. */
export function resolveResponseTarget(
  model: unknown,
  validator: ValidatorSettings = DEFAULT_VALIDATOR_SETTINGS,
): ResponseTarget {
  if (model === String) return stringTarget;
  if (model === Number) return numberTarget;
  if (model === Boolean) return booleanTarget;
  if (typeof model !== 'function' || !model.prototype) {
    throw new ConfigurationError({
      message: `responseModel must be a class decorated with class-validator, String, Number, Boolean or null; got ${describe(model)}`,
    });
  }
  return classTarget(model as ResponseModelClass, validator);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined (did you forget responseModel?)';
  return typeof value === 'function' ? `the function ${value.name || '(anonymous)'}` : typeof value;
}
