import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  ARRAY_NOT_EMPTY,
  ARRAY_UNIQUE,
  EQUALS,
  IS_ALPHA,
  IS_ALPHANUMERIC,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_BOOLEAN_STRING,
  IS_DATE,
  IS_DATE_STRING,
  IS_EMAIL,
  IS_ENUM,
  IS_HEX_COLOR,
  IS_IN,
  IS_INSTANCE,
  IS_INT,
  IS_ISO8601,
  IS_LENGTH,
  IS_LOWERCASE,
  IS_NEGATIVE,
  IS_NOT_EMPTY,
  IS_NUMBER,
  IS_NUMBER_STRING,
  IS_OBJECT,
  IS_POSITIVE,
  IS_RFC_3339,
  IS_STRING,
  IS_UPPERCASE,
  IS_URL,
  IS_UUID,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  MIN_LENGTH,
  NOT_EQUALS,
} from 'class-validator';
import type { JsonSchema, JsonSchemaEnumValue, JsonSchemaTypeName } from './json-schema';

/** What one class-validator validator says about the schema of the value it checks. */
export interface ConstraintRule {
  /** The JSON type every value passing the validator has, if the validator fixes one. */
  readonly type?: (constraints: readonly unknown[]) => JsonSchemaTypeName | undefined;
  /**
   * Keywords the validator adds, given its constraints, the value's resolved JSON type and the
   * schema built so far (an array's `items` already in it).
   */
  readonly keywords?: (
    constraints: readonly unknown[],
    valueType: JsonSchemaTypeName | undefined,
    schemaSoFar: JsonSchema,
  ) => JsonSchema;
  /**
   * What the validator checks that no keyword can say ("validation only"): a short note appended
   * to the description, so the model still reads the rule the reply is validated against.
   */
  readonly note?: (constraints: readonly unknown[]) => string | undefined;
  /**
   * The class the value must be an instance of. A JSON reply holds no instances: only
   * class-transformer's `@Type(() => X)` builds one, so the property must declare it.
   */
  readonly instanceOf?: (constraints: readonly unknown[]) => unknown;
}

/** A hexadecimal digit of either case (validator.js tests hex with `i`). */
const HEX = '[0-9A-Fa-f]';

