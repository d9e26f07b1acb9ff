import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsAlpha,
  IsDate,
  IsDateString,
  IsInstance,
  IsInt,
  IsLowercase,
  IsNumber,
  IsNumberString,
  IsOptional,
  Matches,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import { ConfigurationError } from '../../src/errors';
import { buildClassSchema, Description, type JsonSchema } from '../../src/schema';
import { toSchemaPattern } from '../../src/schema/constraint-schema.table';
import { CATALOGUE } from './catalogue';

// The exact plain schema of every catalogue model: what the mapping table produces for each
// class-validator decorator, read top to bottom. schema-validator-agreement.test.ts checks that
// each of these accepts what class-validator accepts.

const object = (
  properties: Record<string, JsonSchema>,
  required: readonly string[] = Object.keys(properties),
): JsonSchema => ({ type: 'object', properties, required, additionalProperties: false });

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

const HEX = '[0-9A-Fa-f]';
const uuid = (versionDigit: string): string =>
  `${HEX}{8}-${HEX}{4}-${versionDigit}${HEX}{3}-[89ABab]${HEX}{3}-${HEX}{12}`;

const address = object({ city: { type: 'string' }, zip: nullable({ type: 'string' }) }, ['city']);

const treeNode = object(
  {
    label: { type: 'string' },
    children: { type: 'array', items: { $ref: '#/$defs/TreeNode' } },
    parent: nullable({ $ref: '#/$defs/TreeNode' }),
  },
  ['label', 'children'],
);

const author = object({
  name: { type: 'string' },
  books: {
    type: 'array',
    items: object({ title: { type: 'string' }, author: nullable({ $ref: '#/$defs/Author' }) }, [
      'title',
    ]),
  },
});

