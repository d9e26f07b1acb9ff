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
import { CATALOGUE, type CatalogueEntry } from './catalogue';
import { ARRAY_CATALOGUE } from './catalogue/arrays.catalogue';
import { SCALAR_CATALOGUE } from './catalogue/scalars.catalogue';
import { STRING_CATALOGUE } from './catalogue/strings.catalogue';
import { STRUCTURE_CATALOGUE } from './catalogue/structure.catalogue';

// The exact schemas of every catalogue model, one section per catalogue file: the plain one
// (`buildClassSchema(Model, { strict: false })`, Mode.TOOLS), what the mapping table produces for
// each class-validator decorator, and the strict one (`{ strict: true }`, Mode.TOOLS_STRICT), what
// src/schema/strict-schema.ts makes of it. A strict golden that is the plain one unchanged says
// so by naming it; any other is written out in full. schema-validator-agreement.test.ts checks
// that each plain schema accepts what class-validator accepts.
//
// The strict rewrite: every object closed with ALL its properties in `required` (object() below
// lists every property unless told otherwise); an optional property `anyOf [T, { type: 'null' }]`
// with its description outside; what strict mode refuses (a format other than its own, lengths,
// a pattern with lookaround or \p{…}, uniqueItems, examples) moved into the description as a note.

const object = (
  properties: Record<string, JsonSchema>,
  required: readonly string[] = Object.keys(properties),
): JsonSchema => ({ type: 'object', properties, required, additionalProperties: false });

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

/** The goldens of one catalogue file, keyed by model name in catalogue order. */
interface CatalogueGoldens {
  /** `buildClassSchema(Model, { strict: false })` of every model of the file. */
  readonly plain: Readonly<Record<string, JsonSchema>>;
  /** `buildClassSchema(Model, { strict: true })` of every model strict mode accepts. */
  readonly strict: Readonly<Record<string, JsonSchema>>;
  /** The exact ConfigurationError message of every model strict mode refuses. */
  readonly strictRefusals?: Readonly<Record<string, string>>;
}

/** One describe per catalogue file: its plain goldens, its strict goldens, its refusals. */
function describeCatalogueFile(
  file: string,
  catalogue: readonly CatalogueEntry[],
  { plain, strict, strictRefusals = {} }: CatalogueGoldens,
): void {
  const cases = (names: readonly string[]): Array<readonly [string, CatalogueEntry]> =>
    catalogue.filter(({ name }) => names.includes(name)).map((entry) => [entry.name, entry]);

  describe(`catalogue: ${file}`, () => {
    it('has a plain golden for every model, and a strict golden or refusal, and no other', () => {
      const names = catalogue.map(({ name }) => name);

      expect(Object.keys(plain)).toEqual(names);
      expect([...Object.keys(strict), ...Object.keys(strictRefusals)].sort()).toEqual(
        [...names].sort(),
      );
    });

    it.each(cases(Object.keys(plain)))(
      '%s: buildClassSchema(Model, { strict: false })',
      (name, { model }) => {
        expect(buildClassSchema(model, { strict: false })).toEqual(plain[name]);
      },
    );

    it.each(cases(Object.keys(strict)))(
      '%s: buildClassSchema(Model, { strict: true })',
      (name, { model }) => {
        expect(buildClassSchema(model, { strict: true })).toEqual(strict[name]);
      },
    );

    if (Object.keys(strictRefusals).length > 0) {
      it.each(cases(Object.keys(strictRefusals)))(
        '%s: buildClassSchema(Model, { strict: true }) throws a ConfigurationError',
        (name, { model }) => {
          const build = (): unknown => buildClassSchema(model, { strict: true });

          expect(build).toThrow(ConfigurationError);
          // An Error as the expectation: the message must be equal, not merely contain it.
          expect(build).toThrow(new Error(strictRefusals[name]));
        },
      );
    }
  });
}

describe('catalogue: the goldens', () => {
  it('cover the four catalogue files, each model named once', () => {
    const files = [SCALAR_CATALOGUE, STRING_CATALOGUE, ARRAY_CATALOGUE, STRUCTURE_CATALOGUE];
    const names = CATALOGUE.map(({ name }) => name);

    expect(files.flat().map(({ name }) => name)).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
  });
});

// --- scalars.catalogue.ts: type validators, numbers, fixed values, enums --------------------------

