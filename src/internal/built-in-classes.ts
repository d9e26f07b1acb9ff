// JavaScript's own constructors. As a property type some map to a JSON type (String, Number,
// Boolean, Date); none of them is a response model.

/** Built-ins that are functions but describe no JSON shape; a nested model is any other class. */
export const OPAQUE_BUILT_INS: readonly unknown[] = [
  Object,
  Function,
  Array,
  Map,
  Set,
  WeakMap,
  WeakSet,
  Promise,
  RegExp,
  Error,
  Symbol,
  BigInt,
  // Node's Buffer is written in JavaScript, so the native-code test below misses it.
  Buffer,
];

const SCALAR_BUILT_INS: readonly unknown[] = [String, Number, Boolean, Date];

/** True for a JavaScript built-in constructor (`Date`, `Map`, `Uint8Array`, ...), never a user class. */
export function isBuiltInClass(candidate: unknown): boolean {
  if (OPAQUE_BUILT_INS.includes(candidate) || SCALAR_BUILT_INS.includes(candidate)) return true;
  // Engine-provided constructors print as native code; user classes print their source.
  return (
    typeof candidate === 'function' &&
    /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(candidate))
  );
}
