/** Any class, abstract or not, whatever its constructor parameters: for metadata lookups. */
export type AnyClass = abstract new (...args: never[]) => unknown;

/**
 * A class that can be instantiated, whatever its constructor parameters (`never[]` accepts any
 * constructor). Schema building only ever calls it with no arguments, inside a try/catch.
 */
export type ClassConstructor<T extends object = object> = new (...args: never[]) => T;

/** `target`, then each class it extends, up to (not including) `Function.prototype`. */
export function classChain(target: unknown): AnyClass[] {
  const chain: AnyClass[] = [];
  for (
    let current: unknown = target;
    typeof current === 'function' && current !== Function.prototype;
    current = Object.getPrototypeOf(current)
  ) {
    chain.push(current as AnyClass);
  }
  return chain;
}