// The single place mapping validators to JSON Schema: supporting another validator is one entry.
// Keys are class-validator's own exported names, so a renamed validator fails to compile. Each
// entry follows what class-validator 0.15 / validator.js 13 accept (see the catalogue tests in
// test/schema/catalogue, which check the schemas against class-validator with ajv).
export const CONSTRAINT_SCHEMA_TABLE: Readonly<Record<string, ConstraintRule>> = {
  [IS_STRING]: { type: () => 'string' },
  // NaN and ±Infinity never occur in JSON, so allowNaN / allowInfinity change nothing here.
  [IS_NUMBER]: { type: () => 'number', note: ([options]) => decimalPlacesNote(options) },
  [IS_INT]: { type: () => 'integer' },
  [IS_BOOLEAN]: { type: () => 'boolean' },
  // class-validator's isObject: any non-null, non-array object.
  [IS_OBJECT]: { type: () => 'object' },
  // The schema is the class's (the resolver reads it like a nested model).
  [IS_INSTANCE]: { instanceOf: ([target]) => target },
  [IS_ENUM]: {
    type: (constraints) => typeOfValues(enumMembers(constraints)),
    keywords: (constraints) => ({ enum: enumMembers(constraints) }),
  },
  [IS_IN]: {
    type: (constraints) => typeOfValues(listedValues(constraints[0])),
    keywords: (constraints) => ({ enum: listedValues(constraints[0]) }),
  },
  // `===`: only a JSON primitive can ever be equal to a parsed reply.
  [EQUALS]: {
    type: ([value]) => (isEnumValue(value) ? typeOfValues([value]) : undefined),
    keywords: ([value]) => (isEnumValue(value) ? { const: value } : {}),
  },
  [NOT_EQUALS]: { note: ([value]) => `(must not be ${JSON.stringify(value)})` },

  [IS_ARRAY]: { type: () => 'array' },
  [ARRAY_MIN_SIZE]: { type: () => 'array', keywords: ([min]) => numberKeyword('minItems', min) },
  [ARRAY_MAX_SIZE]: { type: () => 'array', keywords: ([max]) => numberKeyword('maxItems', max) },
  [ARRAY_NOT_EMPTY]: { type: () => 'array', keywords: () => ({ minItems: 1 }) },
  // class-validator compares with `===` (objects by reference, so distinct instances always
  // pass), ajv by value: the same for primitive elements only. `@ArrayUnique(identifier)` keeps
  // its function in a closure, not in the constraints, so it looks like `@ArrayUnique()` here.
  [ARRAY_UNIQUE]: {
    type: () => 'array',
    keywords: (_constraints, _type, schema) =>
      hasPrimitiveItems(schema) ? { uniqueItems: true } : {},
  },

  // class-validator's min/max/isPositive/isNegative check `typeof value === 'number'` first.
  [MIN]: { type: () => 'number', keywords: numeric(([min]) => numberKeyword('minimum', min)) },
  [MAX]: { type: () => 'number', keywords: numeric(([max]) => numberKeyword('maximum', max)) },
  [IS_POSITIVE]: { type: () => 'number', keywords: numeric(() => ({ exclusiveMinimum: 0 })) },
  [IS_NEGATIVE]: { type: () => 'number', keywords: numeric(() => ({ exclusiveMaximum: 0 })) },

  // Lengths: both count code points, but validator.js does not count a variation selector
  // (U+FE0E/U+FE0F) after a character, JSON Schema does: the one known difference.
  [IS_LENGTH]: {
    type: () => 'string',
    keywords: textual(([min, max]) => ({
      ...numberKeyword('minLength', min),
      ...numberKeyword('maxLength', max),
    })),
  },
  [MIN_LENGTH]: {
    type: () => 'string',
    keywords: textual(([min]) => numberKeyword('minLength', min)),
  },
  [MAX_LENGTH]: {
    type: () => 'string',
    keywords: textual(([max]) => numberKeyword('maxLength', max)),
  },
  // `!== ''` (and not null/undefined, which the type already excludes); on other types a no-op.
  [IS_NOT_EMPTY]: { keywords: textual(() => ({ minLength: 1 })) },
  [MATCHES]: {
    type: () => 'string',
    keywords: textual(([pattern, modifiers]) => {
      const converted = toSchemaPattern(pattern, modifiers);
      return converted === undefined ? {} : { pattern: converted };
    }),
    note: ([pattern, modifiers]) =>
      toSchemaPattern(pattern, modifiers) === undefined
        ? `(must match ${regexLiteral(pattern, modifiers)})`
        : undefined,
  },

  // validator.js's own checks, as patterns (its case-insensitive regexes spelled out).
  [IS_BOOLEAN_STRING]: stringPattern('^(?:true|false|1|0)$'),
  [IS_NUMBER_STRING]: {
    type: () => 'string',
    keywords: ([options]) => numberStringKeywords(options),
    note: ([options]) =>
      numberStringKeywords(options).pattern === undefined ? '(a numeric string)' : undefined,
  },
  [IS_HEX_COLOR]: stringPattern(`^#?(?:${HEX}{3}|${HEX}{4}|${HEX}{6}|${HEX}{8})$`),
  [IS_ALPHA]: localeStringPattern('^[A-Za-z]+$', 'letters'),
  [IS_ALPHANUMERIC]: localeStringPattern('^[0-9A-Za-z]+$', 'letters and digits'),
  // validator.js: `str === str.toLowerCase()`, exactly the code points that do not change.
  [IS_LOWERCASE]: stringPattern('^\\P{Changes_When_Lowercased}*$'),
  [IS_UPPERCASE]: stringPattern('^\\P{Changes_When_Uppercased}*$'),

  // ajv-formats and validator.js agree on common values only (validator.js wants a TLD, takes
  // `example.com` as a URL but not `mailto:`): the formats are hints, class-validator decides.
  [IS_EMAIL]: stringFormat('email'),
  [IS_URL]: stringFormat('uri'),
  // `format: uuid` also allows a `urn:uuid:` prefix and any version; the pattern is exact.
  [IS_UUID]: {
    type: () => 'string',
    keywords: ([version]) => {
      const pattern = uuidPattern(version);
      return { format: 'uuid', ...(pattern === undefined ? {} : { pattern }) };
    },
  },
  // ISO 8601 accepts far more than RFC 3339's date-time (`2024`, `2024-W05`); asking for the
  // date-time subset keeps replies valid, but for ajv's lowercase `t` and leap second.
  [IS_DATE_STRING]: stringFormat('date-time'),
  [IS_ISO8601]: stringFormat('date-time'),
  [IS_RFC_3339]: stringFormat('date-time'),
  // A Date travels as an ISO string; class-transformer's @Type(() => Date) revives it.
  [IS_DATE]: { ...stringFormat('date-time'), instanceOf: () => Date },
};

