import { ValidationError as ClassValidatorError, type ValidatorOptions } from 'class-validator';
import {
  defineKeyedModelFact,
  findTypeClass,
  readValidationRules,
  type AnyClass,
  type ValidationRule,
  type ValidationView,
} from '../internal';
import { validationViewOf, type KeyedValidationView } from './validator-options';

// class-validator runs `@ValidateNested()` only on objects: a required nested property that is
// simply missing passes, while the schema the model saw lists it as required. This check closes
// that gap the way `@IsDefined()` would, for properties nothing else checks for presence.

/** What to check on instances of one class: missing nested properties, and where to recurse. */
interface PresencePlan {
  /** Required properties only `@ValidateNested()` checks (`undefined` slips through it). */
  readonly mustBePresent: readonly string[];
  /** Nested properties whose values are checked in turn, with their class. */
  readonly nested: ReadonlyMap<string, AnyClass>;
}

const EMPTY_PLAN: PresencePlan = Object.freeze({ mustBePresent: [], nested: new Map() });

// Keyed by the view object (one per validator options object): no key string per call.
const presencePlan = defineKeyedModelFact(
  'validation.presence-plan',
  (view: KeyedValidationView) => view.key,
  (model, view: KeyedValidationView): PresencePlan => plan(model, view, new Set()),
);

function plan(model: AnyClass, view: ValidationView, visiting: Set<AnyClass>): PresencePlan {
  if (visiting.has(model)) return EMPTY_PLAN;
  visiting.add(model);
  const byProperty = new Map<string, ValidationRule[]>();
  for (const rule of readValidationRules(model, view)) {
    byProperty.set(rule.property, [...(byProperty.get(rule.property) ?? []), rule]);
  }
  const mustBePresent: string[] = [];
  const nested = new Map<string, AnyClass>();
  for (const [property, rules] of byProperty) {
    if (!rules.some((rule) => rule.kind === 'nested')) continue;
    const nestedClass = findTypeClass(model, property);
    if (nestedClass !== undefined && hasChecks(nestedClass, view, visiting)) {
      nested.set(property, nestedClass);
    }
    const checksPresence = rules.some(
      (rule) =>
        rule.kind === 'optional' ||
        rule.kind === 'conditional' ||
        rule.kind === 'defined' ||
        (rule.kind === 'validator' && !rule.each),
    );
    if (!checksPresence) mustBePresent.push(property);
  }
  visiting.delete(model);
  return mustBePresent.length === 0 && nested.size === 0
    ? EMPTY_PLAN
    : Object.freeze({ mustBePresent, nested });
}

function hasChecks(model: AnyClass, view: ValidationView, visiting: Set<AnyClass>): boolean {
  // A class that contains itself: recurse at check time through its own plan.
  if (visiting.has(model)) return true;
  return plan(model, view, visiting) !== EMPTY_PLAN;
}

/**
 * class-validator's `errors` for `instance`, plus an `isDefined` error for each required nested
 * property that is missing, anywhere in the tree (merged into the existing error nodes).
 */
export function withMissingNestedErrors(
  model: AnyClass,
  instance: object,
  errors: ClassValidatorError[],
  options: ValidatorOptions,
): ClassValidatorError[] {
  // Skipping missing values is what these options ask for.
  if (options.skipMissingProperties === true || options.skipUndefinedProperties === true) {
    return errors;
  }
  const view = validationViewOf(options);
  if (presencePlan(model, view) === EMPTY_PLAN) return errors;
  const missing = missingIn(model, instance, view, options, new Set());
  if (missing.length === 0) return errors;
  return merge(errors, missing);
}

function missingIn(
  model: AnyClass,
  instance: object,
  view: KeyedValidationView,
  options: ValidatorOptions,
  seen: Set<object>,
): ClassValidatorError[] {
  if (seen.has(instance)) return [];
  seen.add(instance);
  const { mustBePresent, nested } = presencePlan(model, view);
  const record = instance as Record<string, unknown>;
  const errors: ClassValidatorError[] = [];
  for (const property of mustBePresent) {
    const value = record[property];
    // null is caught by class-validator already ("must be either object or array").
    if (value === undefined) {
      errors.push(
        errorNode(property, value, options, {
          isDefined: `${property} should not be null or undefined`,
        }),
      );
    }
  }
  for (const [property, nestedClass] of nested) {
    const value = record[property];
    const children = Array.isArray(value)
      ? value.flatMap((item: unknown, index) =>
          typeof item === 'object' && item !== null
            ? wrap(String(index), item, missingIn(nestedClass, item, view, options, seen), options)
            : [],
        )
      : typeof value === 'object' && value !== null
        ? missingIn(nestedClass, value, view, options, seen)
        : [];
    if (children.length > 0) errors.push(...wrap(property, value, children, options));
  }
  return errors;
}

function wrap(
  property: string,
  value: unknown,
  children: ClassValidatorError[],
  options: ValidatorOptions,
): ClassValidatorError[] {
  if (children.length === 0) return [];
  const node = errorNode(property, value, options, undefined);
  node.children = children;
  return [node];
}

function errorNode(
  property: string,
  value: unknown,
  options: ValidatorOptions,
  constraints: Record<string, string> | undefined,
): ClassValidatorError {
  const error = new ClassValidatorError();
  error.property = property;
  if (options.validationError?.value !== false) error.value = value;
  if (constraints !== undefined) error.constraints = constraints;
  error.children = [];
  return error;
}

/** `extra` merged into `errors`: a node for the same property gets the other's constraints and children. */
function merge(errors: ClassValidatorError[], extra: ClassValidatorError[]): ClassValidatorError[] {
  const merged = [...errors];
  for (const node of extra) {
    const existing = merged.find((error) => error.property === node.property);
    if (existing === undefined) {
      merged.push(node);
      continue;
    }
    if (node.constraints !== undefined) {
      existing.constraints = { ...existing.constraints, ...node.constraints };
    }
    existing.children = merge(existing.children ?? [], node.children ?? []);
  }
  return merged;
}
