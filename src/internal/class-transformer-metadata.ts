import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { classChain, type AnyClass } from './class-types';

// TransformationType.PLAIN_TO_CLASS: the @Transform functions that run when building instances.
const PLAIN_TO_CLASS = 0;

// class-transformer keeps @Type metadata in a storage it does not export from its root, and its
// typings live apart from its CommonJS build; this is the one place that bridges the two.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const storageModule = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

/** True when the property (own or inherited) carries class-transformer's `@Type(...)`. */
export function hasTypeDecorator(target: AnyClass, propertyName: string): boolean {
  return findTypeMetadata(target, propertyName) !== undefined;
}

/**
 * The class declared with class-transformer's `@Type(() => X)` on a property, if any. Never
 * throws: a type function that needs its options (`@Type((options) => options!.object...)`, as
 * for discriminated unions) cannot be resolved without a value, so it yields `undefined`.
 */
export function findTypeClass(target: AnyClass, propertyName: string): AnyClass | undefined {
  const metadata = findTypeMetadata(target, propertyName);
  if (!metadata) return undefined;
  let type: unknown;
  try {
    type = metadata.typeFunction();
  } catch {
    return undefined;
  }
  return typeof type === 'function' ? (type as AnyClass) : undefined;
}

function findTypeMetadata(target: AnyClass, propertyName: string) {
  // class-transformer's typings claim a result, but it returns undefined when there is none.
  return storageModule.defaultMetadataStorage.findTypeMetadata(target, propertyName) as
    ReturnType<MetadataStorage['findTypeMetadata']> | undefined;
}

/**
 * True when class-transformer would do nothing to `target`'s listed properties beyond building the
 * classes named by a plain `@Type(() => X)`: no `@Expose`/`@Exclude`/`@Transform`, no
 * expose/exclude strategy, no discriminator, no type function that looks at the value, and no
 * declared type it converts into (a `Set` or `Map` property); and no `@Type` or `@Transform` on
 * a property that is not listed. Such a class can be built without class-transformer.
 */
export function hasOnlyPlainTypeMetadata(
  target: AnyClass,
  propertyNames: readonly string[],
): boolean {
  const storage = storageModule.defaultMetadataStorage;
  if (storage.getStrategy(target) !== 'none') return false;
  if (storage.getExposedMetadatas(target).length > 0) return false;
  if (storage.getExcludedMetadatas(target).length > 0) return false;
  // A @Type or @Transform on a property without validation rules (kept when whitelist is off).
  const known = new Set(propertyNames);
  if (decoratedPropertyNames(target).some((name) => !known.has(name))) return false;
  return propertyNames.every((name) => {
    if (storage.findTransformMetadatas(target, name, PLAIN_TO_CLASS).length > 0) return false;
    const metadata = findTypeMetadata(target, name);
    if (!metadata) return true;
    const { options, typeFunction } = metadata;
    const reflectedType: unknown = metadata.reflectedType;
    if (options?.discriminator !== undefined || options?.keepDiscriminatorProperty === true) {
      return false;
    }
    // `@Type((options) => ...)` picks the class per value: only class-transformer can.
    if (typeFunction.length > 0) return false;
    // The declared container decides what class-transformer builds (a Set, a Map).
    return (
      reflectedType === undefined ||
      reflectedType === Array ||
      reflectedType === Object ||
      reflectedType === findTypeClass(target, name)
    );
  });
}

// The storage's own maps, by class then property: class-transformer has no getter listing them.
interface PropertyMaps {
  readonly _typeMetadatas: Map<unknown, Map<string, unknown>>;
  readonly _transformMetadatas: Map<unknown, Map<string, unknown>>;
}

/** The properties with `@Type` or `@Transform` on `target` or the classes it extends. */
function decoratedPropertyNames(target: AnyClass): string[] {
  const maps = storageModule.defaultMetadataStorage as unknown as PropertyMaps;
  const names: string[] = [];
  for (const level of classChain(target)) {
    for (const map of [maps._typeMetadatas, maps._transformMetadatas]) {
      names.push(...(map.get(level)?.keys() ?? []));
    }
  }
  return names;
}
