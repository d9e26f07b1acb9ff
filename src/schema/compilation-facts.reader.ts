import type { ClassConstructor } from './class-constructor';
import { canReadDesignTypes, getDesignType } from './design-type.accessor';

// How a response-model class was compiled and loaded, as far as it shows at runtime: whether
// TypeScript's `design:type` reached it, and whether its fields are defined on instances. Read
// once per class (schemas are cached per class): it orders the properties and explains the
// configuration errors; it never rejects a class on its own.

/**
 * What a response-model class as a whole shows about how it was compiled and loaded; one object
 * per class, shared by its properties, so their errors can name the likely cause.
 */
export interface CompilationFacts {
  /** Some property has class-validator metadata (none: class-validator installed twice?). */
  readonly hasValidators: boolean;
  /**
   * `design:type` on the class's properties: `present` on at least one, `absent` from all
   * (compiled without decorator metadata, or before `reflect-metadata` loaded), or `unreadable`
   * (the `reflect-metadata` polyfill is not loaded).
   */
  readonly designTypes: 'present' | 'absent' | 'unreadable';
  /**
   * `false` when a decorated field is missing from a fresh instance: fields are not defined on
   * instances (target below ES2022, or `useDefineForClassFields: false`; or a `declare`d field),
   * so an undecorated field without an initializer leaves no trace. `undefined` when the class
   * needs constructor arguments.
   */
  readonly fieldsOnInstances: boolean | undefined;
}

/** What a fresh instance (the class built without arguments) shows about the class's fields. */
export interface InstanceFields {
  /** Its own enumerable keys, in the order they were defined; empty when it cannot be built. */
  readonly keys: readonly string[];
  /** See {@link CompilationFacts.fieldsOnInstances}. */
  readonly fieldsOnInstances: boolean | undefined;
}

/**
 * Builds `model` without arguments and checks that each of `decoratedNames` is on the instance.
 * ES2022 class fields always are (as `undefined` when not initialized); compiled for an older
 * target, or with `useDefineForClassFields: false`, only fields the constructor assigns are.
 */
export function readInstanceFields(
  model: ClassConstructor,
  decoratedNames: Iterable<string>,
): InstanceFields {
  let instance: object;
  try {
    instance = new model();
  } catch {
    return { keys: [], fieldsOnInstances: undefined };
  }
  // A decorated getter is `in` the instance through its prototype; a field only once defined.
  const fieldsOnInstances = [...decoratedNames].every((name) => name in instance);
  return { keys: Object.keys(instance), fieldsOnInstances };
}

/** Whether any of the properties `names` of `model` carries `design:type`. */
export function designTypeCoverage(
  model: ClassConstructor,
  names: Iterable<string>,
): CompilationFacts['designTypes'] {
  if (!canReadDesignTypes()) return 'unreadable';
  return [...names].some((name) => getDesignType(model, name) !== undefined) ? 'present' : 'absent';
}
