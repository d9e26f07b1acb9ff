import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsDateString,
  IsEmail,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConfigurationError } from '../../src/errors';
import {
  buildClassSchema,
  Description,
  type ClassConstructor,
  type JsonObjectSchema,
  type JsonSchema,
} from '../../src/schema';
import { ClassSchemaBuilder } from '../../src/schema/class-schema.builder';
import { strictSchemaViolations } from '../../src/schema/openai-strict.rules';
import { toStrictSchema } from '../../src/schema/strict-schema';

const strict = { strict: true };

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

describe('buildClassSchema with strict: true (OpenAI structured outputs)', () => {
  it('requires every property and turns optional ones into anyOf [T, null] with the description outside', () => {
    class Profile {
      @IsString() name!: string;
      @IsOptional() @IsString() @Description('What friends call them') nickname?: string;
      @IsOptional() @IsInt() @Min(0) age?: number;
    }

    expect(buildClassSchema(Profile, strict)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        nickname: {
          description: 'What friends call them',
          anyOf: [{ type: 'string' }, { type: 'null' }],
        },
        age: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
      },
      required: ['name', 'nickname', 'age'],
      additionalProperties: false,
    });
  });

  it('closes and fully requires nested objects, array elements and optional nested objects', () => {
    @Description('A postal address')
    class Address {
      @IsString() city!: string;
      @IsOptional() @IsString() zip?: string;
    }
    class Person {
      @ValidateNested() @Type(() => Address) home!: Address;
      @IsOptional() @ValidateNested() @Type(() => Address) work?: Address;
      @ValidateNested({ each: true }) @Type(() => Address) previous!: Address[];
    }

    const address = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        zip: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      required: ['city', 'zip'],
      additionalProperties: false,
    };
    expect(buildClassSchema(Person, strict)).toEqual({
      type: 'object',
      properties: {
        home: { ...address, description: 'A postal address' },
        work: { description: 'A postal address', anyOf: [address, { type: 'null' }] },
        previous: { type: 'array', items: { ...address, description: 'A postal address' } },
      },
      required: ['home', 'work', 'previous'],
      additionalProperties: false,
    });
  });

  it('makes every $defs entry strict and unravels a $ref that carries a description', () => {
    class TreeNode {
      @IsString() label!: string;
      @ValidateNested({ each: true }) @Type(() => TreeNode) children!: TreeNode[];
      @IsOptional() @ValidateNested() @Type(() => TreeNode) @Description('Up') parent?: TreeNode;
    }

    const node = {
      type: 'object',
      properties: {
        label: { type: 'string' },
        children: { type: 'array', items: { $ref: '#/$defs/TreeNode' } },
        parent: { description: 'Up', anyOf: [{ $ref: '#/$defs/TreeNode' }, { type: 'null' }] },
      },
      required: ['label', 'children', 'parent'],
      additionalProperties: false,
    };
    expect(buildClassSchema(TreeNode, strict)).toEqual({ ...node, $defs: { TreeNode: node } });
  });

  it('moves the description of a required self-reference off its $ref', () => {
    class Chain {
      @IsString() value!: string;
      @ValidateNested() @Type(() => Chain) @Description('The next link') next!: Chain;
    }

    expect(buildClassSchema(Chain, strict).properties.next).toEqual({
      description: 'The next link',
      anyOf: [{ $ref: '#/$defs/Chain' }],
    });
  });

  // Changed deliberately (issue 11): minLength/maxLength now move into the description too, since
  // OpenAI's list of supported string keywords names only pattern and format.
  it('keeps the keywords strict mode supports and moves the refused ones (a uri format, string lengths) into the description', () => {
    enum Kind {
      A = 'a',
      B = 'b',
    }
    class Contact {
      @IsEmail() email!: string;
      @IsString() @Length(2, 8) @Matches(/^[A-Z]+$/) code!: string;
      @IsEnum(Kind) kind!: Kind;
      @IsUrl() homepage!: string;
      @IsUrl() @Description('Profile page') profile!: string;
      @IsOptional() @IsUrl() @Description('Blog') blog?: string;
    }

    expect(buildClassSchema(Contact, strict).properties).toEqual({
      email: { type: 'string', format: 'email' },
      code: {
        type: 'string',
        pattern: '^[A-Z]+$',
        description: '(at least 2 characters) (at most 8 characters)',
      },
      kind: { type: 'string', enum: ['a', 'b'] },
      homepage: { type: 'string', description: '(format: uri)' },
      profile: { type: 'string', description: 'Profile page (format: uri)' },
      blog: { description: 'Blog (format: uri)', anyOf: [{ type: 'string' }, { type: 'null' }] },
    });
  });

  it('leaves no object open or with an unlisted property anywhere', () => {
    class Leaf {
      @IsOptional() @IsString() note?: string;
    }
    class Branch {
      @IsOptional() @ValidateNested({ each: true }) @Type(() => Leaf) leaves?: Leaf[];
      @IsOptional() @ValidateNested() @Type(() => Branch) next?: Branch;
    }
    class Root {
      @IsOptional() @ValidateNested() @Type(() => Branch) branch?: Branch;
    }

    const objects = objectSchemas(buildClassSchema(Root, strict));

    expect(objects.length).toBeGreaterThanOrEqual(4);
    for (const object of objects) {
      expect(object.additionalProperties).toBe(false);
      expect(object.required).toEqual(Object.keys(object.properties ?? {}));
    }
  });

  it('does not change the non-strict schema of the same class', () => {
    class Item {
      @IsOptional() @IsString() label?: string;
    }

    const strictSchema = buildClassSchema(Item, strict);
    const looseSchema = buildClassSchema(Item, { strict: false });

    // Compared with a fresh plain build rather than a literal: the plain form of @IsOptional is
    // another file's business (it is becoming anyOf [T, null]); here it only must stay untouched.
    expect(looseSchema).toEqual(new ClassSchemaBuilder().build(Item));
    expect(looseSchema.required).toEqual([]);
    expect(strictSchema.required).toEqual(['label']);
  });
});

