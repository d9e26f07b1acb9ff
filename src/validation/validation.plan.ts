import type { ValidatorOptions } from 'class-validator';
import {
  defineKeyedModelFact,
  isThenable,
  readValidationRules,
  type AnyClass,
  type ValidationRule,
} from '../internal';
import { validationViewOf, type KeyedValidationView } from './validator-options';

// class-validator's `validateSync` works out, on every call, which rules apply to the class and
// groups, then which constraint classes run them: most of its cost, for the same answer each
// time. A validation plan is that answer, worked out once per class and view. It answers one
// question, fast: does class-validator report no error for this instance? When it cannot say
// yes (a constraint failed, or a case it does not take on), class-validator runs as before and
// reports the errors itself, so every message and error tree stays class-validator's own.

/** One property of a class as class-validator checks it (its rules for one view). */
interface PropertyPlan {
  readonly property: string;
  /** `@IsOptional()` / `@ValidateIf()`: when any says no, nothing else is checked. */
  readonly conditions: readonly ValidationRule[];
  /** `@IsDefined()`: checked even when the skip options skip the rest. */
  readonly defined: readonly ValidationRule[];
  readonly validators: readonly ValidationRule[];
  /** `@ValidateNested()`: the value's objects are checked against their own class. */
  readonly nested: boolean;
}

interface ClassPlan {
  /** What the whitelist keeps: the properties with any rule. */
  readonly allowed: ReadonlySet<string>;
  readonly properties: readonly PropertyPlan[];
}

// `null`: a class this plan does not take on (no rules, or a rule it declines: see `declined`).
const classPlan = defineKeyedModelFact(
  'validation.plan',
  (view: KeyedValidationView) => view.key,
  (model, view: KeyedValidationView): ClassPlan | null => planOf(model, view),
);

function planOf(model: AnyClass, view: KeyedValidationView): ClassPlan | null {
  const rules = readValidationRules(model, view);
  // No rules: class-validator reports an unknown value (or strips every key); let it.
  if (rules.length === 0 || rules.some(declined)) return null;
  // Grouped as class-validator groups them (its order: integer-like names first, then as listed),
  // since a nested object's keys are stripped when its property is reached.
  const byProperty = Object.create(null) as Record<string, ValidationRule[]>;
  for (const rule of [...rules].sort((left, right) => left.index - right.index)) {
    (byProperty[rule.property] ??= []).push(rule);
  }
  const properties = Object.entries(byProperty).map(([property, propertyRules]): PropertyPlan =>
    Object.freeze({
      property,
      conditions: propertyRules.filter(
        (rule) => rule.kind === 'optional' || rule.kind === 'conditional',
      ),
      defined: propertyRules.filter((rule) => rule.kind === 'defined'),
      validators: propertyRules.filter((rule) => rule.kind === 'validator'),
      nested: propertyRules.some((rule) => rule.kind === 'nested'),
    }),
  );
  return Object.freeze({ allowed: new Set(Object.keys(byProperty)), properties });
}

/** A rule the plan leaves to class-validator, and with it the whole class. */
function declined(rule: ValidationRule): boolean {
  return (
    rule.kind === 'promise' ||
    rule.async ||
    // class-validator groups by name in a plain object: `valueOf` finds Object.prototype's.
    rule.property in Object.prototype ||
    // A truthy `validateIf` that is not a function: class-validator calls it anyway.
    (Boolean(rule.validateIf) && typeof rule.validateIf !== 'function') ||
    statefulPattern(rule.validatorConstraints, 0)
  );
}

