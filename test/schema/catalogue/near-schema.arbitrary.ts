import fc from 'fast-check';
import type { JsonSchema } from '../../../src/schema';

// Random JSON values "near" a schema: mostly shaped by it (right types, values at and just past
// every bound, strings that match its pattern or format and ones that almost do), mixed with
// wrong types, nulls, missing keys and extra keys. What the schema accepts and what it rejects
// are both well represented, so a disagreement with class-validator shows up either way.

/** A JSON value as `JSON.parse` returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Units of generated strings: ASCII, letters with case, an astral emoji, a titlecase letter,
// characters whose case mapping is special. (No variation selectors: their length differs on
// purpose, see the pinned differences in schema-validator-agreement.test.ts.)
const CHARACTER = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'A', 'f', 'F', 'z', 'Z', '0', '9', '-', '.', '#') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('é', 'É', 'ß', 'ǅ', 'İ', 'ſ', 'K', 'Ⅸ', 'ⓐ', '😀', '\n'),
  },
);

const text = (minLength = 0, maxLength = 8): fc.Arbitrary<string> =>
  fc.string({ unit: CHARACTER, minLength, maxLength });

/** Strings that look like what string validators check, right or nearly right. */
const LOOKALIKES: readonly string[] = [
  '',
  ' ',
  'true',
  'false',
  'TRUE',
  '1',
  '0',
  'yes',
  '1.5',
  '-2',
  '+3',
  '.5',
  '5.',
  '1e3',
  '0x1f',
  '#fff',
  'fff',
  '#ABCDEF',
  '#abcd1',
  'abc',
  'ABC',
  'Abc',
  'abc1',
  'unknown',
  'v1',
  'ok',
  'OK',
  'b',
  'a\nb',
  'b\nx',
  'ab-12',
  'abc-1',
  'x-',
  '2024',
  'abbbc',
  'xabcx',
];

const DATE_TIMES: readonly string[] = [
  '2024-02-29T12:30:00Z',
  '2024-02-29T12:30:00.123Z',
  '2024-02-29t12:30:00z',
  '2024-02-29 12:30:00Z',
  '2024-02-29T12:30:00+05:30',
  '2024-02-29T12:30:00+0530',
  '2024-02-29T12:30:00+05',
  '2024-02-29T12:30:00',
  '2016-12-31T23:59:60Z',
  '2024-06-30T12:00:60Z',
  '2023-02-29T12:30:00Z',
  '2024-13-01T00:00:00Z',
  '2024-02-29',
  '2024-02',
  '2024',
  '2024-W05',
  '2024-060',
  '20240229T123000Z',
  'March 7, 2024',
  'yesterday',
];

function dateTimes(): fc.Arbitrary<string> {
  const generated = fc
    .record({
      date: fc.date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
      separator: fc.constantFrom('T', 'T', 't', ' '),
      zone: fc.constantFrom('Z', 'Z', 'z', '+02:00', '-11:30', '+0200', ''),
      fraction: fc.boolean(),
    })
    .map(({ date, separator, zone, fraction }) => {
      const iso = date.toISOString(); // 2024-02-29T12:30:00.123Z
      const clock = fraction ? iso.slice(11, 23) : iso.slice(11, 19);
      return `${iso.slice(0, 10)}${separator}${clock}${zone}`;
    });
  return fc.oneof(generated, fc.constantFrom(...DATE_TIMES));
}

function uuids(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.uuid() },
    {
      weight: 2,
      arbitrary: fc.uuid({ version: [1, 4, 7, 9, 12] }).map((uuid) => uuid.toUpperCase()),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '00000000-0000-0000-0000-000000000000',
        'FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF',
        'urn:uuid:6ba7b810-9dad-41d1-80b4-00c04fd430c8',
        '6ba7b810-9dad-41d1-c0b4-00c04fd430c8',
        '6ba7b8109dad41d180b400c04fd430c8',
        '{6ba7b810-9dad-41d1-80b4-00c04fd430c8}',
      ),
    },
  );
}

