import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { buildClassSchema } from '../../src/schema';

const loose = { strict: false };

describe('buildClassSchema: optional, arrays, nesting, recursion, inheritance', () => {
  it('leaves @IsOptional properties out of required and lets them be null, as class-validator does', () => {
    class Profile {
      @IsString() name!: string;
      @IsOptional() @IsString() nickname?: string;
      @IsInt() @IsOptional() age?: number | null;
    }

    expect(buildClassSchema(Profile, loose)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        nickname: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        age: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
      },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('maps arrays of primitives: each-validators type the elements, array validators the array', () => {
    class Post {
      @IsArray() @IsString({ each: true }) @MaxLength(20, { each: true }) tags!: string[];
      @IsInt({ each: true })
      @Max(5, { each: true })
      @ArrayMinSize(1)
      @ArrayMaxSize(3)
      ratings!: number[];
      @IsArray() @Type(() => String) aliases!: string[];
    }

    expect(buildClassSchema(Post, loose).properties).toEqual({
      tags: { type: 'array', items: { type: 'string', maxLength: 20 } },
      ratings: { type: 'array', items: { type: 'integer', maximum: 5 }, minItems: 1, maxItems: 3 },
      aliases: { type: 'array', items: { type: 'string' } },
    });
  });

  it('inlines nested classes declared with @ValidateNested and @Type', () => {
    class Address {
      @IsString() city!: string;
    }
    class Geo {
      @IsInt() lat!: number;
    }
    class Company {
      @ValidateNested() @Type(() => Address) headquarters!: Address;
      @ValidateNested() @Type(() => Geo) location!: Geo;
      @IsOptional() @ValidateNested() @Type(() => Address) billing?: Address;
    }

    const address = {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    };
    expect(buildClassSchema(Company, loose)).toEqual({
      type: 'object',
      properties: {
        headquarters: address,
        location: {
          type: 'object',
          properties: { lat: { type: 'integer' } },
          required: ['lat'],
          additionalProperties: false,
        },
        billing: { anyOf: [address, { type: 'null' }] },
      },
      required: ['headquarters', 'location'],
      additionalProperties: false,
    });
  });

  it('maps arrays of nested classes', () => {
    class LineItem {
      @IsString() sku!: string;
      @IsInt() quantity!: number;
    }
    class Order {
      @ValidateNested({ each: true }) @Type(() => LineItem) @ArrayMinSize(1) items!: LineItem[];
      @IsArray() @ValidateNested() @Type(() => LineItem) extras!: LineItem[];
    }

    const lineItem = {
      type: 'object',
      properties: { sku: { type: 'string' }, quantity: { type: 'integer' } },
      required: ['sku', 'quantity'],
      additionalProperties: false,
    };
    expect(buildClassSchema(Order, loose).properties).toEqual({
      items: { type: 'array', items: lineItem, minItems: 1 },
      extras: { type: 'array', items: lineItem },
    });
  });

  it('refers to a recursive class through $defs and $ref', () => {
    class TreeNode {
      @IsString() label!: string;
      @ValidateNested({ each: true }) @Type(() => TreeNode) children!: TreeNode[];
      @IsOptional() @ValidateNested() @Type(() => TreeNode) parent?: TreeNode;
    }

    const node = {
      type: 'object',
      properties: {
        label: { type: 'string' },
        children: { type: 'array', items: { $ref: '#/$defs/TreeNode' } },
        parent: { anyOf: [{ $ref: '#/$defs/TreeNode' }, { type: 'null' }] },
      },
      required: ['label', 'children'],
      additionalProperties: false,
    };
    expect(buildClassSchema(TreeNode, loose)).toEqual({ ...node, $defs: { TreeNode: node } });
  });

  it('inlines a recursive class the first time it is met below the root', () => {
    class Category {
      @IsString() name!: string;
      @ValidateNested({ each: true }) @Type(() => Category) subcategories!: Category[];
    }
    class Catalog {
      @ValidateNested() @Type(() => Category) root!: Category;
    }

    const category = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        subcategories: { type: 'array', items: { $ref: '#/$defs/Category' } },
      },
      required: ['name', 'subcategories'],
      additionalProperties: false,
    };
    expect(buildClassSchema(Catalog, loose)).toEqual({
      type: 'object',
      properties: { root: category },
      required: ['root'],
      additionalProperties: false,
      $defs: { Category: category },
    });
  });

  it('includes inherited properties, base class first', () => {
    class Entity {
      @IsString() id!: string;
    }
    class Person extends Entity {
      @IsString() name!: string;
      @IsOptional() @IsInt() age?: number;
    }
    class Employee extends Person {
      @IsString() role!: string;
    }

    const schema = buildClassSchema(Employee, loose);

    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        age: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
        role: { type: 'string' },
      },
      required: ['id', 'name', 'role'],
      additionalProperties: false,
    });
    expect(Object.keys(schema.properties)).toEqual(['id', 'name', 'age', 'role']);
  });

  it('keeps declaration order, base class first, when the class cannot be built without arguments', () => {
    class Base {
      @IsString() id: string;
      constructor(id: string) {
        this.id = id.trim();
      }
    }
    class Article extends Base {
      @IsString() title!: string;
      @IsInt() words!: number;
    }

    expect(Object.keys(buildClassSchema(Article, loose).properties)).toEqual([
      'id',
      'title',
      'words',
    ]);
  });
});
