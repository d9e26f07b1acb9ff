import {
  ALL_VALIDATORS,
  findTypeClass,
  hasTypeDecorator,
  readValidationRules,
  type ValidationRule,
  type ValidationView,
} from '../internal';
import type { ClassConstructor } from './class-constructor';
import {
  designTypeCoverage,
  readInstanceFields,
  type CompilationFacts,
} from './compilation-facts.reader';
import {
  getDescribedPropertyNames,
  getPropertyDescription,
  getPropertyExamples,
} from './description.accessor';
import { getDesignType } from './design-type.accessor';
import {
  nestedWithoutTypeError,
  notAValidatorError,
  undecoratedPropertyError,
} from './model-configuration.errors';

/** One class-validator validator applied to a property (e.g. `isString`, `min`). */
export interface ValidatorFact {
  /** The validator's registered name: class-validator's constants (`IS_STRING`, `MIN`, ...). */
  readonly name: string;
  /** The arguments the decorator stored (`@Min(3)` → `[3]`). */
  readonly constraints: readonly unknown[];
  /** `{ each: true }`: the validator checks each element, not the value itself. */
  readonly each: boolean;
}

/** Everything the metadata storages know about one property of a response model. */
export interface PropertyFacts {
  /** The class being described (the subclass, for inherited properties). */
  readonly model: ClassConstructor;
  readonly name: string;
  readonly validators: readonly ValidatorFact[];
  /** `@IsOptional()`: the value may be missing or `null`. */
  readonly optional: boolean;
  /** `@IsDefined()` or `@Allow()`: the field may hold any JSON value when nothing else types it. */
  readonly acceptsAnyValue: boolean;
  /** `@ValidateNested()`; `each` when declared with `{ each: true }`. */
  readonly nested: { readonly each: boolean } | undefined;
  /** The class given to class-transformer's `@Type(() => X)`, if any. */
  readonly declaredType: unknown;
  /** TypeScript's `design:type` for the property. */
  readonly designType: unknown;
  readonly description: string | undefined;
  /** The `@Example` values, in written order. */
  readonly examples: readonly unknown[] | undefined;
  /** What the class as a whole shows about how it was compiled (one object per class). */
  readonly compilation: CompilationFacts;
}

/**
 * Reads every property of `model` (inherited ones included) from class-validator's metadata,
 * class-transformer's `@Type`, `design:type`, `@Description` and `@Example`, in declaration order.
 * `view` (validation groups) selects the validators; a property none of whose rules `view` runs is
 * left out, as class-validator's whitelist strips it.
 *
 * @throws ConfigurationError when a property would be silently dropped or never validate: a field
 * on a fresh instance with no decorator, a property with only `@Description`/`@Type` (validation
 * with `whitelist: true` strips it), or `@ValidateNested()` without `@Type(() => X)`.
 */
export function readModelProperties(
  model: ClassConstructor,
  view: ValidationView = ALL_VALIDATORS,
): PropertyFacts[] {
  // Configuration errors do not depend on the groups: they are checked against every rule.
  const allRules = rulesByProperty(readValidationRules(model, ALL_VALIDATORS));
  const viewRules =
    view === ALL_VALIDATORS ? allRules : rulesByProperty(readValidationRules(model, view));
  const described = getDescribedPropertyNames(model);
  const { keys: instanceKeys, fieldsOnInstances } = readInstanceFields(model, allRules.keys());

  // Own fields of a fresh instance come in declaration order (ES2022 class fields). When fields
  // are not defined on instances, only initialized ones are, assigned by the constructor; the
  // decorator metadata, also in declaration order, then leads.
  const names = new Set<string>(fieldsOnInstances === false ? [] : instanceKeys);
  allRules.forEach((_rules, name) => names.add(name));
  described.forEach((name) => names.add(name));
  instanceKeys.forEach((name) => names.add(name));

  const compilation: CompilationFacts = {
    hasValidators: allRules.size > 0,
    designTypes: designTypeCoverage(model, names),
    fieldsOnInstances,
  };
  const properties: PropertyFacts[] = [];
  for (const name of names) {
    const typeDecorated = hasTypeDecorator(model, name);
    const description = getPropertyDescription(model, name);
    if (!allRules.has(name)) {
      const decorators = [
        ...(description === undefined ? [] : ['@Description']),
        ...(typeDecorated ? ['@Type'] : []),
      ];
      throw decorators.length === 0
        ? undecoratedPropertyError(model, name, compilation)
        : notAValidatorError(model, name, decorators, compilation);
    }
    // A @Type whose function needs its options still builds instances; only its absence is fatal.
    if (allRules.get(name)!.some((rule) => rule.kind === 'nested') && !typeDecorated) {
      throw nestedWithoutTypeError(
        toFacts(model, name, allRules.get(name)!, description, compilation),
      );
    }
    const rules = viewRules.get(name);
    if (rules !== undefined) properties.push(toFacts(model, name, rules, description, compilation));
  }
  return properties;
}

function toFacts(
  model: ClassConstructor,
  name: string,
  rules: readonly ValidationRule[],
  description: string | undefined,
  compilation: CompilationFacts,
): PropertyFacts {
  const nested = rules.filter((rule) => rule.kind === 'nested');
  return {
    model,
    name,
    validators: rules
      .filter((rule) => rule.kind === 'validator' && rule.name)
      .map((rule) => ({ name: rule.name ?? '', constraints: rule.constraints, each: rule.each })),
    acceptsAnyValue: rules.some((rule) => rule.kind === 'defined' || rule.kind === 'allow'),
    optional: rules.some((rule) => rule.kind === 'optional'),
    nested: nested.length === 0 ? undefined : { each: nested.some((rule) => rule.each) },
    declaredType: findTypeClass(model, name),
    designType: getDesignType(model, name),
    description,
    examples: getPropertyExamples(model, name),
    compilation,
  };
}

/** Rules per property name, in the order the rules come (base classes' properties first). */
function rulesByProperty(rules: readonly ValidationRule[]): Map<string, ValidationRule[]> {
  const byProperty = new Map<string, ValidationRule[]>();
  for (const rule of rules) {
    const list = byProperty.get(rule.property) ?? [];
    list.push(rule);
    byProperty.set(rule.property, list);
  }
  return byProperty;
}