function emails(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.emailAddress() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'jane@example.com',
        'jane@localhost',
        'jane@example',
        'jane.doe+tag@sub.example.co.uk',
        '"jane doe"@example.com',
        'Jane <jane@example.com>',
        'jane@@example.com',
        'jané@example.com',
        'jane@192.168.0.1',
        'jane@[192.168.0.1]',
      ),
    },
  );
}

function urls(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.webUrl() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'https://example.com/a?b=c#d',
        'example.com',
        'www.example.com/path',
        'ftp://files.example.com',
        'mailto:jane@example.com',
        'urn:isbn:0451450523',
        'http://localhost:3000',
        'https://exa mple.com',
        'http://',
        '//example.com',
      ),
    },
  );
}

const FORMATS: Readonly<Record<string, () => fc.Arbitrary<string>>> = {
  'date-time': dateTimes,
  uuid: uuids,
  email: emails,
  uri: urls,
};

function strings(schema: JsonSchema, noise: Noise): fc.Arbitrary<string> {
  const choices: Array<fc.WeightedArbitrary<string>> = [];
  const format = schema.format === undefined ? undefined : FORMATS[schema.format];
  if (format !== undefined) choices.push({ weight: 8, arbitrary: format() });
  const matching = schema.pattern === undefined ? undefined : matchingStrings(schema.pattern);
  if (matching !== undefined) choices.push({ weight: 6, arbitrary: matching });
  const minimum = schema.minLength ?? 0;
  const maximum = schema.maxLength ?? minimum + 4;
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    choices.push({ weight: 6, arbitrary: text(minimum, maximum) });
  }
  if (noise === 'none' && choices.length > 0) return fc.oneof(...choices);
  choices.push(
    { weight: 2, arbitrary: text() },
    { weight: 2, arbitrary: fc.constantFrom(...LOOKALIKES) },
  );
  if (matching !== undefined) {
    // One character more, or one changed: near misses.
    choices.push({
      weight: 2,
      arbitrary: fc.tuple(matching, CHARACTER, fc.nat()).map(([value, extra, at]) => {
        const index = value.length === 0 ? 0 : at % value.length;
        return value.slice(0, index) + extra + value.slice(index);
      }),
    });
  }
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    choices.push({ weight: 4, arbitrary: text(Math.max(0, minimum - 1), maximum + 1) });
  }
  return fc.oneof(...choices);
}

function matchingStrings(pattern: string): fc.Arbitrary<string> | undefined {
  // fast-check builds a Unicode property's whole character set (seconds): random text covers it.
  if (/\\[pP]\{/.test(pattern)) return undefined;
  try {
    return fc.stringMatching(new RegExp(pattern, 'u'));
  } catch {
    return undefined; // a syntax fast-check does not generate from: random text covers it
  }
}

function boundaries(schema: JsonSchema): number[] {
  const bounds = [
    schema.minimum,
    schema.maximum,
    schema.exclusiveMinimum,
    schema.exclusiveMaximum,
  ].filter((bound): bound is number => bound !== undefined);
  return bounds.flatMap((bound) => [
    bound,
    bound - 1,
    bound + 1,
    bound - 0.5,
    bound + 0.5,
    bound + 1e-9,
  ]);
}

function numbers(schema: JsonSchema, noise: Noise): fc.Arbitrary<number> {
  const special = [0, 1, -1, 0.5, 0.07, 1.005, 12.34, 12.345, 1e-7, 1.5e-7, 2e21, 2 ** 53 + 2];
  const integers = schema.type === 'integer';
  const choices: Array<fc.WeightedArbitrary<number>> = [
    { weight: 3, arbitrary: fc.constantFrom(...special, ...boundaries(schema)) },
    { weight: 2, arbitrary: fc.integer({ min: -200, max: 200 }) },
    { weight: integers ? 1 : 2, arbitrary: fc.double({ min: -200, max: 200, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  ];
  if (noise === 'none') {
    // Mostly inside the bounds, where a mistaken bound would show.
    const low = schema.minimum ?? schema.exclusiveMinimum ?? -200;
    const high = schema.maximum ?? schema.exclusiveMaximum ?? 200;
    choices.push({
      weight: 6,
      arbitrary: integers
        ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) })
        : fc.double({ min: low, max: high, noNaN: true }),
    });
  }
  return fc.oneof(...choices);
}

/** Any small JSON value: the wrong types a property may receive. */
const WRONG_TYPE: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 5 }),
  fc.double({ min: -5, max: 5, noNaN: true }),
  fc.constantFrom('', 'x', '1', 'true'),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.array(fc.constantFrom<Json>('a', 1, null), { maxLength: 2 }),
  fc.constant<Json>([{}]),
);

