import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { buildClassSchema } from '../../src/schema';

class Base {
  @IsInt() @Min(0) @Max(10) level!: number;
  @IsString() @MaxLength(20) name!: string;
}

class Derived extends Base {
  // A subclass may override: its own validators of a kind replace the parent's on the property.
  @IsInt() @Min(5) declare level: number;
  @IsString() extra!: string;
}

class Part {
  @IsString() @MaxLength(3, { groups: ['short'] }) code!: string;
}

class Order {
  @IsString() id!: string;
  @IsInt({ groups: ['audit'] }) revision!: number;
  @ValidateNested() @Type(() => Part) part!: Part;
}

describe('schema views: inheritance, groups and skipped values', () => {
  it('a subclass inherits its parent properties and constraints, base fields first', () => {
    expect(buildClassSchema(Derived, { strict: false })).toEqual({
      type: 'object',
      properties: {
        level: { type: 'integer', minimum: 5 },
        name: { type: 'string', maxLength: 20 },
        extra: { type: 'string' },
      },
      required: ['level', 'name', 'extra'],
      additionalProperties: false,
    });
    // The parent is unchanged by its subclass.
    expect(buildClassSchema(Base, { strict: false }).properties.level).toEqual({
      type: 'integer',
      minimum: 0,
      maximum: 10,
    });
  });

  it('without groups describes every validator, grouped ones included (what class-validator runs)', () => {
    const schema = buildClassSchema(Order, { strict: false });
    expect(Object.keys(schema.properties)).toEqual(['id', 'revision', 'part']);
    expect(schema.properties.part).toMatchObject({
      properties: { code: { type: 'string', maxLength: 3 } },
    });
  });

  it('with groups describes only the validators in them, nested classes included', () => {
    const audit = buildClassSchema(Order, {
      strict: false,
      validatorOptions: { groups: ['audit'], always: true },
    });
    expect(audit).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        revision: { type: 'integer' },
        part: {
          type: 'object',
          properties: { code: { type: 'string' } },
          required: ['code'],
          additionalProperties: false,
        },
      },
      required: ['id', 'revision', 'part'],
      additionalProperties: false,
    });
    // Without `always`, class-validator runs no ungrouped validator: whitelist strips those fields.
    expect(
      buildClassSchema(Order, { strict: false, validatorOptions: { groups: ['audit'] } }),
    ).toEqual({
      type: 'object',
      properties: { revision: { type: 'integer' } },
      required: ['revision'],
      additionalProperties: false,
    });
  });

  it('strictGroups without groups leaves the grouped validators out', () => {
    const schema = buildClassSchema(Order, {
      strict: false,
      validatorOptions: { strictGroups: true },
    });
    expect(Object.keys(schema.properties)).toEqual(['id', 'part']);
    expect(schema.properties.part).toMatchObject({ properties: { code: { type: 'string' } } });
    expect(JSON.stringify(schema)).not.toContain('maxLength');
  });

  it.each(['skipMissingProperties', 'skipUndefinedProperties'] as const)(
    '%s makes every property optional',
    (option) => {
      const schema = buildClassSchema(Base, {
        strict: false,
        validatorOptions: { [option]: true },
      });
      expect(schema.required).toEqual([]);
    },
  );

  it('skipNullProperties keeps every property required but lets it be null', () => {
    const schema = buildClassSchema(Base, {
      strict: false,
      validatorOptions: { skipNullProperties: true },
    });
    expect(schema.required).toEqual(['level', 'name']);
    expect(schema.properties.name).toEqual({
      anyOf: [{ type: 'string', maxLength: 20 }, { type: 'null' }],
    });
  });

  it('caches one frozen schema per view, and options that select nothing new share it', () => {
    const plain = buildClassSchema(Order, { strict: false });
    expect(buildClassSchema(Order, { strict: false, validatorOptions: { whitelist: false } })).toBe(
      plain,
    );
    const audit = buildClassSchema(Order, {
      strict: false,
      validatorOptions: { groups: ['audit'], always: true },
    });
    expect(
      buildClassSchema(Order, {
        strict: false,
        validatorOptions: { always: true, groups: ['audit', 'audit'] },
      }),
    ).toBe(audit);
    expect(audit).not.toBe(plain);
    expect(Object.isFrozen(audit.properties)).toBe(true);
  });
});

describe('groups that select nothing', () => {
  it('are a ConfigurationError saying so, not "no decorated properties"', () => {
    expect(() =>
      buildClassSchema(Base, { strict: false, validatorOptions: { groups: ['nothing'] } }),
    ).toThrow(
      'validatorOptions with groups ["nothing"] select none of Base\'s validators, so its schema ' +
        'would be empty and whitelist would strip every field. class-validator runs only the ' +
        'validators listed in the groups (add `always: true` to run the ungrouped ones too).',
    );
  });
});