type KeywordBuilder = (constraints: readonly unknown[]) => JsonSchema;

function stringFormat(format: string): ConstraintRule {
  return { type: () => 'string', keywords: () => ({ format }) };
}

function stringPattern(pattern: string): ConstraintRule {
  return { type: () => 'string', keywords: () => ({ pattern }) };
}

/** `@IsAlpha(locale)`: the en-US pattern; another locale's letters are left to validation. */
function localeStringPattern(pattern: string, what: string): ConstraintRule {
  const isDefault = (locale: unknown): boolean => locale === undefined || locale === 'en-US';
  return {
    type: () => 'string',
    keywords: ([locale]) => (isDefault(locale) ? { pattern } : {}),
    note: ([locale]) => (isDefault(locale) ? undefined : `(${String(locale)} ${what} only)`),
  };
}

/** Numeric bounds only mean something on numbers. */
function numeric(build: KeywordBuilder): NonNullable<ConstraintRule['keywords']> {
  return (constraints, valueType) =>
    valueType === 'number' || valueType === 'integer' ? build(constraints) : {};
}

/** Length and pattern keywords are string-only (`@IsNotEmpty()` also applies to other types). */
function textual(build: KeywordBuilder): NonNullable<ConstraintRule['keywords']> {
  return (constraints, valueType) => (valueType === 'string' ? build(constraints) : {});
}

function numberKeyword(keyword: keyof JsonSchema, value: unknown): JsonSchema {
  return typeof value === 'number' && Number.isFinite(value) ? { [keyword]: value } : {};
}

/**
 * `maxDecimalPlaces` stays validation only: `multipleOf: 0.01` is float-unsafe (ajv rejects
 * 0.07, since 0.07 / 0.01 is 7.000000000000001).
 */
function decimalPlacesNote(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const places = (options as { maxDecimalPlaces?: unknown }).maxDecimalPlaces;
  if (typeof places !== 'number') return undefined;
  return places === 0
    ? '(no decimal places)'
    : `(at most ${places} decimal place${places === 1 ? '' : 's'})`;
}

/** validator.js's isNumeric: `^[+-]?([0-9]*[.])?[0-9]+$`, or digits only with `no_symbols`. */
function numberStringKeywords(options: unknown): JsonSchema {
  const { no_symbols: noSymbols, locale } = (options ?? {}) as {
    no_symbols?: unknown;
    locale?: unknown;
  };
  if (noSymbols === true) return { pattern: '^[0-9]+$' };
  // Another locale's decimal separator is validator.js's table, not ours to copy.
  if (locale !== undefined && locale !== 'en-US') return {};
  return { pattern: '^[+-]?(?:[0-9]*[.])?[0-9]+$' };
}

const UUID_VERSION_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8'];
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = '[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12}';

/** validator.js's per-version UUID regexes (case-insensitive), as one pattern. */
function uuidPattern(version: unknown): string | undefined {
  const versions: unknown[] = Array.isArray(version) ? version : [version];
  const alternatives: string[] = [];
  for (const entry of versions) {
    const alternative = uuidAlternative(entry);
    if (alternative === undefined) return undefined;
    alternatives.push(alternative);
  }
  return `^(?:${alternatives.join('|')})$`;
}