/**
 * How far from the schema values stray: `none` keeps every structural rule (types, required keys,
 * array sizes, no extra keys) and picks strings and numbers near their constraints; `some` also
 * puts wrong types, missing and extra keys, and near-miss strings anywhere.
 */
export type Noise = 'none' | 'some';

/**
 * Objects near the root `schema` (a model's): structurally sound ones, the same with one defect
 * (a wrong type, a missing or extra key, a value wrapped in an array or an array's first element
 * alone, a repeated element), and noisy ones.
 */
export function nearModel(schema: JsonSchema): fc.Arbitrary<Json> {
  const sound = nearSchema(schema, schema, 0, 'none');
  const defective = fc
    .tuple(sound, fc.nat(), fc.nat(), WRONG_TYPE)
    // A copy: fast-check reuses generated values while shrinking.
    .map(([value, where, how, replacement]) =>
      withDefect(structuredClone(value), where, how, replacement),
    );
  return fc.oneof(
    { weight: 2, arbitrary: sound },
    { weight: 4, arbitrary: defective },
    { weight: 1, arbitrary: nearSchema(schema, schema, 0, 'some') },
  );
}

type Container = Json[] | { [key: string]: Json };

/** Every (container, key) below `value`, parents first. */
function slotsOf(value: Json): Array<readonly [Container, string | number]> {
  if (typeof value !== 'object' || value === null) return [];
  const entries: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[value, key] as const, ...slotsOf(child)]);
}

// Wrapping and unwrapping probe what class-validator does with arrays: weighted twice.
const DEFECTS = [
  'replace',
  'delete',
  'extra',
  'wrap',
  'unwrap',
  'repeat',
  'wrap',
  'unwrap',
] as const;

function withDefect(value: Json, where: number, how: number, replacement: Json): Json {
  const defect = DEFECTS[how % DEFECTS.length]!;
  // Only slots the defect can change: a non-empty array to unwrap or repeat, an object to extend.
  const applicable = slotsOf(value).filter(([container, key]) => {
    const current = (container as Record<string | number, Json>)[key]!;
    if (defect === 'unwrap' || defect === 'repeat') {
      return Array.isArray(current) && current.length > 0;
    }
    return defect !== 'extra' || !Array.isArray(container);
  });
  // Half the defects hit a property of the model itself, half any value below it.
  const own = applicable.filter(([container]) => container === value);
  const slots = where % 2 === 0 && own.length > 0 ? own : applicable;
  if (slots.length === 0) return value;
  const [container, key] = slots[Math.floor(where / 2) % slots.length]!;
  const record = container as Record<string | number, Json>;
  const current = record[key]!;
  switch (defect) {
    case 'replace':
      record[key] = replacement;
      break;
    case 'delete':
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete record[key];
      break;
    case 'extra':
      record.extra = replacement;
      break;
    case 'wrap':
      record[key] = [current];
      break;
    case 'unwrap':
      record[key] = (current as Json[])[0]!;
      break;
    case 'repeat':
      (current as Json[]).push((current as Json[])[0]!);
      break;
  }
  return value;
}

