import { getMetadataStorage, IS_OPTIONAL, ValidationTypes } from 'class-validator';
import { findTypeClass, hasTypeDecorator } from '../internal';
import type { ClassConstructor } from './class-constructor';
import {
  designTypeCoverage,
  readInstanceFields,
  type CompilationFacts,
} from './compilation-facts.reader';
import { getDescribedPropertyNames, getPropertyDescription } from './description.accessor';
import { getDesignType } from './design-type.accessor';
import {
  nestedWithoutTypeError,
  notAValidatorError,
  undecoratedPropertyError,
} from './model-configuration.errors';

type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

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
  /** What the class as a whole shows about how it was compiled (one object per class). */
  readonly compilation: CompilationFacts;
}

/**
 * Reads every property of `model` (inherited ones included) from class-validator's metadata,
 * class-transformer's `@Type`, `design:type` and `@Description`, in declaration order.
 *
 * @throws ConfigurationError when a property would be silently dropped or never validate: a field
 * on a fresh instance with no decorator, a property with only `@Description`/`@Type` (validation
 * with `whitelist: true` strips it), or `@ValidateNested()` without `@Type(() => X)`.
 */
export function readModelProperties(model: ClassConstructor): PropertyFacts[] {
  const metadataByProperty = groupValidationMetadata(model);
  const described = getDescribedPropertyNames(model);
  const { keys: instanceKeys, fieldsOnInstances } = readInstanceFields(
    model,
    metadataByProperty.keys(),
  );

  // Own fields of a fresh instance come in declaration order (ES2022 class fields). When fields
  // are not defined on instances, only initialized ones are, assigned by the constructor; the
  // decorator metadata, also in declaration order, then leads.
  const names = new Set<string>(fieldsOnInstances === false ? [] : instanceKeys);
  metadataByProperty.forEach((_metadata, name) => names.add(name));
  described.forEach((name) => names.add(name));
  instanceKeys.forEach((name) => names.add(name));

  const compilation: CompilationFacts = {
    hasValidators: metadataByProperty.size > 0,
    designTypes: designTypeCoverage(model, names),
    fieldsOnInstances,
  };
  return [...names].map((name) => {
    const metadata = metadataByProperty.get(name) ?? [];
    const typeDecorated = hasTypeDecorator(model, name);
    const description = getPropertyDescription(model, name);
    if (metadata.length === 0) {
      const decorators = [
        ...(description === undefined ? [] : ['@Description']),
        ...(typeDecorated ? ['@Type'] : []),
      ];
      throw decorators.length === 0
        ? undecoratedPropertyError(model, name, compilation)
        : notAValidatorError(model, name, decorators, compilation);
    }
    const facts = toFacts(model, name, metadata, description, compilation);
    // A @Type whose function needs its options still builds instances; only its absence is fatal.
    if (facts.nested !== undefined && !typeDecorated) throw nestedWithoutTypeError(facts);
    return facts;
  });
}

function toFacts(
  model: ClassConstructor,
  name: string,
  metadata: readonly ValidationMetadata[],
  description: string | undefined,
  compilation: CompilationFacts,
): PropertyFacts {
  const nestedMetadata = metadata.filter(
    (entry) => entry.type === ValidationTypes.NESTED_VALIDATION,
  );
  return {
    model,
    name,
    validators: metadata
      .filter((entry) => entry.type === ValidationTypes.CUSTOM_VALIDATION && entry.name)
      .map((entry) => ({
        name: entry.name ?? '',
        constraints: Array.isArray(entry.constraints) ? (entry.constraints as unknown[]) : [],
        each: entry.each === true,
      })),
    acceptsAnyValue: metadata.some(
      (entry) =>
        entry.type === ValidationTypes.IS_DEFINED || entry.type === ValidationTypes.WHITELIST,
    ),
    optional: metadata.some(
      (entry) =>
        entry.type === ValidationTypes.CONDITIONAL_VALIDATION && entry.name === IS_OPTIONAL,
    ),
    nested:
      nestedMetadata.length === 0
        ? undefined
        : { each: nestedMetadata.some((entry) => entry.each === true) },
    declaredType: findTypeClass(model, name),
    designType: getDesignType(model, name),
    description,
    compilation,
  };
}

/** class-validator metadata per property name, base classes' properties first. */
function groupValidationMetadata(model: ClassConstructor): Map<string, ValidationMetadata[]> {
  // always = true and no groups: every validator counts, whatever its groups (they only select
  // which validators run, never what the value looks like).
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    model,
    '',
    true,
    false,
    undefined,
  );
  // class-validator lists own metadata before inherited; declaration order puts base fields first.
  const ordered = metadata
    .map((entry, index) => ({ entry, index, depth: inheritanceDepth(entry.target) }))
    .sort((left, right) => left.depth - right.depth || left.index - right.index);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const { entry } of ordered) {
    const list = byProperty.get(entry.propertyName) ?? [];
    list.push(entry);
    byProperty.set(entry.propertyName, list);
  }
  return byProperty;
}

function inheritanceDepth(target: unknown): number {
  let depth = 0;
  for (
    let current: unknown = target;
    typeof current === 'function' && current !== Function.prototype;
    current = Object.getPrototypeOf(current)
  ) {
    depth += 1;
  }
  return depth;
}