const SCALAR_PLAIN = {
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
} satisfies Record<string, JsonSchema>;

describeCatalogueFile('scalars.catalogue.ts', SCALAR_CATALOGUE, {
  plain: SCALAR_PLAIN,
  // Every keyword here is one strict mode takes (numeric bounds, const, enum): unchanged.
  strict: {
    StringModel: SCALAR_PLAIN.StringModel,
    NumberModel: SCALAR_PLAIN.NumberModel,
    DecimalPlacesModel: SCALAR_PLAIN.DecimalPlacesModel,
    IntegerModel: SCALAR_PLAIN.IntegerModel,
    BooleanModel: SCALAR_PLAIN.BooleanModel,
    NumericBoundsModel: SCALAR_PLAIN.NumericBoundsModel,
    SignModel: SCALAR_PLAIN.SignModel,
    EqualsModel: SCALAR_PLAIN.EqualsModel,
    NotEqualsModel: SCALAR_PLAIN.NotEqualsModel,
    EnumModel: SCALAR_PLAIN.EnumModel,
    IsInModel: SCALAR_PLAIN.IsInModel,
  },
  // An object that declares no properties cannot be closed (OpenAI's "closed-object" rule).
  strictRefusals: {
    ObjectModel:
      'The strict schema of ObjectModel breaks OpenAI\'s strict-mode rule "closed-object" at ' +
      'ObjectModel.metadata (#/properties/metadata): an object declares no properties. Every ' +
      'object must declare its properties and set additionalProperties: false. Replace an open ' +
      'object (@IsObject(), a map) with a nested class (@ValidateNested() and @Type(() => ' +
      'Class)), or use Mode.TOOLS or Mode.JSON, which send the schema without strict: true.',
  },
});

// --- strings.catalogue.ts: lengths, patterns, formats, dates -------------------------------------

const HEX = '[0-9A-Fa-f]';
const uuid = (versionDigit: string): string =>
  `${HEX}{8}-${HEX}{4}-${versionDigit}${HEX}{3}-[89ABab]${HEX}{3}-${HEX}{12}`;

const STRING_PLAIN = {
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
} satisfies Record<string, JsonSchema>;

describeCatalogueFile('strings.catalogue.ts', STRING_CATALOGUE, {
  plain: STRING_PLAIN,
  strict: {
    // Strict mode has no string lengths: each bound is a note.
    LengthModel: object({
      code: { type: 'string', description: '(at least 2 characters) (at most 5 characters)' },
      title: { type: 'string', description: '(at least 3 characters)' },
      tag: { type: 'string', description: '(at most 4 characters)' },
      body: { type: 'string', description: '(at least 1 character)' },
    }),
    // Patterns without lookaround, backreferences or \p{…} stay.
    MatchesModel: STRING_PLAIN.MatchesModel,
    MatchesFlagsModel: STRING_PLAIN.MatchesFlagsModel,
    MatchesMultilineModel: STRING_PLAIN.MatchesMultilineModel,
    StringPatternsModel: STRING_PLAIN.StringPatternsModel,
    // A Unicode property escape is refused: that pattern is a note.
    LetterCaseModel: object({
      letters: { type: 'string', pattern: '^[A-Za-z]+$' },
      code: { type: 'string', pattern: '^[0-9A-Za-z]+$' },
      lower: { type: 'string', description: '(pattern: ^\\P{Changes_When_Lowercased}*$)' },
      upper: { type: 'string', description: '(pattern: ^\\P{Changes_When_Uppercased}*$)' },
    }),
    // uuid, email and date-time are strict formats; uri is not, so it is a note.
    UuidModel: STRING_PLAIN.UuidModel,
    EmailModel: STRING_PLAIN.EmailModel,
    UrlModel: object({ homepage: { type: 'string', description: '(format: uri)' } }),
    DateStringModel: STRING_PLAIN.DateStringModel,
    Iso8601Model: STRING_PLAIN.Iso8601Model,
    Rfc3339Model: STRING_PLAIN.Rfc3339Model,
    DateModel: STRING_PLAIN.DateModel,
  },
});

// --- arrays.catalogue.ts: of primitives, sizes, uniqueness, of classes ----------------------------

const ARRAY_PLAIN = {
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
} satisfies Record<string, JsonSchema>;