// A global or sticky RegExp (`@Matches(/x/y)`) answers by its lastIndex: checking twice (the plan,
// then class-validator on a failure) would change class-validator's answer. Looked for in the
// constraints and one level into them (`@Validate(Pattern, [{ re: /x/g }])`).
function statefulPattern(value: unknown, depth: number): boolean {
  if (value instanceof RegExp) return value.global || value.sticky;
  if (depth > 1 || typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((item) => statefulPattern(item, depth + 1));
}

/** One check of an instance tree: its options, and the keys stripped so far (undone on a no). */
interface Check {
  readonly view: KeyedValidationView;
  readonly options: ValidatorOptions;
  readonly stripped: { object: Record<string, unknown>; key: string; value: unknown }[];
}

/**
 * True when class-validator's `validateSync(instance, options)` would report no error, having
 * made the same changes to the instance (the whitelist's stripped keys). False when it would
 * report one, or when this cannot tell: then the instance is as it was, for class-validator.
 */
export function passesValidation(instance: object, options: ValidatorOptions): boolean {
  const check: Check = { view: validationViewOf(options), options, stripped: [] };
  if (passesObject(instance, check)) return true;
  // class-validator strips as it goes: the keys go back so that it sees what it would have seen.
  for (const { object, key, value } of check.stripped.reverse()) {
    Object.defineProperty(object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return false;
}

function passesObject(object: object, check: Check): boolean {
  // class-validator looks the class up from the value, not from the declared type.
  const model: unknown = object.constructor;
  if (typeof model !== 'function') return false;
  const plan = classPlan(model as AnyClass, check.view);
  if (plan === null) return false;
  const { options } = check;
  if (options.whitelist) {
    const record = object as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      if (plan.allowed.has(key)) continue;
      // class-validator's own lookup of such a key finds Object.prototype's members.
      if (options.forbidNonWhitelisted || key in Object.prototype) return false;
      check.stripped.push({ object: record, key, value: record[key] });
      delete record[key];
    }
  }
  for (const property of plan.properties) {
    const value = (object as Record<string, unknown>)[property.property];
    if (!passesProperty(object, value, property, check)) return false;
  }
  return true;
}

function passesProperty(
  object: object,
  value: unknown,
  property: PropertyPlan,
  check: Check,
): boolean {
  let applies = true;
  // Every condition runs, as in class-validator, and all must hold for the rest to be checked.
  for (const condition of property.conditions) {
    const holds = (
      condition.validatorConstraints![0] as (object: object, value: unknown) => unknown
    )(object, value);
    applies &&= Boolean(holds);
  }
  if (!applies) return true;
  if (!constraintsPass(object, value, property.defined)) return false;
  if (skipped(value, check.options)) return true;
  if (!constraintsPass(object, value, property.validators)) return false;
  return !property.nested || nestedPasses(value, check);
}

function skipped(value: unknown, options: ValidatorOptions): boolean {
  if (value === undefined && options.skipUndefinedProperties === true) return true;
  if (value === null && options.skipNullProperties === true) return true;
  return (value === null || value === undefined) && options.skipMissingProperties === true;
}

function constraintsPass(
  object: object,
  value: unknown,
  rules: readonly ValidationRule[],
): boolean {
  for (const rule of rules) {
    if (rule.validateIf && !rule.validateIf(object, value)) continue;
    for (const validator of rule.validators) {
      const args = {
        // passesObject has checked that the constructor is a function.
        targetName: (object.constructor as AnyClass).name,
        property: rule.property,
        object,
        value,
        constraints: rule.validatorConstraints as unknown[],
      };
      if (!(rule.each && isCollection(value))) {
        if (!valid(validator.instance.validate(value, args))) return false;
        continue;
      }
      for (const item of toArray(value)) {
        if (!valid(validator.instance.validate(item, args))) return false;
      }
    }
  }
  return true;
}

// class-validator's @ValidateNested: collections element by element, objects by their own
// class, anything else (null, a string) is an error; `undefined` is not checked.
function nestedPasses(value: unknown, check: Check): boolean {
  if (value === undefined) return true;
  if (isCollection(value)) {
    for (const item of toArray(value)) {
      if (skipped(item, check.options)) continue;
      if (!nestedPasses(item, check)) return false;
    }
    return true;
  }
  return value instanceof Object && passesObject(value, check);
}

function isCollection(value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> {
  return Array.isArray(value) || value instanceof Set || value instanceof Map;
}

function toArray(value: unknown[] | Set<unknown> | Map<unknown, unknown>): unknown[] {
  if (value instanceof Map) return [...value.values()];
  return Array.isArray(value) ? value : [...value];
}

// A promise from a sync-declared constraint is not a yes: validateSync's handling is its own.
function valid(result: unknown): boolean {
  return Boolean(result) && !isThenable(result);
}
