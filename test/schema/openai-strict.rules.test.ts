import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../../src/errors';
import { buildClassSchema, type ClassConstructor, type JsonSchema } from '../../src/schema';
import {
  checkStrictSchema,
  STRICT_FORMATS,
  STRICT_KEYWORDS_BY_TYPE,
  STRICT_LIMITS,
  STRICT_RULES,
  strictSchemaViolations,
  type StrictRuleName,
} from '../../src/schema/openai-strict.rules';
import { toStrictSchema } from '../../src/schema/strict-schema';
import { CATALOGUE } from './catalogue';

/** A closed root object with these properties, all required. */
function objectOf(properties: Record<string, JsonSchema>): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

/** `count` string properties named p0, p1, … */
function flatObject(count: number): JsonSchema {
  return objectOf(
    Object.fromEntries(
      Array.from({ length: count }, (_, index) => [`p${index}`, { type: 'string' }]),
    ),
  );
}

/** Objects nested through a `next` property, with a string leaf `depth` levels below the root. */
function chainOf(depth: number): JsonSchema {
  let node: JsonSchema = { type: 'string' };
  for (let level = depth - 1; level >= 0; level -= 1) node = objectOf({ next: node });
  return node;
}

/** The rules broken, in walk order. */
function rulesBroken(schema: JsonSchema): StrictRuleName[] {
  return strictSchemaViolations(schema).map((violation) => violation.rule);
}

/** A schema with properties whose names total exactly `length` characters (1000 per name). */
function namesTotalling(length: number): Record<string, JsonSchema> {
  const properties: Record<string, JsonSchema> = {};
  for (let index = 0; length > 0; index += 1) {
    const size = Math.min(1000, length);
    properties[String(index).padStart(4, '0').slice(0, size).padEnd(size, 'x')] = {
      type: 'string',
    };
    length -= size;
  }
  return properties;
}

describe('the strict rules as data', () => {
  it('name their source and the numbers OpenAI documents', () => {
    for (const rule of Object.values(STRICT_RULES)) {
      expect(rule.source).not.toBe('');
      expect(rule.remedy).not.toBe('');
    }
    expect(STRICT_LIMITS).toEqual({
      maxNestingDepth: 10,
      maxObjectProperties: 5000,
      maxTotalStringLength: 120_000,
      maxEnumValues: 1000,
      largeEnumValueCount: 250,
      maxLargeEnumStringLength: 15_000,
    });
    expect([...STRICT_FORMATS]).toEqual([
      'date-time',
      'time',
      'date',
      'duration',
      'email',
      'hostname',
      'ipv4',
      'ipv6',
      'uuid',
    ]);
  });
});

