import { ConfigurationError } from '../errors';
import { booleanTarget, numberTarget, stringTarget } from './primitive.target';
import { ClassTarget } from './class.target';
import type { ResponseModelClass } from './response-model';
import type { ResponseTarget } from './response-target';

const classTargets = new WeakMap<object, ResponseTarget>();

/** The target for a non-null `responseModel`, built once per class. */
export function resolveResponseTarget(model: unknown): ResponseTarget {
  if (model === String) return stringTarget;
  if (model === Number) return numberTarget;
  if (model === Boolean) return booleanTarget;
  if (typeof model !== 'function' || !model.prototype) {
    throw new ConfigurationError({
      message: `responseModel must be a class decorated with class-validator, String, Number, Boolean or null; got ${describe(model)}`,
    });
  }
  let target = classTargets.get(model);
  if (!target) {
    target = new ClassTarget(model as ResponseModelClass);
    classTargets.set(model, target);
  }
  return target;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined (did you forget responseModel?)';
  return typeof value === 'function' ? `the function ${value.name || '(anonymous)'}` : typeof value;
}
