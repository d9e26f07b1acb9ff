/// <reference types="reflect-metadata" />
import type { AnyClass } from './class-constructor';
import {
  DESCRIBED_PROPERTIES_METADATA,
  DESCRIPTION_METADATA,
  EXAMPLES_METADATA,
} from './description.constants';

// The one reader of `@Description` metadata (decorator → accessor): nothing else in the package
// knows the keys or the storage layout.

/**
 * The `@Description` text of a class itself, or `undefined`. Not inherited: a subclass is a
 * different concept and describes itself (as a Python docstring would).
 */
export function getClassDescription(model: AnyClass): string | undefined {
  if (typeof Reflect.getOwnMetadata !== 'function') return undefined;
  const text: unknown = Reflect.getOwnMetadata(DESCRIPTION_METADATA, model);
  return typeof text === 'string' ? text : undefined;
}

/** The `@Description` text of a property, own or inherited (a subclass may override it). */
export function getPropertyDescription(model: AnyClass, propertyName: string): string | undefined {
  if (typeof Reflect.getMetadata !== 'function') return undefined;
  const text: unknown = Reflect.getMetadata(
    DESCRIPTION_METADATA,
    model.prototype as object,
    propertyName,
  );
  return typeof text === 'string' ? text : undefined;
}

/** Names of the properties carrying `@Description`, base classes first, each once. */
export function getDescribedPropertyNames(model: AnyClass): string[] {
  if (typeof Reflect.getOwnMetadata !== 'function') return [];
  const chain: object[] = [];
  for (
    let prototype = model.prototype as unknown;
    prototype !== null && prototype !== Object.prototype && typeof prototype === 'object';
    prototype = Object.getPrototypeOf(prototype)
  ) {
    chain.unshift(prototype);
  }
  const names = new Set<string>();
  for (const prototype of chain) {
    const own = Reflect.getOwnMetadata(DESCRIBED_PROPERTIES_METADATA, prototype) as
      readonly string[] | undefined;
    own?.forEach((name) => names.add(name));
  }
  return [...names];
}

/** The `@Example` values of a class itself (not inherited, like its description), or `undefined`. */
export function getClassExamples(model: AnyClass): readonly unknown[] | undefined {
  if (typeof Reflect.getOwnMetadata !== 'function') return undefined;
  return Reflect.getOwnMetadata(EXAMPLES_METADATA, model) as readonly unknown[] | undefined;
}

/** The `@Example` values of a property, own or inherited (a subclass's replace the parent's). */
export function getPropertyExamples(
  model: AnyClass,
  propertyName: string,
): readonly unknown[] | undefined {
  if (typeof Reflect.getMetadata !== 'function') return undefined;
  return Reflect.getMetadata(EXAMPLES_METADATA, model.prototype as object, propertyName) as
    readonly unknown[] | undefined;
}
