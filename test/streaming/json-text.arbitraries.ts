import * as fc from 'fast-check';

// JSON texts for the incremental parser's properties: values written as a model might write them
// (random whitespace, escapes anywhere, `__proto__` keys, exponents), cut into random deltas.

/** A JSON value as a tree, so its text can hold what JSON.stringify never writes. */
export type JsonNode =
  | { kind: 'literal'; text: 'true' | 'false' | 'null' }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: [key: string, value: JsonNode][] };

const WHITESPACE = [' ', '\t', '\n', '\r'];
const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
/** Keys that must never be assigned, and keys that shadow `Object.prototype`'s names. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

/** A deterministic random source (mulberry32), so one seed fixes a text's layout. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const digits = (minLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength: 5 });

/** Number texts across JSON's whole grammar, and doubles as JSON.stringify writes them. */
const numberText: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', '-'),
      fc.oneof(
        fc.constant('0'),
        fc.tuple(fc.constantFrom(...'123456789'), digits(0)).map((parts) => parts.join('')),
      ),
      fc.option(
        digits(1).map((fraction) => `.${fraction}`),
        { nil: '' },
      ),
      fc.option(
        fc
          .tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1))
          .map((parts) => parts.join('')),
        { nil: '' },
      ),
    )
    .map((parts) => parts.join('')),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((number) => JSON.stringify(number)),
);

/** Strings with astral characters, lone surrogates and characters that must be escaped. */
const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc
    .array(
      fc.oneof(
        fc.string({ maxLength: 3 }),
        fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
        fc.constantFrom('"', '\\', '/', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '😀'),
      ),
      { maxLength: 6 },
    )
    .map((pieces) => pieces.join('')),
);

// Array-index keys are ordered numerically by JavaScript objects, not in document order.
const isArrayIndex = (key: string): boolean => /^(0|[1-9]\d*)$/.test(key);

/** Object keys: any text but array indices, hostile names often. */
export const key: fc.Arbitrary<string> = fc
  .oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS) })
  .filter((candidate) => !isArrayIndex(candidate));

const { node } = fc.letrec<{ node: JsonNode; array: JsonNode; object: JsonNode }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'json' },
    fc
      .constantFrom('true', 'false', 'null')
      .map((literal): JsonNode => ({ kind: 'literal', text: literal })),
    numberText.map((number): JsonNode => ({ kind: 'number', text: number })),
    text.map((value): JsonNode => ({ kind: 'string', value })),
    tie('array'),
    tie('object'),
  ),
  array: fc
    .array(tie('node'), { maxLength: 5, depthIdentifier: 'json' })
    .map((items): JsonNode => ({ kind: 'array', items })),
  object: fc
    .uniqueArray(fc.tuple(key, tie('node')), {
      selector: ([name]) => name,
      maxLength: 5,
      depthIdentifier: 'json',
    })
    .map((entries): JsonNode => ({ kind: 'object', entries })),
}));

/** Any JSON value as a tree, keys unique per object. */
export const jsonNode: fc.Arbitrary<JsonNode> = node;

/** A JavaScript JSON value (as JSON.parse returns) as a tree, keys in the order JSON.stringify writes them. */
export function nodeOf(value: unknown): JsonNode {
  if (value === null) return { kind: 'literal', text: 'null' };
  if (typeof value === 'boolean') return { kind: 'literal', text: value ? 'true' : 'false' };
  if (typeof value === 'number') return { kind: 'number', text: JSON.stringify(value) };
  if (typeof value === 'string') return { kind: 'string', value };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(nodeOf) };
  return {
    kind: 'object',
    entries: Object.entries(value as object).map(([name, item]) => [name, nodeOf(item)]),
  };
}

/** A JSON string literal for `value`, each code unit raw or escaped at random. */
function stringText(value: string, random: () => number): string {
  let written = '"';
  for (let index = 0; index < value.length; index++) {
    const character = value.charAt(index);
    const unit = value.charCodeAt(index);
    const mustEscape = unit < 0x20 || character === '"' || character === '\\';
    const roll = random();
    const short = SHORT_ESCAPES[character];
    if (roll < 0.15 || (mustEscape && short === undefined)) {
      const hex = unit.toString(16).padStart(4, '0');
      written += `\\u${roll < 0.07 ? hex.toUpperCase() : hex}`;
    } else if (short !== undefined && (mustEscape || roll < 0.3)) {
      written += short;
    } else {
      written += character;
    }
  }
  return `${written}"`;
}

/** The text of `tree`, with whitespace between tokens and escapes chosen by `seed`. */
export function renderJson(tree: JsonNode, seed: number): string {
  const random = randomSource(seed);
  const density = random() < 0.4 ? 0 : random();
  const space = (): string => {
    let written = '';
    while (random() < density) written += WHITESPACE[Math.floor(random() * WHITESPACE.length)];
    return written;
  };
  const render = (current: JsonNode): string => {
    switch (current.kind) {
      case 'literal':
      case 'number':
        return current.text;
      case 'string':
        return stringText(current.value, random);
      case 'array':
        return `[${space()}${current.items.map((item) => `${render(item)}${space()}`).join(`,${space()}`)}]`;
      case 'object': {
        const members = current.entries.map(
          ([name, value]) =>
            `${stringText(name, random)}${space()}:${space()}${render(value)}${space()}`,
        );
        return `{${space()}${members.join(`,${space()}`)}}`;
      }
    }
  };
  return `${space()}${render(tree)}${space()}`;
}

/** JSON texts: fast-check's own JSON, JSON.stringify of any value, and trees laid out at random. */
export const jsonText: fc.Arbitrary<string> = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value, null, 2)),
  fc
    .tuple(fc.jsonValue({ maxDepth: 4 }), fc.integer())
    .map(([value, seed]) => renderJson(nodeOf(value), seed)),
  fc.tuple(jsonNode, fc.integer()).map(([tree, seed]) => renderJson(tree, seed)),
);

/** `text` cut into deltas at arbitrary boundaries (some empty, some inside surrogate pairs). */
export function deltasOf(text: string): fc.Arbitrary<string[]> {
  return fc.oneof(
    fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 40 }).map((cuts) => {
      const bounds = [0, ...cuts.sort((left, right) => left - right), text.length];
      return bounds.slice(1).map((end, index) => text.slice(bounds[index], end));
    }),
    fc.integer({ min: 1, max: 9 }).map((size) => {
      const deltas: string[] = [];
      for (let start = 0; start < text.length; start += size)
        deltas.push(text.slice(start, start + size));
      return deltas;
    }),
  );
}

/** A text and the deltas it arrives in. */
export interface StreamedText {
  text: string;
  deltas: string[];
}

/** Texts from `texts`, each with a random cut into deltas. */
export function streamed(texts: fc.Arbitrary<string>): fc.Arbitrary<StreamedText> {
  return texts.chain((text) => deltasOf(text).map((deltas) => ({ text, deltas })));
}
