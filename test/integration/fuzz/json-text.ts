// JSON written as text, so replies can hold what JSON.stringify never writes: `__proto__` keys,
// duplicate keys, nesting too deep for a recursive serializer.

/** One member of an object: its key and its value as JSON text; `undefined` leaves the key out. */
export type Member = readonly [key: string, valueText: string | undefined];

/** `{"key":value,...}` from members in order, duplicates kept, absent values left out. */
export function objectText(members: readonly Member[]): string {
  const written = members.filter(
    (member): member is readonly [string, string] => member[1] !== undefined,
  );
  return `{${written.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

/** `[a,b,...]` from element texts. */
export function arrayText(elements: readonly string[]): string {
  return `[${elements.join(',')}]`;
}

/** A JSON string literal holding `text`. */
export function stringText(text: string): string {
  return JSON.stringify(text);
}

/** The shapes `deepText` nests. */
export type DeepShape = 'arrays' | 'objects' | 'mixed';

/** A JSON value nested `depth` levels deep, past what `JSON.stringify` can walk back out of. */
export function deepText(shape: DeepShape, depth: number): string {
  if (shape === 'arrays') return `${'['.repeat(depth)}${']'.repeat(depth)}`;
  if (shape === 'objects') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

/** Long texts shortened for failure reports (a counterexample with 60 KB of brackets is unreadable). */
export function abbreviate(text: string, keep = 300): string {
  if (text.length <= keep * 2) return text;
  return `${text.slice(0, keep)}…<${text.length - keep * 2} chars>…${text.slice(-keep)}`;
}
