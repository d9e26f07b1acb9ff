import { isDeepStrictEqual } from 'node:util';

const describeValue = (value: unknown): string =>
  value === undefined ? 'undefined' : (JSON.stringify(value) ?? typeof value);

/**
 * Why `partial` is not a prefix of `final` in document order, or undefined when it is: containers
 * hold a prefix of the final keys (in order) or elements, every value but the last equals its final
 * value, the last is itself such a prefix, a string is a prefix of the final string, and any other
 * value is the final value (an undefined root, not started yet, is a prefix of anything). Document order is taken to be the final value's key order, which holds
 * for text whose keys are not array indices or that `JSON.stringify` wrote.
 */
export function prefixMismatch(partial: unknown, final: unknown, path = '$'): string | undefined {
  if (partial === undefined && path === '$') return undefined; // the root has not started yet
  const mismatch = `${path}: ${describeValue(partial)} is not a prefix of ${describeValue(final)}`;
  if (typeof final === 'string') {
    return typeof partial === 'string' && final.startsWith(partial) ? undefined : mismatch;
  }
  if (typeof final !== 'object' || final === null) {
    return Object.is(partial, final) ? undefined : mismatch;
  }
  if (typeof partial !== 'object' || partial === null) return mismatch;
  if (Array.isArray(final) !== Array.isArray(partial)) return mismatch;
  const keys = Object.keys(partial);
  const finalKeys = Object.keys(final);
  if (keys.length > finalKeys.length || keys.some((key, index) => key !== finalKeys[index])) {
    return `${path}: keys ${describeValue(keys)} are not a prefix of ${describeValue(finalKeys)}`;
  }
  const partialRecord = partial as Record<string, unknown>;
  const finalRecord = final as Record<string, unknown>;
  for (const [index, key] of keys.entries()) {
    const childPath = `${path}[${JSON.stringify(key)}]`;
    if (index === keys.length - 1)
      return prefixMismatch(partialRecord[key], finalRecord[key], childPath);
    if (!isDeepStrictEqual(partialRecord[key], finalRecord[key])) {
      return `${childPath}: ${describeValue(partialRecord[key])} is complete but differs from ${describeValue(finalRecord[key])}`;
    }
  }
  return undefined;
}

/**
 * A deep copy of a JSON value, made in this realm (structuredClone makes objects of Node's realm,
 * whose prototypes differ from Jest's) and with every own key kept as an own key.
 */
export function cloneJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneJson(item)]));
}
