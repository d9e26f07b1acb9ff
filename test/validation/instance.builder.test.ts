import 'reflect-metadata';
import { inspect } from 'node:util';
import * as classTransformer from 'class-transformer';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import {
  Allow,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
  validateSync,
  type ValidatorOptions,
} from 'class-validator';
import { buildInstance } from '../../src/validation/instance.builder';

// The options the library validates with: what survives them is what a user receives.
const OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: true },
};

/** The validated instance as a user would see it (classes included) plus the errors, as text. */
function outcome(build: () => object): string {
  try {
    const instance = build();
    const errors = validateSync(instance, OPTIONS).map(
      (error) => `${error.property}:${JSON.stringify(error.constraints ?? error.children?.length)}`,
    );
    return `${inspect(instance, { depth: 10, getters: false })} errors=${errors.join(',')}`;
  } catch (error) {
    return `throws ${(error as Error).name}: ${(error as Error).message}`;
  }
}

class Tag {
  @IsString() label!: string;
}
class Address {
  @IsString() street!: string;
}
class Person {
  @IsString() name!: string;
  @IsInt() age = 30;
  @ValidateNested() @Type(() => Address) address!: Address;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Address) previous!: Address[];
}
class Employee extends Person {
  @IsString() role!: string;
}
class TreeNode {
  @IsString() label!: string;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => TreeNode) children?: TreeNode[];
}
class Grid {
  @IsArray() @ValidateNested({ each: true }) @Type(() => Tag) rows!: Tag[][];
}
class WithGetter {
  @IsString() first!: string;
  get full(): string {
    return `${this.first}!`;
  }
}
class WithAccessor {
  #name = '';
  @IsString() get name(): string {
    return this.#name;
  }
  set name(value: string) {
    this.#name = value.trim();
  }
}
class WithMethod {
  @IsString() a!: string;
  describe(): string {
    return 'method';
  }
}
class WithSet {
  @ValidateNested({ each: true }) @Type(() => Tag) tags!: Set<Tag>;
}
class WithMap {
  @ValidateNested({ each: true }) @Type(() => Tag) byName!: Map<string, Tag>;
}
class Circle {
  @IsIn(['circle']) kind!: string;
  @IsInt() r!: number;
}
class Square {
  @IsIn(['square']) kind!: string;
  @IsInt() side!: number;
}
class Drawing {
  @ValidateNested()
  @Type((options) =>
    (options?.object as { shape?: { kind?: string } }).shape?.kind === 'circle' ? Circle : Square,
  )
  shape!: Circle | Square;
}
class Deep {
  @IsString() d!: string;
}
class Inner {
  @IsString() a!: string;
  @Type(() => Deep) deep!: Deep;
  @Transform(({ value }: { value: unknown }) => String(value).toUpperCase()) code!: string;
}
class OuterObject {
  @IsObject() @Type(() => Inner) inner!: Inner;
}
class OuterNested {
  @ValidateNested() @Type(() => Inner) inner!: Inner;
}
class Loose {
  @Allow() meta!: unknown;
  @IsBoolean() ok!: boolean;
}
class WithTransform {
  @IsString() @Transform(({ value }: { value: string }) => value.toUpperCase()) code!: string;
}
class WithExposeAndExclude {
  @IsString() @Expose({ name: 'full_name' }) fullName!: string;
  @IsOptional() @Exclude() secret?: string;
}
class WithDate {
  @IsDate() @Type(() => Date) when!: Date;
}