describe('strictSchemaViolations: size limits, just inside and just outside', () => {
  it('max-object-properties: 5000 properties in total pass, 5001 do not', () => {
    expect(rulesBroken(flatObject(5000))).toEqual([]);
    expect(strictSchemaViolations(flatObject(5001))).toEqual([
      {
        rule: 'max-object-properties',
        pointer: '#',
        path: '',
        detail: 'it has 5001 (limit 5000)',
      },
    ]);
  });

  it('max-object-properties counts nested objects and $defs entries too', () => {
    const schema: JsonSchema = {
      ...objectOf({ ...flatObject(2498).properties, inner: flatObject(1) }),
      $defs: { Extra: flatObject(2500) },
    };

    expect(rulesBroken(schema)).toEqual([]); // 2498 + inner + 1 + 2500 = 5000
    expect(rulesBroken({ ...schema, $defs: { Extra: flatObject(2501) } })).toEqual([
      'max-object-properties',
    ]);
  });

  it('max-nesting-depth: a leaf 10 levels below the root passes, 11 levels does not', () => {
    expect(rulesBroken(chainOf(10))).toEqual([]);
    expect(strictSchemaViolations(chainOf(11))).toEqual([
      {
        rule: 'max-nesting-depth',
        pointer: `#${'/properties/next'.repeat(11)}`,
        path: Array.from({ length: 11 }, () => 'next').join('.'),
        detail: 'it is 11 levels deep',
      },
    ]);
  });

  it('max-nesting-depth counts array items and anyOf branches as levels, not $ref targets', () => {
    const arrayLevels = objectOf({ list: { type: 'array', items: chainOf(8) } }); // 1 + 1 + 8
    const nullableLevels = objectOf({ maybe: { anyOf: [chainOf(8), { type: 'null' }] } });
    const referenced: JsonSchema = {
      ...objectOf({ next: { $ref: '#/$defs/Deep' } }),
      $defs: { Deep: chainOf(9) },
    };

    expect(rulesBroken(arrayLevels)).toEqual([]);
    expect(rulesBroken(objectOf({ list: { type: 'array', items: chainOf(9) } }))).toEqual([
      'max-nesting-depth',
    ]);
    expect(rulesBroken(nullableLevels)).toEqual([]);
    expect(rulesBroken(objectOf({ maybe: { anyOf: [chainOf(9), { type: 'null' }] } }))).toEqual([
      'max-nesting-depth',
    ]);
    expect(rulesBroken(referenced)).toEqual([]);
    expect(rulesBroken({ ...referenced, $defs: { Deep: chainOf(10) } })).toEqual([
      'max-nesting-depth',
    ]);
  });

  it('max-string-length: names, definition names, enum and const values total at most 120,000', () => {
    const parts = (propertyNames: number): JsonSchema => ({
      ...objectOf({
        ...namesTotalling(propertyNames),
        e: { type: 'string', enum: ['abc', 'de'] }, // "e" + 5
        c: { type: 'integer', const: 12345 }, // "c" + 5
      }),
      $defs: { Defn: flatObject(1) }, // "Defn" + "p0"
    });
    const othersLength = 1 + 5 + 1 + 5 + 4 + 2;

    expect(rulesBroken(parts(120_000 - othersLength))).toEqual([]);
    expect(strictSchemaViolations(parts(120_001 - othersLength))).toEqual([
      {
        rule: 'max-string-length',
        pointer: '#',
        path: '',
        detail: 'they total 120001 (limit 120000)',
      },
    ]);
  });

  it('max-enum-values: 1000 values across all enums pass, 1001 do not', () => {
    const numbers = (count: number): number[] => Array.from({ length: count }, (_, index) => index);
    const withEnums = (first: number, second: number): JsonSchema =>
      objectOf({
        a: { type: 'integer', enum: numbers(first) },
        b: { anyOf: [{ type: 'integer', enum: numbers(second) }, { type: 'null' }] },
      });

    expect(rulesBroken(withEnums(500, 500))).toEqual([]);
    expect(rulesBroken(withEnums(501, 500))).toEqual(['max-enum-values']);
  });

  it('max-large-enum-length: a string enum above 250 values may total 15,000 characters', () => {
    // 251 values: 250 of 60 characters and one of 0 or 1 → 15,000 / 15,001 characters.
    const values = (last: string): string[] => [
      ...Array.from({ length: 250 }, (_, index) => String(index).padStart(60, 'v')),
      last,
    ];
    const large = (last: string): JsonSchema =>
      objectOf({ code: { type: 'string', enum: values(last) } });

    expect(rulesBroken(large(''))).toEqual([]);
    expect(strictSchemaViolations(large('z'))).toEqual([
      {
        rule: 'max-large-enum-length',
        pointer: '#/properties/code/enum',
        path: 'code',
        detail: 'its 251 values total 15001 characters (limit 15000)',
      },
    ]);
    // 250 values are not "more than 250": their length is free.
    const long = Array.from({ length: 250 }, (_, index) => String(index).padStart(100, 'v'));
    expect(rulesBroken(objectOf({ code: { type: 'string', enum: long } }))).toEqual([]);
  });
});