/** A plain (non-strict) root schema: closed, with `required` listing the required properties. */
function plainObject(
  properties: Record<string, JsonSchema>,
  required: readonly string[] = Object.keys(properties),
): JsonObjectSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** A chain of `levels` classes, each with a label and (but the last) an optional `next` below. */
function optionalChain(levels: number): ClassConstructor {
  let below: ClassConstructor | undefined;
  for (let level = levels; level >= 1; level -= 1) {
    const name = `Level${level}`;
    const model: ClassConstructor = { [name]: class {} }[name] ?? class {};
    const prototype = model.prototype as object;
    IsString()(prototype, 'label');
    const next = below;
    if (next !== undefined) {
      IsOptional()(prototype, 'next');
      ValidateNested()(prototype, 'next');
      Type(() => next)(prototype, 'next');
    }
    below = model;
  }
  if (below === undefined) throw new Error('a chain needs a level');
  return below;
}

/** A class with `count` string properties p0, p1, … */
function wideModel(count: number): ClassConstructor {
  const model = class Wide {};
  for (let index = 0; index < count; index += 1) IsString()(model.prototype, `p${index}`);
  return model;
}

describe('toStrictSchema: what strict mode refuses moves into the description', () => {
  it('moves a lookaround pattern, string lengths, examples and uniqueItems, the notes after the description in a fixed order', () => {
    const plain = plainObject({
      code: {
        type: 'string',
        description: 'Product code',
        pattern: '^(?!X)[A-Z]+$',
        minLength: 1,
        maxLength: 8,
        examples: ['AB12'],
      },
      tags: {
        type: 'array',
        items: { type: 'string', format: 'uri', examples: ['https://a.example', 'b'] },
        uniqueItems: true,
        minItems: 1,
      },
      flags: { type: 'array', items: { type: 'boolean' }, uniqueItems: false },
      amount: { type: 'number', multipleOf: 0.01, minimum: 0, examples: [9.99] },
    });

    expect(toStrictSchema(plain).properties).toEqual({
      code: {
        type: 'string',
        description:
          'Product code (pattern: ^(?!X)[A-Z]+$) (at least 1 character) (at most 8 characters) (example: "AB12")',
      },
      tags: {
        type: 'array',
        items: {
          type: 'string',
          description: '(format: uri) (examples: "https://a.example", "b")',
        },
        minItems: 1,
        description: '(items must be unique)',
      },
      // uniqueItems: false constrains nothing: it goes without a note.
      flags: { type: 'array', items: { type: 'boolean' } },
      amount: { type: 'number', multipleOf: 0.01, minimum: 0, description: '(example: 9.99)' },
    });
  });

  it('keeps what strict mode supports: a plain pattern, supported formats, numeric and array bounds, const', () => {
    const supported = plainObject({
      code: { type: 'string', pattern: '^[A-Z]{2}\\d+$', format: 'hostname' },
      score: { type: 'integer', minimum: 1, maximum: 5, exclusiveMaximum: 6, multipleOf: 1 },
      list: { type: 'array', items: { type: 'string', const: 'x' }, minItems: 1, maxItems: 3 },
    });

    expect(toStrictSchema(supported)).toEqual(supported);
  });

  it('puts the notes of an optional property on the outer schema, next to its description', () => {
    class Profile {
      @IsOptional() @IsString() @Length(3, 30) @Description('Public name') handle?: string;
      @IsOptional() @IsDateString() @IsNotEmpty() joined?: string;
    }

    expect(buildClassSchema(Profile, strict).properties).toEqual({
      handle: {
        description: 'Public name (at least 3 characters) (at most 30 characters)',
        anyOf: [{ type: 'string' }, { type: 'null' }],
      },
      joined: {
        description: '(at least 1 character)',
        anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }],
      },
    });
  });

  it('moves examples off a $ref into the description, then the description off the $ref', () => {
    const plain: JsonObjectSchema = {
      ...plainObject({ next: { $ref: '#/$defs/Node', examples: [{ label: 'a' }] } }),
      $defs: { Node: plainObject({ label: { type: 'string' } }) },
    };

    expect(toStrictSchema(plain).properties.next).toEqual({
      description: '(example: {"label":"a"})',
      anyOf: [{ $ref: '#/$defs/Node' }],
    });
  });
});