function uuidAlternative(version: unknown): string | undefined {
  if (version === undefined || version === null) return uuidAlternative('all');
  if (typeof version !== 'string' && typeof version !== 'number') return undefined;
  const name = String(version);
  const shaped = (versionDigit: string): string =>
    `${HEX}{8}-${HEX}{4}-${versionDigit}${HEX}{3}-[89ABab]${HEX}{3}-${HEX}{12}`;
  if (UUID_VERSION_DIGITS.includes(name)) return shaped(name);
  if (name === 'nil') return NIL_UUID;
  if (name === 'max') return MAX_UUID;
  if (name === 'loose') return `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`;
  if (name === 'all') return `${shaped('[1-8]')}|${NIL_UUID}|${MAX_UUID}`;
  return undefined;
}

const PRIMITIVE_TYPES: ReadonlySet<JsonSchemaTypeName | undefined> = new Set([
  'string',
  'number',
  'integer',
  'boolean',
  'null',
]);

function hasPrimitiveItems(schema: JsonSchema): boolean {
  const items = schema.items;
  if (items === undefined) return false;
  if (items.type !== undefined) return PRIMITIVE_TYPES.has(items.type);
  return items.enum !== undefined;
}

/**
 * `@IsEnum(E)` stores `[E, values]` where class-validator already dropped the reverse-mapping
 * keys of numeric enums; recompute the same way if an older version stored only `[E]`.
 */
function enumMembers(constraints: readonly unknown[]): JsonSchemaEnumValue[] {
  const [entity, values] = constraints;
  if (Array.isArray(values)) return listedValues(values);
  if (typeof entity !== 'object' || entity === null) return [];
  return listedValues(
    Object.entries(entity)
      .filter(([key]) => Number.isNaN(Number.parseInt(key, 10)))
      .map(([, value]: [string, unknown]) => value),
  );
}

function isEnumValue(value: unknown): value is JsonSchemaEnumValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function listedValues(values: unknown): JsonSchemaEnumValue[] {
  if (!Array.isArray(values)) return [];
  return (values as unknown[]).filter(isEnumValue);
}

/** The one JSON type shared by every value, if there is one (mixed lists get `enum` alone). */
function typeOfValues(values: readonly JsonSchemaEnumValue[]): JsonSchemaTypeName | undefined {
  const types = new Set(
    values.map((value) =>
      value === null
        ? 'null'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'integer'
            : 'number'
          : typeof value,
    ),
  );
  if (types.has('integer') && types.has('number')) types.delete('integer');
  if (types.size !== 1) return undefined;
  const [type] = types;
  return type as JsonSchemaTypeName;
}

// @Matches: a JavaScript RegExp as a JSON Schema pattern. A pattern has no flags (ajv compiles
// it with `u`): `g` and `d` change nothing for a match test, `i` and `s` are spelled out in the
// pattern; `m`, `y` (stateful: String#match starts at lastIndex) and `v` have no faithful
// spelling, nor has `i` over backreferences or Unicode properties, so those stay validation only.

/** The regex `@Matches` tests with: the RegExp given, or `new RegExp(pattern, modifiers)`. */
function matchesRegex(pattern: unknown, modifiers: unknown): RegExp | undefined {
  if (pattern instanceof RegExp) return pattern;
  if (typeof pattern !== 'string') return undefined;
  try {
    return new RegExp(pattern, typeof modifiers === 'string' ? modifiers : undefined);
  } catch {
    return undefined;
  }
}

function regexLiteral(pattern: unknown, modifiers: unknown): string {
  return String(matchesRegex(pattern, modifiers) ?? pattern);
}

/** The `pattern` accepting what the regex accepts, or `undefined` when none can be written. */
export function toSchemaPattern(pattern: unknown, modifiers: unknown): string | undefined {
  const regex = matchesRegex(pattern, modifiers);
  if (regex === undefined) return undefined;
  const flags = regex.flags;
  if (/[myv]/.test(flags)) return undefined;
  const source =
    flags.includes('i') || flags.includes('s')
      ? spellOutFlags(regex.source, {
          caseless: flags.includes('i'),
          dotAll: flags.includes('s'),
          unicode: flags.includes('u'),
        })
      : regex.source;
  if (source === undefined) return undefined;
  try {
    // A source written without `u` may not parse with it (`\-` outside a class, say).
    new RegExp(source, 'u');
  } catch {
    return undefined;
  }
  return source;
}

