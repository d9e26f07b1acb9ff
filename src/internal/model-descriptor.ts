import type { AnyClass } from './class-types';

// Everything the package learns about a model class — its validation rules, properties, schemas,
// async flag, instance plan, streaming shape, the request parts modes build from it — is a *fact*
// of that class's one descriptor: computed on first use, then kept for as long as the class
// lives (weak keys: a class that is garbage collected takes its facts with it). Each layer
// declares the facts it computes with `defineModelFact`; nobody else keeps a cache of a class.

/** The facts known about one class so far, by fact name and key. */
type Descriptor = Map<string, unknown>;

const descriptors = new WeakMap<object, Descriptor>();

function descriptorOf(model: object): Descriptor {
  let descriptor = descriptors.get(model);
  if (descriptor === undefined) {
    descriptor = new Map();
    descriptors.set(model, descriptor);
  }
  return descriptor;
}

/**
 * Declares a fact of model classes: the returned accessor computes it for a class once and then
 * returns the same value (keep it immutable: every caller shares it). A computation that throws
 * (a `ConfigurationError` about the class) caches nothing and throws again on the next use.
 *
 * @param name unique among facts, e.g. `'schema.loose'`.
 */
export function defineModelFact<T>(
  name: string,
  compute: (model: AnyClass) => T,
): (model: AnyClass) => T {
  return (model) => {
    const descriptor = descriptorOf(model);
    if (descriptor.has(name)) return descriptor.get(name) as T;
    const value = compute(model);
    descriptor.set(name, value);
    return value;
  };
}

/**
 * A fact that also depends on a small key (a validation group set, strict or not): one value per
 * class and key. `keyOf` turns the key into the string the value is stored under.
 */
export function defineKeyedModelFact<K, T>(
  name: string,
  keyOf: (key: K) => string,
  compute: (model: AnyClass, key: K) => T,
): (model: AnyClass, key: K) => T {
  return (model, key) => {
    const descriptor = descriptorOf(model);
    let byKey = descriptor.get(name) as Map<string, T> | undefined;
    if (byKey === undefined) {
      byKey = new Map();
      descriptor.set(name, byKey);
    }
    const slot = keyOf(key);
    if (byKey.has(slot)) return byKey.get(slot) as T;
    const value = compute(model, key);
    byKey.set(slot, value);
    return value;
  };
}
