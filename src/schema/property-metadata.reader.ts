import { getMetadataStorage, IS_OPTIONAL, ValidationTypes } from 'class-validator';
import { ConfigurationError } from '../errors';
import { findTypeClass } from '../internal';
import type { ClassConstructor } from './class-constructor';
import { getDescribedPropertyNames, getPropertyDescription } from './description.accessor';
import { getDesignType } from './design-type.accessor';

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
}

/**
 * Reads every property of `model` (inherited ones included) from class-validator's metadata,
 * class-transformer's `@Type`, `design:type` and `@Description`, in declaration order.
 *
 * @throws ConfigurationError when a field exists on a fresh instance but carries no decorator:
 * without one the schema cannot know it, and silently dropping it would hide data from the LLM.
 */
export function readModelProperties(model: ClassConstructor): PropertyFacts[] {
  const metadataByProperty = groupValidationMetadata(model);
  const described = getDescribedPropertyNames(model);
  const instanceKeys = instanceFieldNames(model);

  const names = new Set<string>(instanceKeys ?? []);
  metadataByProperty.forEach((_metadata, name) => names.add(name));
  described.forEach((name) => names.add(name));

  return [...names].map((name) => {
    const metadata = metadataByProperty.get(name) ?? [];
    const declaredType = safeFindTypeClass(model, name);
    const description = getPropertyDescription(model, name);
    if (metadata.length === 0 && declaredType === undefined && description === undefined) {
      throw undecoratedPropertyError(model, name);
    }
    return toFacts(model, name, metadata, declaredType, description);
  });
}

function toFacts(
  model: ClassConstructor,
  name: string,
  metadata: readonly ValidationMetadata[],
  declaredType: unknown,
  description: string | undefined,
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
    declaredType,
    designType: getDesignType(model, name),
    description,
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

/**
 * Own enumerable fields of a fresh instance, in declaration order (ES2022 class fields), or
 * `undefined` when the class cannot be built without arguments (then metadata order is used and
 * undecorated fields cannot be detected).
 */
function instanceFieldNames(model: ClassConstructor): string[] | undefined {
  try {
    return Object.keys(new model());
  } catch {
    return undefined;
  }
}

function safeFindTypeClass(model: ClassConstructor, name: string): unknown {
  try {
    return findTypeClass(model, name);
  } catch {
    // A `@Type` function that needs its options (discriminators) tells us nothing here.
    return undefined;
  }
}

function undecoratedPropertyError(model: ClassConstructor, name: string): ConfigurationError {
  return new ConfigurationError({
    message:
      `${model.name}.${name} has no decorator, so its JSON schema cannot be built. Every property ` +
      `of a response model needs a class-validator decorator (e.g. @IsString(), @IsInt(), ` +
      `@IsOptional(), @ValidateNested() with @Type(() => X)); add one or remove the field.`,
  });
}