interface RegexFlags {
  readonly caseless: boolean;
  readonly dotAll: boolean;
  readonly unicode: boolean;
}

/** One escape sequence: its text, the character it stands for, or whether `i` changes it. */
interface RegexEscape {
  readonly text: string;
  readonly character?: number;
  readonly caseSensitive?: boolean;
}

const UPPER_A = 65;
const UPPER_Z = 90;
const CASE_OFFSET = 32;
// Under `iu`, simple case folding adds one non-ASCII twin to two ASCII letters.
const UNICODE_TWINS: ReadonlyMap<number, number> = new Map([
  [0x73, 0x17f], // s ~ ſ (long s)
  [0x6b, 0x212a], // k ~ K (Kelvin sign)
]);

function spellOutFlags(source: string, flags: RegexFlags): string | undefined {
  let result = '';
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (char === '\\') {
      const escape = readEscape(source, index, flags.unicode, false);
      if (flags.caseless && escape.caseSensitive === true) return undefined;
      const spelled = caselessAtom(escape.character, escape.text, flags);
      if (spelled === undefined) return undefined;
      result += spelled;
      index += escape.text.length;
    } else if (char === '[') {
      const characterClass = readClass(source, index, flags);
      if (characterClass === undefined) return undefined;
      result += characterClass.text;
      index = characterClass.end;
    } else if (char === '(') {
      // Copy a group opener whole, so a group's name is never case-expanded.
      const opener = /^\((?:\?(?:[:=!]|<[=!]|<[^>]*>))?/.exec(source.slice(index))![0];
      if (opener === '(' && source[index + 1] === '?') return undefined; // (?i:...) modifiers
      result += opener;
      index += opener.length;
    } else if (char === '.' && flags.dotAll) {
      result += '[\\s\\S]';
      index += 1;
    } else {
      const text = String.fromCodePoint(source.codePointAt(index)!);
      const spelled = caselessAtom(text.codePointAt(0), text, flags);
      if (spelled === undefined) return undefined;
      result += spelled;
      index += text.length;
    }
  }
  return result;
}

/** A character outside a class: itself, or `[aA]` when `i` makes it match its other case. */
function caselessAtom(
  character: number | undefined,
  text: string,
  flags: RegexFlags,
): string | undefined {
  if (!flags.caseless || character === undefined) return text;
  const twins = caseTwins(character, flags.unicode);
  if (twins === undefined) return undefined;
  return twins.length === 0 ? text : `[${text}${classMembers(twins)}]`;
}

/** The other characters `i` matches for `character`; `undefined` for a non-ASCII cased one. */
function caseTwins(character: number, unicode: boolean): number[] | undefined {
  const lower = character | CASE_OFFSET;
  if (lower >= UPPER_A + CASE_OFFSET && lower <= UPPER_Z + CASE_OFFSET) {
    const other = character === lower ? character - CASE_OFFSET : lower;
    const twin = unicode ? UNICODE_TWINS.get(lower) : undefined;
    return twin === undefined ? [other] : [other, twin];
  }
  if (character < 128) return [];
  const text = String.fromCodePoint(character);
  return text.toUpperCase() === text && text.toLowerCase() === text ? [] : undefined;
}

/** Characters as class members, runs of three or more as ranges (`ABCD` → `A-D`). */
function classMembers(characters: readonly number[]): string {
  const sorted = [...new Set(characters)].sort((left, right) => left - right);
  let text = '';
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (sorted[end + 1] === sorted[end]! + 1) end += 1;
    text +=
      end - start >= 2
        ? `${classCharacter(sorted[start]!)}-${classCharacter(sorted[end]!)}`
        : sorted
            .slice(start, end + 1)
            .map(classCharacter)
            .join('');
    start = end + 1;
  }
  return text;
}

function classCharacter(character: number): string {
  return character < 128
    ? String.fromCharCode(character)
    : `\\u${character.toString(16).padStart(4, '0')}`;
}

