import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import { ConfigurationError, Description, Example } from '../../src';
import { buildClassSchema } from '../../src/schema';

@Description('A person')
@Example({ name: 'Ada', age: 36 })
class Person {
  @IsString() @Example('Ada Lovelace') @Example('Alan Turing') name!: string;
  @IsInt() @Description('Whole years') @Example(36) age!: number;
}

class Employee extends Person {
  @IsString() @Example('E-1') id!: string;
}

describe('@Example', () => {
  it('adds examples to properties in written order, and to the class object', () => {
    const schema = buildClassSchema(Person, { strict: false });

    expect(schema.examples).toEqual([{ name: 'Ada', age: 36 }]);
    expect(schema.properties.name).toEqual({
      type: 'string',
      examples: ['Ada Lovelace', 'Alan Turing'],
    });
    expect(schema.properties.age).toEqual({
      type: 'integer',
      description: 'Whole years',
      examples: [36],
    });
  });

  it('is inherited on properties but not on the class (like @Description)', () => {
    const schema = buildClassSchema(Employee, { strict: false });

    expect(schema.examples).toBeUndefined();
    expect(schema.properties.name?.examples).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(schema.properties.id?.examples).toEqual(['E-1']);
  });

  it('keeps a frozen copy: changing the original value later changes nothing', () => {
    const value = { tags: ['a'] };
    class Tagged {
      @IsString() @Example(value) label!: string;
    }
    value.tags.push('b');

    expect(buildClassSchema(Tagged, { strict: false }).properties.label?.examples).toEqual([
      { tags: ['a'] },
    ]);
  });

  it.each([
    [undefined, 'the value is a undefined'],
    [() => 1, 'the value is a function'],
    [Number.NaN, 'the value is NaN'],
    [{ when: new Date(0) }, '`when` is a Date, not a plain object'],
    [{ list: [1, Infinity] }, '`list.1` is Infinity'],
    [10n, 'the value is a bigint'],
  ])('refuses %p with a ConfigurationError at decoration time', (value, problem) => {
    expect(() => Example(value)).toThrow(ConfigurationError);
    expect(() => Example(value)).toThrow(`@Example(...) needs a plain JSON value, but ${problem}.`);
  });

  it('refuses a value that contains itself', () => {
    const looped: Record<string, unknown> = {};
    looped.self = looped;
    expect(() => Example(looped)).toThrow('`self` refers back to itself');
  });
});