const cases: [string, new () => object, string][] = [
  [
    'nested classes, arrays of them, defaults and extra keys',
    Person,
    '{"name":"Ada","address":{"street":"Main"},"previous":[{"street":"Old"},"x",null],"extra":{"k":1}}',
  ],
  ['inherited properties', Employee, '{"name":"Bo","role":"dev","address":{"street":"x"}}'],
  [
    'a class that contains itself',
    TreeNode,
    '{"label":"a","children":[{"label":"b","children":[]}]}',
  ],
  ['arrays of arrays', Grid, '{"rows":[[{"label":"x"}],[{"label":"y"}]]}'],
  ['an object where an array is declared', Grid, '{"rows":{"label":"x"}}'],
  ['a getter-only accessor named in the reply', WithGetter, '{"first":"a","full":"zzz"}'],
  ['a getter/setter pair', WithAccessor, '{"name":"  a  "}'],
  ['a reply key equal to a method name', WithMethod, '{"a":"x","describe":"y"}'],
  [
    'keys named like Object.prototype methods',
    WithMethod,
    '{"a":"x","hasOwnProperty":1,"toString":"s"}',
  ],
  ['a Set property', WithSet, '{"tags":[{"label":"x"}]}'],
  ['a Map property', WithMap, '{"byName":{"a":{"label":"x"}}}'],
  ['@Type choosing the class from the value', Drawing, '{"shape":{"kind":"circle","r":2}}'],
  [
    'a nested class validated only by @IsObject',
    OuterObject,
    '{"inner":{"a":"x","deep":{"d":"y"},"code":"abc"}}',
  ],
  [
    'a nested class with unvalidated @Type/@Transform',
    OuterNested,
    '{"inner":{"a":"x","deep":{"d":"y"},"code":"abc"}}',
  ],
  ['an untyped @Allow value', Loose, '{"meta":{"a":[1,{"b":2}]},"ok":true}'],
  ['@Transform', WithTransform, '{"code":"abc"}'],
  ['@Expose / @Exclude', WithExposeAndExclude, '{"full_name":"Ada L","secret":"s"}'],
  ['@Type(() => Date)', WithDate, '{"when":"2024-01-02T03:04:05Z"}'],
];

describe('buildInstance', () => {
  it.each(cases)('gives the user what class-transformer would: %s', (_, model, json) => {
    const expected = outcome(() =>
      classTransformer.plainToInstance(model, JSON.parse(json) as object),
    );

    const actual = outcome(() => buildInstance(model, JSON.parse(json) as object));

    expect(actual).toBe(expected);
  });

  it('builds a @Type property without validation rules as class-transformer does (kept when whitelist is off)', () => {
    class Loosely {
      @IsString() name!: string;
      @Type(() => Address) address!: Address;
      @Transform(({ value }: { value: unknown }) => String(value).toUpperCase()) code!: string;
    }
    const plain = { name: 'n', address: { street: 'Main' }, code: 'ab' };
    const built = buildInstance(Loosely, structuredClone(plain));
    expect(built.address).toBeInstanceOf(Address);
    expect(built.code).toBe('AB');
    expect(inspect(built)).toBe(inspect(classTransformer.plainToInstance(Loosely, plain)));
  });

  it('builds nested instances of the declared classes', () => {
    const person = buildInstance(Person, {
      address: { street: 'Main' },
      previous: [{ street: 'Old' }],
    });

    expect(person).toBeInstanceOf(Person);
    expect(person.address).toBeInstanceOf(Address);
    expect(person.previous[0]).toBeInstanceOf(Address);
    expect(person.age).toBe(30);
  });

  it('skips class-transformer for plain @Type trees and leaves the rest to it', () => {
    const spy = jest.spyOn(classTransformer, 'plainToInstance');
    try {
      buildInstance(Person, { name: 'x', address: { street: 'y' } });
      buildInstance(TreeNode, { label: 'x', children: [{ label: 'y' }] });
      buildInstance(Grid, { rows: [[{ label: 'x' }]] });
      expect(spy).not.toHaveBeenCalled();

      for (const [model, plain] of [
        [WithTransform, { code: 'x' }],
        [WithDate, { when: '2024-01-01' }],
        [WithSet, { tags: [] }],
        [Drawing, { shape: { kind: 'square', side: 1 } }],
        [OuterObject, { inner: { a: 'x' } }],
        [WithGetter, { first: 'a', full: 'b' }],
      ] as [new () => object, object][]) {
        buildInstance(model, plain);
      }
      expect(spy).toHaveBeenCalledTimes(6);
    } finally {
      spy.mockRestore();
    }
  });
});
