/// <reference types="reflect-metadata" />
import { assertReflectMetadata } from '../internal';
import type { AnyClass } from './class-constructor';
import { DESCRIBED_PROPERTIES_METADATA, DESCRIPTION_METADATA } from './description.constants';

/**
 * What `@Description(text)` returns: usable on a class or on a (string-named) property. Methods
 * and accessors pass a descriptor and parameters an index, which no signature accepts, so
 * decorating them does not compile.
 */
export interface DescriptionDecorator {
  (target: AnyClass): void;
  (target: object, propertyKey: string, descriptor?: undefined): void;
}

/**
 * Describes a response model or one of its properties for the LLM. The text becomes the
 * `description` of the class's JSON schema (and of the function tool named after it) or of the
 * property's schema.
 *
 * @example
 * ```ts
 * @Description('A person mentioned in the text')
 * class User {
 *   @IsInt() @Description('Age in whole years') age!: number;
 * }
 * ```
 */
export function Description(text: string): DescriptionDecorator {
  return (target: object, propertyKey?: string): void => {
    assertReflectMetadata();
    if (propertyKey === undefined) {
      Reflect.defineMetadata(DESCRIPTION_METADATA, text, target);
      return;
    }
    Reflect.defineMetadata(DESCRIPTION_METADATA, text, target, propertyKey);
    // Copy rather than push: the inherited list belongs to the parent prototype.
    const ownNames = (Reflect.getOwnMetadata(DESCRIBED_PROPERTIES_METADATA, target) ??
      []) as readonly string[];
    if (!ownNames.includes(propertyKey)) {
      Reflect.defineMetadata(DESCRIBED_PROPERTIES_METADATA, [...ownNames, propertyKey], target);
    }
  };
}