describe('toStrictSchema: optional properties the plain schema already made nullable', () => {
  const unwrapped = plainObject(
    {
      name: { type: 'string' },
      blog: { type: 'string', format: 'uri', description: 'Blog' },
      home: { ...plainObject({ city: { type: 'string' } }), description: 'A postal address' },
    },
    ['name'],
  );
  // The plain form of @IsOptional in the making: anyOf [T, null], description outside, not required.
  const wrapped = plainObject(
    {
      name: { type: 'string' },
      blog: { description: 'Blog', anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }] },
      home: {
        description: 'A postal address',
        anyOf: [plainObject({ city: { type: 'string' } }), { type: 'null' }],
      },
    },
    ['name'],
  );
  const expected = {
    name: { type: 'string' },
    blog: { description: 'Blog (format: uri)', anyOf: [{ type: 'string' }, { type: 'null' }] },
    home: {
      description: 'A postal address',
      anyOf: [plainObject({ city: { type: 'string' } }), { type: 'null' }],
    },
  };

  it('does not wrap them a second time, and gives the same result as for the unwrapped form', () => {
    expect(toStrictSchema(wrapped).properties).toEqual(expected);
    expect(toStrictSchema(unwrapped).properties).toEqual(expected);
    expect(toStrictSchema(wrapped).required).toEqual(['name', 'blog', 'home']);
  });

  it('lifts a description inside the non-null branch to the outer schema', () => {
    const innerDescription = plainObject(
      {
        home: {
          anyOf: [
            { ...plainObject({ city: { type: 'string' } }), description: 'A postal address' },
            { type: 'null' },
          ],
        },
      },
      [],
    );

    expect(toStrictSchema(innerDescription).properties.home).toEqual(expected.home);
  });

  it('adds null to an optional union of its own, and leaves a union that already admits null', () => {
    const unions = plainObject(
      {
        either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        maybe: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
      },
      [],
    );

    expect(toStrictSchema(unions).properties).toEqual({
      either: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
      maybe: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
    });
  });
});