describe('strictSchemaViolations: shape rules', () => {
  it('root-object: the root must be an object and not an anyOf', () => {
    expect(rulesBroken({ anyOf: [flatObject(1), flatObject(2)] })).toEqual(['root-object']);
    expect(rulesBroken({ type: 'string' })).toEqual(['root-object']);
  });

  it('closed-object: every object sets additionalProperties: false and declares properties', () => {
    const open: JsonSchema = {
      type: 'object',
      properties: { a: { type: 'string' } },
      required: ['a'],
    };

    expect(rulesBroken(objectOf({ nested: open }))).toEqual(['closed-object']);
    expect(strictSchemaViolations(objectOf({ bag: { type: 'object' } }))).toEqual([
      {
        rule: 'closed-object',
        pointer: '#/properties/bag',
        path: 'bag',
        detail: 'an object declares no properties',
      },
    ]);
  });

  it('all-required: every property is listed in required, and nothing else is', () => {
    const schema = objectOf({ a: { type: 'string' }, b: { type: 'string' } });

    expect(rulesBroken({ ...schema, required: ['a'] })).toEqual(['all-required']);
    expect(strictSchemaViolations({ ...schema, required: ['a', 'b', 'c'] })[0]?.detail).toBe(
      'required names c, no property',
    );
  });

  it('typed-value: a value of any type, an array without items, an empty anyOf', () => {
    expect(rulesBroken(objectOf({ value: { description: 'anything' } }))).toEqual(['typed-value']);
    expect(rulesBroken(objectOf({ list: { type: 'array' } }))).toEqual(['typed-value']);
    expect(rulesBroken(objectOf({ either: { anyOf: [] } }))).toEqual(['typed-value']);
    // A bare enum or const is typed enough.
    expect(
      rulesBroken(objectOf({ mixed: { enum: ['a', 1, null] }, fixed: { const: 'x' } })),
    ).toEqual([]);
  });

  it.each(
    Object.entries(STRICT_KEYWORDS_BY_TYPE).flatMap(([type, keywords]) =>
      keywords.map((keyword) => [type, keyword] as const),
    ),
  )('supported-keyword: type %s accepts %s', (type, keyword) => {
    const values: Record<string, unknown> = {
      type,
      description: 'd',
      enum: type === 'string' ? ['a'] : [1],
      const: type === 'string' ? 'a' : 1,
      pattern: '^a$',
      format: 'date',
      properties: { a: { type: 'string' } },
      required: ['a'],
      additionalProperties: false,
      items: { type: 'string' },
    };
    const property = { type, [keyword]: values[keyword] ?? 1 } as JsonSchema;
    const complete: JsonSchema =
      type === 'object'
        ? { ...objectOf({ a: { type: 'string' } }), ...property }
        : type === 'array'
          ? { items: { type: 'string' }, ...property }
          : property;

    expect(rulesBroken(objectOf({ value: complete }))).toEqual([]);
  });

  it.each([
    ['allOf', { allOf: [{ type: 'string' }] }],
    ['not', { not: { type: 'integer' } }],
    ['if', { if: { minLength: 1 } }],
    ['then', { then: { minLength: 1 } }],
    ['else', { else: { minLength: 1 } }],
    ['dependentRequired', { dependentRequired: { a: ['b'] } }],
    ['dependentSchemas', { dependentSchemas: { a: {} } }],
    ['minLength', { minLength: 1 }],
    ['maxLength', { maxLength: 9 }],
    ['default', { default: 'x' }],
    ['examples', { examples: ['x'] }],
    ['title', { title: 'Name' }],
  ])('supported-keyword: %s is refused on a string', (keyword, extra) => {
    const violations = strictSchemaViolations(objectOf({ name: { type: 'string', ...extra } }));

    expect(violations).toEqual([
      {
        rule: 'supported-keyword',
        pointer: '#/properties/name',
        path: 'name',
        detail: `"${keyword}" is not allowed on type string`,
      },
    ]);
  });

  it.each([
    ['uniqueItems', { type: 'array', items: { type: 'string' }, uniqueItems: true }],
    ['prefixItems', { type: 'array', items: { type: 'string' }, prefixItems: [] }],
    ['contains', { type: 'array', items: { type: 'string' }, contains: { type: 'string' } }],
    ['patternProperties', { ...objectOf({ a: { type: 'string' } }), patternProperties: {} }],
    ['minProperties', { ...objectOf({ a: { type: 'string' } }), minProperties: 1 }],
    ['maxProperties', { ...objectOf({ a: { type: 'string' } }), maxProperties: 1 }],
    ['pattern', { type: 'integer', pattern: '^1$' }],
    ['multipleOf', { type: 'string', multipleOf: 2 }],
    ['minItems', { type: 'string', minItems: 1 }],
    ['enum', { type: 'array', items: { type: 'string' }, enum: [[]] }],
    ['type', { type: 'string', anyOf: [{ type: 'string' }] }],
    ['$defs', { ...objectOf({ a: { type: 'string' } }), $defs: {} }],
  ])('supported-keyword: %s is refused where it does not belong', (keyword, property) => {
    const violations = strictSchemaViolations(objectOf({ value: property as JsonSchema }));

    expect(violations.map(({ rule, detail }) => [rule, detail.split(' ')[0]])).toEqual([
      ['supported-keyword', `"${keyword}"`],
    ]);
  });

  it.each([...STRICT_FORMATS])('supported-format: %s passes', (format) => {
    expect(rulesBroken(objectOf({ value: { type: 'string', format } }))).toEqual([]);
  });

  it.each(['uri', 'url', 'regex', 'date-time-local'])(
    'supported-format: %s is refused',
    (format) => {
      expect(strictSchemaViolations(objectOf({ value: { type: 'string', format } }))).toEqual([
        {
          rule: 'supported-format',
          pointer: '#/properties/value',
          path: 'value',
          detail: `format "${format}" is not supported`,
        },
      ]);
    },
  );

  it.each(['^[A-Z]+$', '^\\d{3}-\\d{4}$', '^\\(?=literal\\)$', '^(?:a|b)+$', '\\\\1', '^\\0$'])(
    'supported-pattern: %s passes',
    (pattern) => {
      expect(rulesBroken(objectOf({ value: { type: 'string', pattern } }))).toEqual([]);
    },
  );

  it.each([
    ['^(?=.*\\d).+$', 'lookahead'],
    ['^(?!admin).+$', 'lookahead'],
    ['(?<=\\$)\\d+', 'lookbehind'],
    ['(?<!-)\\d+', 'lookbehind'],
    ['^(a)\\1$', 'backreference'],
    ['^(?<x>a)\\k<x>$', 'backreference'],
    ['^\\p{L}+$', 'Unicode property escape'],
  ])('supported-pattern: %s is refused (%s)', (pattern, feature) => {
    expect(strictSchemaViolations(objectOf({ value: { type: 'string', pattern } }))).toEqual([
      {
        rule: 'supported-pattern',
        pointer: '#/properties/value',
        path: 'value',
        detail: `its pattern uses a ${feature}`,
      },
    ]);
  });

  it('ref-alone and ref-target: a $ref stands alone and points at # or a root definition', () => {
    const withDefs = (property: JsonSchema): JsonSchema => ({
      ...objectOf({ link: property }),
      $defs: { Node: flatObject(1) },
    });

    expect(rulesBroken(withDefs({ $ref: '#/$defs/Node' }))).toEqual([]);
    expect(rulesBroken(withDefs({ $ref: '#' }))).toEqual([]);
    expect(rulesBroken(withDefs({ description: 'd', anyOf: [{ $ref: '#/$defs/Node' }] }))).toEqual(
      [],
    );
    expect(strictSchemaViolations(withDefs({ $ref: '#/$defs/Node', description: 'd' }))).toEqual([
      {
        rule: 'ref-alone',
        pointer: '#/properties/link',
        path: 'link',
        detail: '"description" sits next to its $ref',
      },
    ]);
    expect(rulesBroken(withDefs({ $ref: '#/$defs/Missing' }))).toEqual(['ref-target']);
    expect(rulesBroken(withDefs({ $ref: 'https://example.com/schema' }))).toEqual(['ref-target']);
  });

  it('walks $defs entries and array items, with paths a reader can follow', () => {
    const schema: JsonSchema = {
      ...objectOf({
        list: { type: 'array', items: objectOf({ url: { type: 'string', format: 'uri' } }) },
      }),
      $defs: { Node: objectOf({ bag: { type: 'object' } }) },
    };

    expect(strictSchemaViolations(schema).map(({ pointer, path }) => [pointer, path])).toEqual([
      ['#/properties/list/items/properties/url', 'list[].url'],
      ['#/$defs/Node/properties/bag', '$defs.Node.bag'],
    ]);
  });
});

