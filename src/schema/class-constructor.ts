/**
 * A class whose instances a response model describes. Constructor parameters are irrelevant to the
 * schema (`never[]` accepts any constructor); the schema builder only calls it with no arguments,
 * inside a try/catch, to discover declared fields.
 */
export type ClassConstructor<T extends object = object> = new (...args: never[]) => T;

/** Any class, abstract ones included: for metadata lookups that never instantiate it. */
export type AnyClass = abstract new (...args: never[]) => unknown;