describe('toStrictSchema is idempotent', () => {
  enum Kind {
    A = 'a',
    B = 'b',
  }
  class Leaf {
    @IsOptional() @IsUrl() @Description('Link') link?: string;
    @IsString() @Length(1, 5) code!: string;
  }
  class TreeNode {
    @IsEnum(Kind) kind!: Kind;
    @ValidateNested({ each: true }) @Type(() => TreeNode) children!: TreeNode[];
    @ValidateNested() @Type(() => TreeNode) @Description('Up') parent!: TreeNode;
    @IsOptional() @ValidateNested() @Type(() => Leaf) leaf?: Leaf;
  }

  it.each([
    ['a class with optional, moved and nested properties', Leaf],
    ['a recursive class with $defs and a described $ref', TreeNode],
  ])('%s: a strict schema comes back equal', (_label, model) => {
    const strictSchema = buildClassSchema(model, strict);

    expect(toStrictSchema(strictSchema)).toEqual(strictSchema);
    expect(strictSchemaViolations(strictSchema)).toEqual([]);
  });

  it('a plain schema with every kind of move settles after one pass', () => {
    const plain = plainObject(
      {
        code: { type: 'string', pattern: '(?<=a)b', minLength: 1, examples: ['ab'] },
        list: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        maybe: { description: 'M', anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }] },
      },
      ['code', 'list'],
    );
    const once = toStrictSchema(plain);

    expect(toStrictSchema(once)).toEqual(once);
  });
});

describe('toStrictSchema: what cannot move is a ConfigurationError naming the rule', () => {
  it('an open object (@IsObject) breaks "closed-object"', () => {
    class Settings {
      @IsString() name!: string;
      @IsObject() values!: Record<string, string>;
    }

    expect(() => buildClassSchema(Settings, strict)).toThrow(ConfigurationError);
    expect(() => buildClassSchema(Settings, strict)).toThrow(
      'The strict schema of Settings breaks OpenAI\'s strict-mode rule "closed-object" at ' +
        'Settings.values (#/properties/values): an object declares no properties.',
    );
  });

  it('a value of any type breaks "typed-value", named by its path when the model name is given', () => {
    const plain = plainObject({ address: plainObject({ extra: { description: 'Anything' } }) });

    expect(() => toStrictSchema(plain, 'User')).toThrow(
      'The strict schema of User breaks OpenAI\'s strict-mode rule "typed-value" at ' +
        'User.address.extra (#/properties/address/properties/extra): it accepts any value. ' +
        'Strict modes (TOOLS_STRICT, JSON_SCHEMA) need a JSON type for every value.',
    );
  });

  it('nesting: five optional nested classes fit in 10 levels, six do not', () => {
    // Each optional nested class costs two levels: its anyOf wrapper and the object inside.
    expect(strictSchemaViolations(buildClassSchema(optionalChain(5), strict))).toEqual([]);
    expect(() => buildClassSchema(optionalChain(6), strict)).toThrow(
      `rule "max-nesting-depth" at Level1.next.next.next.next.next.label ` +
        `(#${'/properties/next/anyOf/0'.repeat(5)}/properties/label): it is 11 levels deep`,
    );
  });

  it('size: 5000 properties fit, 5001 do not', () => {
    expect(Object.keys(buildClassSchema(wideModel(5000), strict).properties)).toHaveLength(5000);
    expect(() => buildClassSchema(wideModel(5001), strict)).toThrow(
      'rule "max-object-properties" at Wide (#): it has 5001 (limit 5000)',
    );
  });
});
