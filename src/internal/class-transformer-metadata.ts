import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import type { AnyClass } from './class-types';

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
