import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { findTypeClass, type AnyClass } from '../internal';

const cache = new WeakMap<AnyClass, boolean>();

/**
 * True when the class or any nested class it validates declares an async constraint.
 * `validateSync` silently skips async constraints, so only classes without any may use it.
 */
export function hasAsyncValidators(model: AnyClass): boolean {
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const result = scan(model, new Set());
  cache.set(model, result);
  return result;
}

function scan(model: AnyClass, visiting: Set<AnyClass>): boolean {
  if (visiting.has(model)) return false;
  visiting.add(model);
  const storage = getMetadataStorage();
  for (const metadata of storage.getTargetValidationMetadatas(model, '', true, false)) {
    if (metadata.type === ValidationTypes.PROMISE_VALIDATION) return true;
    if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) {
      const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
      if (constraints.some((constraint) => constraint.async)) return true;
    }
    if (metadata.type === ValidationTypes.NESTED_VALIDATION) {
      const nestedClass = findTypeClass(model, metadata.propertyName);
      // A nested class only known per value (discriminated @Type) can't be scanned: async
      // validation is always correct, just slower.
      if (!nestedClass || scan(nestedClass, visiting)) return true;
    }
  }
  return false;
}