const PLAIN_SCHEMAS: Record<string, JsonSchema> = {
  StringModel: object({ name: { type: 'string' } }),
  NumberModel: object({ score: { type: 'number' }, reading: { type: 'number' } }),
  DecimalPlacesModel: object({
    // multipleOf would be float-unsafe: the rule is a note, validation decides.
    price: { type: 'number', description: 'Price in euros (at most 2 decimal places)' },
    whole: { type: 'number', description: '(no decimal places)' },
  }),
  IntegerModel: object({ count: { type: 'integer' } }),
  BooleanModel: object({ active: { type: 'boolean' } }),
  NumericBoundsModel: object({
    age: { type: 'integer', minimum: 0, maximum: 120 },
    ratio: { type: 'number', minimum: -1.5, maximum: 1.5 },
    floor: { type: 'number', minimum: 10 },
  }),
  SignModel: object({
    price: { type: 'number', exclusiveMinimum: 0 },
    debt: { type: 'number', exclusiveMaximum: 0 },
    quantity: { type: 'integer', exclusiveMinimum: 0 },
  }),
  EqualsModel: object({
    version: { type: 'string', const: 'v1' },
    level: { type: 'integer', const: 3 },
    accepted: { type: 'boolean', const: true },
  }),
  NotEqualsModel: object({ status: { type: 'string', description: '(must not be "unknown")' } }),
  EnumModel: object({
    color: { type: 'string', enum: ['red', 'green'] },
    priority: { type: 'integer', enum: [0, 5] },
  }),
  IsInModel: object({
    size: { type: 'string', enum: ['small', 'large'] },
    stars: { type: 'integer', enum: [1, 2, 3] },
    mode: { enum: ['auto', 0] },
  }),
  ObjectModel: object({ metadata: { type: 'object' } }),

  LengthModel: object({
    code: { type: 'string', minLength: 2, maxLength: 5 },
    title: { type: 'string', minLength: 3 },
    tag: { type: 'string', maxLength: 4 },
    body: { type: 'string', minLength: 1 },
  }),
  MatchesModel: object({
    slug: { type: 'string', pattern: '^[a-z]+-\\d+$' },
    year: { type: 'string', pattern: '^\\d{4}$' },
    somewhere: { type: 'string', pattern: 'ab+c' },
  }),
  MatchesFlagsModel: object({
    hex: { type: 'string', pattern: '^[a-fA-F]+$' },
    word: { type: 'string', pattern: '^[aA][bB][cC]$' },
    dotted: { type: 'string', pattern: '^a[\\s\\S]c$' },
    global: { type: 'string', pattern: '^ok$' },
  }),
  MatchesMultilineModel: object({ line: { type: 'string', description: '(must match /^b$/m)' } }),
  StringPatternsModel: object({
    flag: { type: 'string', pattern: '^(?:true|false|1|0)$' },
    amount: { type: 'string', pattern: '^[+-]?(?:[0-9]*[.])?[0-9]+$' },
    digits: { type: 'string', pattern: '^[0-9]+$' },
    color: { type: 'string', pattern: `^#?(?:${HEX}{3}|${HEX}{4}|${HEX}{6}|${HEX}{8})$` },
  }),
  LetterCaseModel: object({
    letters: { type: 'string', pattern: '^[A-Za-z]+$' },
    code: { type: 'string', pattern: '^[0-9A-Za-z]+$' },
    lower: { type: 'string', pattern: '^\\P{Changes_When_Lowercased}*$' },
    upper: { type: 'string', pattern: '^\\P{Changes_When_Uppercased}*$' },
  }),
  UuidModel: object({
    v4: { type: 'string', format: 'uuid', pattern: `^(?:${uuid('4')})$` },
    any: {
      type: 'string',
      format: 'uuid',
      pattern:
        `^(?:${uuid('[1-8]')}|00000000-0000-0000-0000-000000000000|` +
        `[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$`,
    },
    timeBased: { type: 'string', format: 'uuid', pattern: `^(?:${uuid('1')}|${uuid('7')})$` },
  }),
  EmailModel: object({ email: { type: 'string', format: 'email' } }),
  UrlModel: object({ homepage: { type: 'string', format: 'uri' } }),
  DateStringModel: object({ createdAt: { type: 'string', format: 'date-time' } }),
  Iso8601Model: object({ updatedAt: { type: 'string', format: 'date-time' } }),
  Rfc3339Model: object({ stamp: { type: 'string', format: 'date-time' } }),
  DateModel: object({ at: { type: 'string', format: 'date-time' } }),

  PrimitiveArraysModel: object({
    tags: { type: 'array', items: { type: 'string' } },
    ratings: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 5 } },
  }),
  ArraySizeModel: object({
    names: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
    ids: { type: 'array', items: { type: 'integer' }, minItems: 1 },
  }),
  ArrayUniqueModel: object({
    tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    ids: { type: 'array', items: { type: 'integer' }, uniqueItems: true },
  }),
  // Objects: class-validator compares references (distinct instances always differ), so no
  // keyword; the identifier function stays with validation.
  ArrayUniqueByModel: object({
    tags: { type: 'array', items: object({ name: { type: 'string' } }) },
  }),
  EachModel: object({
    codes: { type: 'array', items: { type: 'string', maxLength: 5 } },
    ids: {
      type: 'array',
      items: { type: 'string', format: 'uuid', pattern: `^(?:${uuid('4')})$` },
    },
  }),
  NestedArrayModel: object({
    items: {
      type: 'array',
      items: object({ sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } }),
      minItems: 1,
    },
  }),

  // Optional: out of `required`, and `null` accepted too (class-validator skips both).
  OptionalModel: object(
    {
      name: { type: 'string' },
      nickname: { description: 'What friends call them', ...nullable({ type: 'string' }) },
      age: nullable({ type: 'integer', minimum: 0 }),
      aliases: nullable({ type: 'array', items: { type: 'string' } }),
      address: { description: 'A postal address', ...nullable(address) },
    },
    ['name'],
  ),
  // Examples sit next to the description: outside the anyOf of an optional property.
  ExamplesModel: object(
    {
      name: { type: 'string', examples: ['Ada Lovelace', 'Alan Turing'] },
      age: {
        description: 'Age in years',
        examples: [36],
        ...nullable({ type: 'integer', minimum: 0 }),
      },
    },
    ['name'],
  ),
  // The property's description replaces the nested class's own.
  NestedModel: object({
    home: { ...address, description: 'A postal address' },
    work: { ...address, description: 'Where they work' },
  }),
  IsInstanceModel: object({ address: { ...address, description: 'A postal address' } }),
  IsInstanceUncheckedModel: object({ address: { ...address, description: 'A postal address' } }),
  TreeNode: { ...treeNode, $defs: { TreeNode: treeNode } },
  Author: { ...author, $defs: { Author: author } },
  // Inherited, base first; the overridden `label` keeps only the subclass's validators.
  DerivedRecord: object(
    {
      id: { type: 'string' },
      label: { type: 'string', maxLength: 5 },
      rank: nullable({ type: 'integer' }),
      extra: { type: 'string' },
    },
    ['id', 'label', 'extra'],
  ),
};

/** Every object schema anywhere in `schema` (properties, items, anyOf, $defs). */
function objectSchemas(schema: JsonSchema): JsonSchema[] {
  const children = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.items ? [schema.items] : []),
    ...(schema.anyOf ?? []),
    ...Object.values(schema.$defs ?? {}),
  ];
  return [...(schema.type === 'object' ? [schema] : []), ...children.flatMap(objectSchemas)];
}