describe('checkStrictSchema', () => {
  it('passes a strict schema silently', () => {
    expect(() => checkStrictSchema(chainOf(10), 'Chain')).not.toThrow();
  });

  it('throws a ConfigurationError naming the rule, the property path and the JSON pointer', () => {
    const schema = objectOf({ address: objectOf({ zip: { type: 'object' } }) });

    expect(() => checkStrictSchema(schema, 'User')).toThrow(ConfigurationError);
    expect(() => checkStrictSchema(schema, 'User')).toThrow(
      'The strict schema of User breaks OpenAI\'s strict-mode rule "closed-object" at ' +
        'User.address.zip (#/properties/address/properties/zip): an object declares no ' +
        'properties. Every object must declare its properties and set additionalProperties: ' +
        'false. Replace an open object (@IsObject(), a map) with a nested class ' +
        '(@ValidateNested() and @Type(() => Class)), or use Mode.TOOLS or Mode.JSON, which ' +
        'send the schema without strict: true.',
    );
  });

  it('reports the first violation only, a definition by its own name, the pointer alone without a model name', () => {
    const schema: JsonSchema = {
      ...objectOf({ list: { type: 'array' } }),
      $defs: { Node: objectOf({ value: {} }) },
    };

    expect(() => checkStrictSchema(schema, 'Tree')).toThrow(
      /^The strict schema of Tree breaks OpenAI's strict-mode rule "typed-value" at Tree\.list \(#\/properties\/list\): an array without items\. Strict modes/,
    );
    expect(() =>
      checkStrictSchema({ ...schema, properties: { list: { type: 'string' } } }, 'Tree'),
    ).toThrow(
      /rule "typed-value" at Node\.value \(#\/\$defs\/Node\/properties\/value\): it accepts any value\. Strict modes \(TOOLS_STRICT, JSON_SCHEMA\) need a JSON type/,
    );
    expect(() => checkStrictSchema(flatObject(5001))).toThrow(
      'The strict schema breaks OpenAI\'s strict-mode rule "max-object-properties" at #: it ' +
        'has 5001 (limit 5000). A schema may have at most 5000 object properties in total. ' +
        'Split the response model, or use Mode.TOOLS or Mode.JSON, which send the schema ' +
        'without strict: true.',
    );
  });
});

/** Every class exported by the files of `folder` (and below) whose names match `files`. */
function exportedClasses(folder: string, files: RegExp): [string, ClassConstructor][] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => files.test(file) && !file.endsWith('.test.ts'))
    .flatMap((file) =>
      Object.entries(jest.requireActual<Record<string, unknown>>(join(folder, file))).filter(
        (entry): entry is [string, ClassConstructor] =>
          typeof entry[1] === 'function' && /^class\b/.test(String(entry[1])),
      ),
    );
}

