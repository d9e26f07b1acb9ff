import {
  getMetadataStorage,
  IS_OPTIONAL,
  ValidationTypes,
  type ValidationArguments,
} from 'class-validator';
import { classChain, type AnyClass } from './class-types';
import { defineKeyedModelFact } from './model-descriptor';

// The one reader of class-validator's metadata storage (beside class-transformer-metadata.ts for
// `@Type`): schema building, validation and the instance builder all read these rules.

/**
 * Which validators a validation runs: class-validator's `groups`, `strictGroups` and `always`
 * options. The schema of a group set describes exactly what validating with those options checks.
 */
export interface ValidationView {
  readonly groups?: readonly string[];
  readonly strictGroups?: boolean;
  readonly always?: boolean;
}

/** What one piece of class-validator metadata on a property says. */
export type ValidationRuleKind =
  /** A constraint (`@IsString()`, `@Min(3)`, a custom `@Validate(...)`). */
  | 'validator'
  /** `@ValidateNested()`. */
  | 'nested'
  /** `@IsOptional()`: `undefined` and `null` skip the property's other validators. */
  | 'optional'
  /** `@ValidateIf(...)`: the other validators run only when a function says so. */
  | 'conditional'
  /** `@IsDefined()`. */
  | 'defined'
  /** `@Allow()`: whitelisted, nothing checked. */
  | 'allow'
  /** `@ValidatePromise()`. */
  | 'promise';

/** A constraint class as class-validator runs it: its instance is resolved on every read. */
export interface ConstraintValidator {
  readonly async: boolean;
  readonly instance: { validate(value: unknown, args: ValidationArguments): unknown };
}

/** One class-validator rule of a property, as the storage holds it. */
export interface ValidationRule {
  readonly property: string;
  readonly kind: ValidationRuleKind;
  /** A validator's registered name: class-validator's constants (`isString`, `min`, ...). */
  readonly name: string | undefined;
  /** The arguments the decorator stored (`@Min(3)` → `[3]`). */
  readonly constraints: readonly unknown[];
  /** The same arguments as class-validator hands them to validators: its own array, or undefined. */
  readonly validatorConstraints: unknown[] | undefined;
  /** Where class-validator's own list of rules for the class and view has it (its order). */
  readonly index: number;
  /** `{ each: true }`: the rule applies to each element, not to the value itself. */
  readonly each: boolean;
  /** The constraint class is declared async (`@ValidatorConstraint({ async: true })`). */
  readonly async: boolean;
  /** `validator` and `defined` rules: the constraint classes class-validator calls for it. */
  readonly validators: readonly ConstraintValidator[];
  /** The decorator's `validateIf` option: the rule is checked only when it returns true. */
  readonly validateIf: ((object: object, value: unknown) => unknown) | undefined;
  /** The class whose declaration carries the rule (a base class, for inherited ones). */
  readonly declaredOn: AnyClass;
}

/** No groups: every validator of the class counts, which is also what validation without groups runs. */
export const ALL_VALIDATORS: ValidationView = Object.freeze({});

/** A stable key of a view: equal views share cached facts, different ones never do. */
export function validationViewKey(view: ValidationView): string {
  const groups = view.groups === undefined ? '-' : JSON.stringify([...new Set(view.groups)].sort());
  return `${groups}|${view.strictGroups === true ? 's' : ''}|${view.always === true ? 'a' : ''}`;
}

/**
 * The rules class-validator runs on `model`'s own properties for `view`, inherited ones included
 * (a subclass's validator of a kind replaces the parent's on the same property, as class-validator
 * does), base classes' first, each class's in declaration order. Cached per class and view.
 */
export const readValidationRules: (
  model: AnyClass,
  view: ValidationView,
) => readonly ValidationRule[] = defineKeyedModelFact(
  'class-validator.rules',
  validationViewKey,
  read,
);

function read(model: AnyClass, view: ValidationView): readonly ValidationRule[] {
  const storage = getMetadataStorage();
  // The same call class-validator's executor makes for these options, so the same rules.
  const metadatas = storage.getTargetValidationMetadatas(
    model,
    '',
    view.always === true,
    view.strictGroups === true,
    view.groups === undefined ? undefined : [...view.groups],
  );
  // class-validator lists own rules before inherited ones; declaration order puts base fields first.
  const ordered = metadatas
    .map((metadata, index) => ({ metadata, index, depth: classChain(metadata.target).length }))
    .sort((left, right) => left.depth - right.depth || left.index - right.index);
  return Object.freeze(
    ordered.map(({ metadata, index }): ValidationRule => {
      const kind = kindOf(metadata.type, metadata.name);
      const validators: readonly ConstraintValidator[] =
        kind === 'validator' || kind === 'defined'
          ? storage.getTargetValidatorConstraints(metadata.constraintCls)
          : [];
      return Object.freeze({
        property: metadata.propertyName,
        kind,
        name: kind === 'validator' ? metadata.name : undefined,
        constraints: Object.freeze(
          Array.isArray(metadata.constraints) ? [...(metadata.constraints as unknown[])] : [],
        ),
        validatorConstraints: metadata.constraints as unknown[] | undefined,
        index,
        // class-validator tests it for truth, not for `true`.
        each: Boolean(metadata.each),
        async: kind === 'validator' && validators.some((constraint) => constraint.async),
        validators,
        // Not in every class-validator version's metadata (0.15 has it).
        validateIf: (metadata as { validateIf?: ValidationRule['validateIf'] }).validateIf,
        declaredOn: metadata.target as AnyClass,
      });
    }),
  );
}

function kindOf(type: string, name: string | undefined): ValidationRuleKind {
  switch (type) {
    case ValidationTypes.NESTED_VALIDATION:
      return 'nested';
    case ValidationTypes.CONDITIONAL_VALIDATION:
      return name === IS_OPTIONAL ? 'optional' : 'conditional';
    case ValidationTypes.IS_DEFINED:
      return 'defined';
    case ValidationTypes.WHITELIST:
      return 'allow';
    case ValidationTypes.PROMISE_VALIDATION:
      return 'promise';
    default:
      return 'validator';
  }
}
