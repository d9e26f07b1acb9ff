/**
 * Which objects the parser creates while it builds values, so partial values can be class
 * instances. A shape describes one position in the document; `child` walks to the positions below.
 *
 * @example
 * const address: ValueShape = { createObject: () => Object.create(Address.prototype) as object };
 * const person: ValueShape = {
 *   createObject: () => Object.create(Person.prototype) as object,
 *   child: (key) => (key === 'address' ? address : undefined),
 * };
 */
export interface ValueShape {
  /** A new empty object for a JSON object at this position (default: `{}`). */
  createObject?(): object;
  /**
   * The shape of the value under `key` of an object here, or of every element of an array here
   * (`key` is then the element's index). Called once per nested object or array, when it opens.
   */
  child?(key: string | number): ValueShape | undefined;
  /**
   * Whether a key of an object here becomes part of the value (default: every key but the
   * dangerous ones). A class's shape keeps only its declared properties, so a key the model
   * adds never shadows a method or trips a getter of the class.
   */
  acceptsKey?(key: string): boolean;
}
