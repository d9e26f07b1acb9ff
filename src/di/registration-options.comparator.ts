/**
 * The names of the options that differ between two `registerInstructor` calls, sorted. Values are
 * compared the way a reader of the two calls would: strings and numbers by value, arrays item by
 * item, plain objects (`defaults`) key by key, anything else (`hooks`, `client`, handler classes)
 * by identity. An option set to `undefined` is the same as one left out.
 */
export function differingOptions(previous: object, next: object): string[] {
  const names = new Set([...Object.keys(previous), ...Object.keys(next)]);
  return [...names]
    .filter(
      (name) =>
        !sameValue(
          (previous as Record<string, unknown>)[name],
          (next as Record<string, unknown>)[name],
        ),
    )
    .sort();
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    return differingOptions(a, b).length === 0;
  }
  return false;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
