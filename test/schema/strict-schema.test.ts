import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { buildClassSchema, Description, type JsonSchema } from '../../src/schema';

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

  it('keeps the keywords strict mode supports and moves an unsupported format into the description', () => {
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
      code: { type: 'string', minLength: 2, maxLength: 8, pattern: '^[A-Z]+$' },
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

    expect(looseSchema).toEqual({
      type: 'object',
      properties: { label: { type: 'string' } },
      required: [],
      additionalProperties: false,
    });
    expect(strictSchema.required).toEqual(['label']);
  });
});