/** Whether the plain (non-strict) schema builds: models it refuses are no strict-mode concern. */
function hasPlainSchema(model: ClassConstructor): boolean {
  try {
    buildClassSchema(model, { strict: false });
    return true;
  } catch {
    return false;
  }
}

describe('every strict schema the test models produce', () => {
  const models = [
    // Response models are the `*.model.ts` / `*.models.ts` files (hooks and handlers are not).
    ...exportedClasses(join(__dirname, '../fixtures'), /\.models?\.ts$/),
    ...CATALOGUE.map(({ name, model }) => [name, model] as [string, ClassConstructor]),
  ].filter(([, model]) => hasPlainSchema(model));
  // The only models strict mode cannot express: `Condition.value` accepts any JSON value, and
  // `ObjectModel.metadata` (@IsObject()) is an open object.
  const refusedByStrictRules = new Map([
    ['Condition', 'typed-value'],
    ['Query', 'typed-value'],
    ['ObjectModel', 'closed-object'],
  ]);

  it('covers the fixture models and the whole catalogue', () => {
    expect(models.length).toBeGreaterThanOrEqual(CATALOGUE.length);
    expect(models.map(([name]) => name)).toEqual(
      expect.arrayContaining(['Address', 'Contact', 'Query', 'User', 'Location', 'Note', 'Ticket']),
    );
  });

  it.each(models)(
    '%s: breaks no strict rule and is idempotent, or is refused naming the rule',
    (name, model) => {
      const refusal = refusedByStrictRules.get(name);
      if (refusal !== undefined) {
        expect(() => buildClassSchema(model, { strict: true })).toThrow(ConfigurationError);
        expect(() => buildClassSchema(model, { strict: true })).toThrow(`rule "${refusal}"`);
        return;
      }
      const strictSchema = buildClassSchema(model, { strict: true });
      expect(strictSchemaViolations(strictSchema)).toEqual([]);
      expect(toStrictSchema(strictSchema)).toEqual(strictSchema); // idempotent
    },
  );
});