/** Values near `schema` (`root` holds its `$defs`); `depth` bounds recursive models. */
function nearSchema(
  schema: JsonSchema,
  root: JsonSchema,
  depth: number,
  noise: Noise,
): fc.Arbitrary<Json> {
  if (noise === 'none' || depth === 0) return shapedBy(schema, root, depth, noise);
  return fc.oneof(
    { weight: 8, arbitrary: shapedBy(schema, root, depth, noise) },
    { weight: 1, arbitrary: WRONG_TYPE },
  );
}

function shapedBy(
  schema: JsonSchema,
  root: JsonSchema,
  depth: number,
  noise: Noise,
): fc.Arbitrary<Json> {
  if (schema.$ref !== undefined) {
    // Deep enough: stop building (the arbitraries are built eagerly).
    if (depth > 4) return fc.constant(null);
    const name = schema.$ref.replace('#/$defs/', '');
    return shapedBy(root.$defs?.[name] ?? {}, root, depth, noise);
  }
  if (schema.anyOf !== undefined) {
    return fc.oneof(...schema.anyOf.map((member) => shapedBy(member, root, depth, noise)));
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) {
    const members = fc.constantFrom(...schema.enum);
    return noise === 'none'
      ? members
      : fc.oneof({ weight: 4, arbitrary: members }, { weight: 1, arbitrary: WRONG_TYPE });
  }
  switch (schema.type) {
    case 'string':
      return strings(schema, noise);
    case 'number':
    case 'integer':
      return numbers(schema, noise);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrays(schema, root, depth, noise);
    case 'object':
      return schema.properties === undefined ? looseObjects() : objects(schema, root, depth, noise);
    default:
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  }
}

function arrays(
  schema: JsonSchema,
  root: JsonSchema,
  depth: number,
  noise: Noise,
): fc.Arbitrary<Json> {
  const fewest = schema.minItems ?? 0;
  const most = schema.maxItems ?? 3;
  // Past depth 2 a recursive model stops growing.
  if (depth >= 2) return fc.constant(Array.from({ length: fewest }, () => null));
  const item = nearSchema(schema.items ?? {}, root, depth + 1, noise);
  if (noise === 'none') return fc.array(item, { minLength: fewest, maxLength: most });
  const list = fc.array(item, { minLength: Math.max(0, fewest - 1), maxLength: most + 1 });
  // A repeated element, for uniqueItems.
  const withDuplicate = list.map((values) =>
    values.length === 0 ? values : [...values, values[0]!],
  );
  return fc.oneof({ weight: 3, arbitrary: list }, { weight: 1, arbitrary: withDuplicate });
}

function looseObjects(): fc.Arbitrary<Json> {
  return fc.dictionary(
    fc.constantFrom('a', 'b', 'key'),
    fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>,
    {
      maxKeys: 3,
    },
  );
}

type Slot = { readonly present: false } | { readonly present: true; readonly value: Json };

function objects(
  schema: JsonSchema,
  root: JsonSchema,
  depth: number,
  noise: Noise,
): fc.Arbitrary<Json> {
  const required = new Set(schema.required ?? []);
  const slots = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const value = nearSchema(property, root, depth + 1, noise).map((filled): Slot => ({
      present: true,
      value: filled,
    }));
    const missing = fc.constant<Slot>({ present: false });
    const slot =
      required.has(name) && noise === 'none'
        ? value
        : fc.oneof(
            { weight: required.has(name) ? 12 : 3, arbitrary: value },
            // Optional nesting thins out with depth, so recursive models stay small.
            { weight: required.has(name) ? 1 : depth + 1, arbitrary: missing },
          );
    return slot.map((filled) => [name, filled] as const);
  });
  const extraKey = fc.tuple(fc.constantFrom('extra', 'note'), WRONG_TYPE);
  const extra =
    noise === 'none'
      ? fc.constant(null)
      : fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: extraKey });
  return fc.tuple(fc.tuple(...slots), extra).map(([filled, added]) => {
    const result: Record<string, Json> = {};
    for (const [name, slot] of filled) if (slot.present) result[name] = slot.value;
    if (added !== null) result[added[0]] = added[1];
    return result;
  });
}