describeCatalogueFile('arrays.catalogue.ts', ARRAY_CATALOGUE, {
  plain: ARRAY_PLAIN,
  strict: {
    // minItems and maxItems are strict keywords; the nested objects already list every property.
    PrimitiveArraysModel: ARRAY_PLAIN.PrimitiveArraysModel,
    ArraySizeModel: ARRAY_PLAIN.ArraySizeModel,
    // uniqueItems is not: a note.
    ArrayUniqueModel: object({
      tags: { type: 'array', items: { type: 'string' }, description: '(items must be unique)' },
      ids: { type: 'array', items: { type: 'integer' }, description: '(items must be unique)' },
    }),
    ArrayUniqueByModel: ARRAY_PLAIN.ArrayUniqueByModel,
    // The element's length is a note on the element.
    EachModel: object({
      codes: { type: 'array', items: { type: 'string', description: '(at most 5 characters)' } },
      ids: {
        type: 'array',
        items: { type: 'string', format: 'uuid', pattern: `^(?:${uuid('4')})$` },
      },
    }),
    NestedArrayModel: ARRAY_PLAIN.NestedArrayModel,
  },
});

// --- structure.catalogue.ts: optional, nested and recursive classes, @IsInstance, inheritance -----

// The nested classes, plain (optional properties left out of `required`) and strict.
const address = object({ city: { type: 'string' }, zip: nullable({ type: 'string' }) }, ['city']);
const strictAddress = object({ city: { type: 'string' }, zip: nullable({ type: 'string' }) });

const treeNode = object(
  {
    label: { type: 'string' },
    children: { type: 'array', items: { $ref: '#/$defs/TreeNode' } },
    parent: nullable({ $ref: '#/$defs/TreeNode' }),
  },
  ['label', 'children'],
);
const strictTreeNode = object({
  label: { type: 'string' },
  children: { type: 'array', items: { $ref: '#/$defs/TreeNode' } },
  parent: nullable({ $ref: '#/$defs/TreeNode' }),
});

const author = object({
  name: { type: 'string' },
  books: {
    type: 'array',
    items: object({ title: { type: 'string' }, author: nullable({ $ref: '#/$defs/Author' }) }, [
      'title',
    ]),
  },
});
const strictAuthor = object({
  name: { type: 'string' },
  books: {
    type: 'array',
    items: object({ title: { type: 'string' }, author: nullable({ $ref: '#/$defs/Author' }) }),
  },
});

const STRUCTURE_PLAIN = {
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
} satisfies Record<string, JsonSchema>;

describeCatalogueFile('structure.catalogue.ts', STRUCTURE_CATALOGUE, {
  plain: STRUCTURE_PLAIN,
  // Every object, nested and $defs ones included, now requires all its properties; an optional
  // one stays nullable once (not wrapped again), its description outside the anyOf.
  strict: {
    OptionalModel: object({
      name: { type: 'string' },
      nickname: { description: 'What friends call them', ...nullable({ type: 'string' }) },
      age: nullable({ type: 'integer', minimum: 0 }),
      aliases: nullable({ type: 'array', items: { type: 'string' } }),
      address: { description: 'A postal address', ...nullable(strictAddress) },
    }),
    // Examples are no strict keyword: notes, after the description.
    ExamplesModel: object({
      name: { type: 'string', description: '(examples: "Ada Lovelace", "Alan Turing")' },
      age: {
        description: 'Age in years (example: 36)',
        ...nullable({ type: 'integer', minimum: 0 }),
      },
    }),
    NestedModel: object({
      home: { ...strictAddress, description: 'A postal address' },
      work: { ...strictAddress, description: 'Where they work' },
    }),
    IsInstanceModel: object({ address: { ...strictAddress, description: 'A postal address' } }),
    IsInstanceUncheckedModel: object({
      address: { ...strictAddress, description: 'A postal address' },
    }),
    // A $ref has no sibling: nullable puts it alone in its anyOf branch.
    TreeNode: { ...strictTreeNode, $defs: { TreeNode: strictTreeNode } },
    Author: { ...strictAuthor, $defs: { Author: strictAuthor } },
    DerivedRecord: object({
      id: { type: 'string' },
      label: { type: 'string', description: '(at most 5 characters)' },
      rank: nullable({ type: 'integer' }),
      extra: { type: 'string' },
    }),
  },
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