function readEscape(
  source: string,
  index: number,
  unicode: boolean,
  inClass: boolean,
): RegexEscape {
  const rest = source.slice(index);
  const hex = /^\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|u\{([0-9A-Fa-f]+)\})/.exec(rest);
  if (hex !== null && (hex[3] === undefined || unicode)) {
    return { text: hex[0], character: Number.parseInt(hex[1] ?? hex[2] ?? hex[3]!, 16) };
  }
  const next = rest[1] ?? '';
  if (/^\\c[A-Za-z]/.test(rest)) return { text: rest.slice(0, 3) };
  if (/^\\0(?![0-9])/.test(rest)) return { text: '\\0' };
  if (/[1-9]/.test(next)) return { text: /^\\[0-9]+/.exec(rest)![0], caseSensitive: true };
  if (next === 'k' && !inClass) {
    return { text: /^\\k(?:<[^>]*>)?/.exec(rest)![0], caseSensitive: true };
  }
  if ((next === 'p' || next === 'P') && unicode) {
    return { text: /^\\[pP](?:\{[^}]*\})?/.exec(rest)![0], caseSensitive: true };
  }
  // \w and \b gain ſ and K under `iu`; \b in a class is a backspace.
  if ('wWbB'.includes(next) && next !== '' && !(inClass && next === 'b')) {
    return { text: `\\${next}`, caseSensitive: unicode };
  }
  if ('dDsSnrtvfb'.includes(next) && next !== '') return { text: `\\${next}` };
  // An identity escape (`\.`, or `\q` meaning q without `u`): the character itself.
  const escaped = String.fromCodePoint(source.codePointAt(index + 1) ?? 0x5c);
  return { text: `\\${escaped}`, character: escaped.codePointAt(0)! };
}

/** A character class with the other case of its letters added (`[a-f]` → `[a-fA-F]`). */
function readClass(
  source: string,
  start: number,
  flags: RegexFlags,
): { text: string; end: number } | undefined {
  let index = start + 1;
  if (source[index] === '^') index += 1;
  const bodyStart = index;
  const members: Array<{ text: string; character?: number; caseSensitive?: boolean }> = [];
  while (index < source.length && source[index] !== ']') {
    if (source[index] === '\\') {
      const escape = readEscape(source, index, flags.unicode, true);
      members.push(escape);
      index += escape.text.length;
    } else {
      const text = String.fromCodePoint(source.codePointAt(index)!);
      members.push({ text, character: text.codePointAt(0)! });
      index += text.length;
    }
  }
  if (index >= source.length) return undefined;
  const end = index + 1;
  if (flags.dotAll && !flags.caseless) return { text: source.slice(start, end), end };
  const twins: number[] = [];
  for (let position = 0; position < members.length; position += 1) {
    const member = members[position]!;
    if (member.caseSensitive === true) return undefined;
    if (member.character === undefined) continue;
    const dash = members[position + 1];
    const upper = members[position + 2];
    if (dash?.text === '-' && upper?.character !== undefined) {
      const rangeTwins = rangeCaseTwins(member.character, upper.character, flags.unicode);
      if (rangeTwins === undefined) return undefined;
      twins.push(...rangeTwins);
      position += 2;
      continue;
    }
    const memberTwins = caseTwins(member.character, flags.unicode);
    if (memberTwins === undefined) return undefined;
    twins.push(...memberTwins);
  }
  let body = source.slice(bodyStart, index);
  // A trailing literal `-` would turn the first added letter into a range.
  if (body.endsWith('-') && !body.endsWith('\\-')) body = `${body.slice(0, -1)}\\-`;
  return { text: `${source.slice(start, bodyStart)}${body}${classMembers(twins)}]`, end };
}

/** The other-case letters of a range, as single characters; `undefined` past ASCII letters. */
function rangeCaseTwins(from: number, to: number, unicode: boolean): number[] | undefined {
  const twins: number[] = [];
  for (let character = from; character <= to; character += 1) {
    const characterTwins = caseTwins(character, unicode);
    if (characterTwins === undefined) return undefined;
    twins.push(...characterTwins);
  }
  return twins;
}
