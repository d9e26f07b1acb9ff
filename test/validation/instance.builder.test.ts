import 'reflect-metadata';
import * as classTransformer from 'class-transformer';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import { IsArray, IsDate, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { buildInstance } from '../../src/validation/instance.builder';

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

class HoldsTransformed {
  @ValidateNested() @Type(() => WithTransform) inner!: WithTransform;
}

const cases: [string, new () => object, object][] = [
  [
    'nested classes, arrays of them, defaults and extra keys',
    Person,
    {
      name: 'Ada',
      address: { street: 'Main' },
      previous: [{ street: 'Old' }, 'not an object', null],
      extra: { kept: true },
    },
  ],
  ['inherited properties', Employee, { name: 'Bo', role: 'dev', address: { street: 'x' } }],
  [
    'a class that contains itself',
    TreeNode,
    { label: 'a', children: [{ label: 'b', children: [] }] },
  ],
  ['@Transform', WithTransform, { code: 'abc' }],
  ['@Expose / @Exclude', WithExposeAndExclude, { full_name: 'Ada L', secret: 's' }],
  ['@Type(() => Date)', WithDate, { when: '2024-01-02T03:04:05Z' }],
  ['a nested class that needs class-transformer', HoldsTransformed, { inner: { code: 'x' } }],
];

describe('buildInstance', () => {
  it.each(cases)('builds what class-transformer builds: %s', (_, model, plain) => {
    const expected = classTransformer.plainToInstance(model, structuredClone(plain));

    const built = buildInstance(model, structuredClone(plain));

    expect(built).toEqual(expected);
    expect(built).toBeInstanceOf(model);
  });

  it('keeps nested instances of the declared classes', () => {
    const person = buildInstance(Person, {
      address: { street: 'Main' },
      previous: [{ street: 'Old' }],
    });

    expect(person.address).toBeInstanceOf(Address);
    expect(person.previous[0]).toBeInstanceOf(Address);
    expect(person.age).toBe(30);
  });

  it('skips class-transformer for plain @Type trees and uses it for everything else', () => {
    const spy = jest.spyOn(classTransformer, 'plainToInstance');
    try {
      buildInstance(Person, { name: 'x' });
      buildInstance(TreeNode, { label: 'x' });
      expect(spy).not.toHaveBeenCalled();

      buildInstance(WithTransform, { code: 'x' });
      buildInstance(WithExposeAndExclude, { full_name: 'x' });
      buildInstance(WithDate, { when: '2024-01-01' });
      buildInstance(HoldsTransformed, { inner: { code: 'x' } });
      expect(spy).toHaveBeenCalledTimes(4);
    } finally {
      spy.mockRestore();
    }
  });
});
