import {
  ALL_VALIDATORS,
  defineModelFact,
  findTypeClass,
  readValidationRules,
  type AnyClass,
} from '../internal';

/**
 * True when the class or any nested class it validates declares an async constraint.
 * `validateSync` silently skips async constraints, so only classes without any may use it.
 * A fact of the class: computed once.
 */
export const hasAsyncValidators: (model: AnyClass) => boolean = defineModelFact(
  'validation.async',
  (model) => scan(model, new Set()),
);

function scan(model: AnyClass, visiting: Set<AnyClass>): boolean {
  if (visiting.has(model)) return false;
  visiting.add(model);
  for (const rule of readValidationRules(model, ALL_VALIDATORS)) {
    if (rule.kind === 'promise' || rule.async) return true;
    if (rule.kind === 'nested') {
      const nestedClass = findTypeClass(model, rule.property);
      // A nested class only known per value (discriminated @Type) can't be scanned: async
      // validation is always correct, just slower.
      if (!nestedClass || scan(nestedClass, visiting)) return true;
    }
  }
  return false;
}