describe('catalogue: the plain schema of every mapped decorator', () => {
  it('has a golden schema for every catalogue model, and a model for every golden', () => {
    expect(CATALOGUE.map(({ name }) => name).sort()).toEqual(Object.keys(PLAIN_SCHEMAS).sort());
    expect(new Set(CATALOGUE.map(({ name }) => name)).size).toBe(CATALOGUE.length);
  });

  it.each(CATALOGUE.map((entry) => [entry.name, entry] as const))(
    '%s: buildClassSchema(Model, { strict: false })',
    (name, { model }) => {
      expect(buildClassSchema(model, { strict: false })).toEqual(PLAIN_SCHEMAS[name]);
    },
  );
});

// Strict mode refuses an object that declares no properties (OpenAI's "closed-object" rule).
const STRICT_REFUSED = new Set(['ObjectModel']);
/** Paths of `anyOf`s that sit directly in another `anyOf` (a property made nullable twice). */
function nestedAnyOfs(schema: JsonSchema, path = '#'): string[] {
  const here = (schema.anyOf ?? []).some((member) => member.anyOf !== undefined) ? [path] : [];
  const children: Array<[string, JsonSchema]> = [
    ...Object.entries(schema.properties ?? {}).map(([name, child]): [string, JsonSchema] => [
      `${path}/properties/${name}`,
      child,
    ]),
    ...(schema.items ? [[`${path}/items`, schema.items] as [string, JsonSchema]] : []),
    ...(schema.anyOf ?? []).map((child, index): [string, JsonSchema] => [
      `${path}/anyOf/${index}`,
      child,
    ]),
    ...Object.entries(schema.$defs ?? {}).map(([name, child]): [string, JsonSchema] => [
      `${path}/$defs/${name}`,
      child,
    ]),
  ];
  return [...here, ...children.flatMap(([childPath, child]) => nestedAnyOfs(child, childPath))];
}

// The strict rewrite is being reworked (no double nullable wrapping, format notes): only what
// every version guarantees is pinned here — the same properties, every object closed and every
// property required.
describe('catalogue: the strict schema of every mapped decorator', () => {
  it.each([...STRICT_REFUSED])('%s: strict mode refuses it with a ConfigurationError', (name) => {
    const { model } = CATALOGUE.find((entry) => entry.name === name)!;

    expect(() => buildClassSchema(model, { strict: true })).toThrow(ConfigurationError);
  });

  it.each(
    CATALOGUE.filter(({ name }) => !STRICT_REFUSED.has(name)).map(
      (entry) => [entry.name, entry] as const,
    ),
  )(
    '%s: buildClassSchema(Model, { strict: true }) closes and requires every object',
    (_name, { model }) => {
      const plain = buildClassSchema(model, { strict: false });
      const strict = buildClassSchema(model, { strict: true });

      expect(strict).toMatchObject({
        type: 'object',
        required: Object.keys(plain.properties),
        additionalProperties: false,
      });
      expect(Object.keys(strict.properties)).toEqual(Object.keys(plain.properties));
      for (const schema of objectSchemas(strict).filter((node) => node.properties)) {
        expect(schema.additionalProperties).toBe(false);
        expect(schema.required).toEqual(Object.keys(schema.properties ?? {}));
      }
      expect(nestedAnyOfs(strict)).toEqual([]);
    },
  );

  it.each(['ExamplesModel'])(
    '%s: the strict schema makes an optional property with examples nullable only once',
    (name) => {
      const { model } = CATALOGUE.find((entry) => entry.name === name)!;

      expect(nestedAnyOfs(buildClassSchema(model, { strict: true }))).toEqual([]);
    },
  );

  it('keeps an optional property nullable once, its description outside', () => {
    const { model } = CATALOGUE.find((entry) => entry.name === 'OptionalModel')!;

    expect(buildClassSchema(model, { strict: true }).properties).toEqual({
      name: { type: 'string' },
      nickname: { description: 'What friends call them', ...nullable({ type: 'string' }) },
      age: nullable({ type: 'integer', minimum: 0 }),
      aliases: nullable({ type: 'array', items: { type: 'string' } }),
      address: {
        description: 'A postal address',
        ...nullable({ ...address, required: ['city', 'zip'] }),
      },
    });
  });
});

