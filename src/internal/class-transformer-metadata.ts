import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer keeps @Type metadata in a storage it does not export from its root, and its
// typings live apart from its CommonJS build; this is the one place that bridges the two.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const storageModule = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

/** Any class, abstract or not, whatever its constructor parameters. */
export type AnyClass = abstract new (...args: never[]) => unknown;

/** The class declared with class-transformer's `@Type(() => X)` on a property, if any. */
export function findTypeClass(target: AnyClass, propertyName: string): AnyClass | undefined {
  const metadata = storageModule.defaultMetadataStorage.findTypeMetadata(target, propertyName);
  if (!metadata) return undefined;
  const type: unknown = metadata.typeFunction();
  return typeof type === 'function' ? (type as AnyClass) : undefined;
}
