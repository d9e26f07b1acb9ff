import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { buildClassSchema, Description, getClassDescription } from '../../src/schema';

describe('@Description', () => {
  it('describes the class at the top level and each described property', () => {
    @Description('A person mentioned in the text')
    class User {
      @IsString() name!: string;
      @IsInt() @Description('Age in whole years') age!: number;
    }

    expect(getClassDescription(User)).toBe('A person mentioned in the text');
    expect(buildClassSchema(User, { strict: false })).toEqual({
      type: 'object',
      description: 'A person mentioned in the text',
      properties: {
        name: { type: 'string' },
        age: { type: 'integer', description: 'Age in whole years' },
      },
      required: ['name', 'age'],
      additionalProperties: false,
    });
  });

  it('returns undefined for an undescribed class and does not inherit a parent class description', () => {
    @Description('Base')
    class Base {
      @IsString() id!: string;
    }
    class Derived extends Base {}

    expect(getClassDescription(Base)).toBe('Base');
    expect(getClassDescription(Derived)).toBeUndefined();
    expect(buildClassSchema(Derived, { strict: false }).description).toBeUndefined();
  });

  it('inherits property descriptions and lets a subclass override them', () => {
    class Base {
      @IsString() @Description('Identifier') id!: string;
      @IsString() @Description('Old wording') title!: string;
    }
    class Derived extends Base {
      @Description('New wording') declare title: string;
    }

    expect(buildClassSchema(Derived, { strict: false }).properties).toEqual({
      id: { type: 'string', description: 'Identifier' },
      title: { type: 'string', description: 'New wording' },
    });
  });

  it("describes nested classes, the property's own description taking precedence", () => {
    @Description('A postal address')
    class Address {
      @IsString() city!: string;
    }
    class Person {
      @ValidateNested() @Type(() => Address) home!: Address;
      @ValidateNested() @Type(() => Address) @Description('Where letters go') mailing!: Address;
      @ValidateNested({ each: true })
      @Type(() => Address)
      @Description('Past homes')
      previous!: Address[];
    }

    const address = {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    };
    expect(buildClassSchema(Person, { strict: false }).properties).toEqual({
      home: { ...address, description: 'A postal address' },
      mailing: { ...address, description: 'Where letters go' },
      previous: {
        type: 'array',
        items: { ...address, description: 'A postal address' },
        description: 'Past homes',
      },
    });
  });

  it('types a described property whose validators fix no type from its TypeScript type', () => {
    class Note {
      @IsString() @Description('The note text') text!: string;
      @IsOptional() @Description('Stars') stars?: number;
    }

    expect(buildClassSchema(Note, { strict: false }).properties).toEqual({
      text: { type: 'string', description: 'The note text' },
      stars: { description: 'Stars', anyOf: [{ type: 'number' }, { type: 'null' }] },
    });
  });

  it('does not compile on methods, accessors, parameters or without text', () => {
    // Each misuse below is a compile error (ts-jest type-checks this file); running it is harmless.
    class Misused {
      // @ts-expect-error methods cannot be described
      @Description('no')
      method(): void {}

      // @ts-expect-error accessors cannot be described
      @Description('no')
      get value(): string {
        return '';
      }

      // @ts-expect-error parameters cannot be described
      constructor(@Description('no') _input?: string) {}
    }
    // @ts-expect-error the text is required
    const withoutText = (): unknown => Description();

    expect(Misused).toBeDefined();
    expect(withoutText).toBeDefined();
  });
});