describe('catalogue: decorators the schema cannot honour say so', () => {
  it('refuses @IsDate() without @Type(() => Date): the JSON string would never become a Date', () => {
    class Appointment {
      @IsDate() at!: Date;
    }

    const build = (): unknown => buildClassSchema(Appointment, { strict: false });

    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(
      'Appointment.at has @IsDate() but no @Type(() => Date): a JSON reply holds a date as a ' +
        "string, which never becomes a Date without class-transformer's @Type(() => Date), so " +
        'every reply would fail validation. Add @Type(() => Date). Or validate the string itself ' +
        'with @IsDateString() / @IsISO8601() and keep a string.',
    );
  });

  it('refuses @Type(() => Date) on a string-checked property: the string would be a Date by then', () => {
    class Event {
      @IsDateString() @Type(() => Date) startsAt!: Date;
    }

    expect(() => buildClassSchema(Event, { strict: false })).toThrow(
      'Event.startsAt has @Type(() => Date) and isDateString: class-transformer turns the ' +
        "reply's string into a Date before validation, so the string check fails on every " +
        'reply. Use @IsDate() with @Type(() => Date) for a Date, or drop @Type(() => Date) to ' +
        'keep the string.',
    );
  });

  it('refuses @IsInstance(X) without a @Type that builds an X', () => {
    class Point {
      @IsInt() x!: number;
    }
    class Other {
      @IsInt() y!: number;
    }
    class Shape {
      @IsInstance(Point) @ValidateNested() @Type(() => Other) origin!: Point;
    }

    expect(() => buildClassSchema(Shape, { strict: false })).toThrow(
      /Shape\.origin has @IsInstance\(Point\) but no @Type\(\(\) => Point\) \(its @Type names Other\)/,
    );
  });

  it('keeps a regex flag JSON Schema cannot spell as a description note, not a wrong pattern', () => {
    class Flags {
      @Matches(/^a/y) sticky!: string;
      @Matches(/^(?<word>ab)\k<word>$/i) repeated!: string;
      @Matches(/^é$/i) accented!: string;
    }

    expect(buildClassSchema(Flags, { strict: false }).properties).toEqual({
      sticky: { type: 'string', description: '(must match /^a/y)' },
      repeated: { type: 'string', description: '(must match /^(?<word>ab)\\k<word>$/i)' },
      accented: { type: 'string', description: '(must match /^é$/i)' },
    });
  });

  it('spells case-insensitive and dotAll regexes out, classes, ranges and escapes included', () => {
    expect(toSchemaPattern(/^[a-f0-9]{2}$/i, undefined)).toBe('^[a-f0-9A-F]{2}$');
    expect(toSchemaPattern(/^[^a-z]$/i, undefined)).toBe('^[^a-zA-Z]$');
    expect(toSchemaPattern(/^[a-]$/i, undefined)).toBe('^[a\\-A]$');
    expect(toSchemaPattern(/^\x41b$/i, undefined)).toBe('^[\\x41a][bB]$');
    // Under `iu`, k also matches the Kelvin sign and s the long s.
    expect(toSchemaPattern(/^k$/iu, undefined)).toBe('^[kK\\u212a]$');
    expect(toSchemaPattern(/^a.b$/is, undefined)).toBe('^[aA][\\s\\S][bB]$');
    expect(toSchemaPattern('^(?<code>x)$', 'i')).toBe('^(?<code>[xX])$');
    // A source that only parses without `u` cannot be a pattern (ajv compiles with `u`).
    expect(toSchemaPattern(new RegExp('^\\-$'), undefined)).toBeUndefined();
  });

  it('requires every pattern when several validators give one', () => {
    class Code {
      @IsAlpha() @IsLowercase() word!: string;
    }

    expect(buildClassSchema(Code, { strict: false }).properties.word).toEqual({
      type: 'string',
      // Decorators apply bottom up: @IsLowercase's pattern comes first.
      pattern: '^(?=[\\s\\S]*?(?:^\\P{Changes_When_Lowercased}*$))(?=[\\s\\S]*?(?:^[A-Za-z]+$))',
    });
  });

  it("leaves another locale's letters and digits to validation, with a note", () => {
    class Localized {
      @IsAlpha('de-DE') word!: string;
      @IsNumberString({ locale: 'de-DE' }) amount!: string;
    }

    expect(buildClassSchema(Localized, { strict: false }).properties).toEqual({
      word: { type: 'string', description: '(de-DE letters only)' },
      amount: { type: 'string', description: '(a numeric string)' },
    });
  });

  it('puts the property description first, then what only validation checks', () => {
    class Invoice {
      @IsOptional()
      @IsNumber({ maxDecimalPlaces: 2 })
      @NotEquals(0)
      @Description('Total in euros')
      total?: number;
    }

    expect(buildClassSchema(Invoice, { strict: false }).properties.total).toEqual({
      // Notes in the order the decorators apply (bottom up).
      description: 'Total in euros (must not be 0) (at most 2 decimal places)',
      anyOf: [{ type: 'number' }, { type: 'null' }],
    });
  });
});
