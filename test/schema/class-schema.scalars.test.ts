import 'reflect-metadata';
import {
  IsBoolean,
  IsDateString,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsPositive,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { buildClassSchema } from '../../src/schema';

const loose = { strict: false };

describe('buildClassSchema: scalar properties', () => {
  it('maps a flat class to a closed object with every property required, in declaration order', () => {
    class User {
      @IsString() name!: string;
      @IsNumber() score!: number;
      @IsInt() age!: number;
      @IsBoolean() active!: boolean;
    }

    const schema = buildClassSchema(User, loose);

    expect(schema).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        score: { type: 'number' },
        age: { type: 'integer' },
        active: { type: 'boolean' },
      },
      required: ['name', 'score', 'age', 'active'],
      additionalProperties: false,
    });
    expect(Object.keys(schema.properties)).toEqual(['name', 'score', 'age', 'active']);
  });

  it('maps numeric bounds to minimum, maximum and exclusiveMinimum', () => {
    class Reading {
      @IsInt() @Min(0) @Max(120) age!: number;
      @IsNumber() @IsPositive() price!: number;
    }

    expect(buildClassSchema(Reading, loose).properties).toEqual({
      age: { type: 'integer', minimum: 0, maximum: 120 },
      price: { type: 'number', exclusiveMinimum: 0 },
    });
  });

  it('maps string length, pattern and non-emptiness', () => {
    class Text {
      @IsString() @Length(2, 10) code!: string;
      @IsString() @MinLength(3) @MaxLength(40) title!: string;
      @IsString() @Matches(/^[a-z]+-\d+$/) slug!: string;
      @IsString() @Matches('^\\d{4}$') year!: string;
      @IsString() @IsNotEmpty() body!: string;
      @IsString() @IsNotEmpty() @MinLength(5) summary!: string;
    }

    expect(buildClassSchema(Text, loose).properties).toEqual({
      code: { type: 'string', minLength: 2, maxLength: 10 },
      title: { type: 'string', minLength: 3, maxLength: 40 },
      slug: { type: 'string', pattern: '^[a-z]+-\\d+$' },
      year: { type: 'string', pattern: '^\\d{4}$' },
      body: { type: 'string', minLength: 1 },
      summary: { type: 'string', minLength: 5 },
    });
  });

  it('maps string format validators to formats, typing the property as a string by themselves', () => {
    class Contact {
      @IsEmail() email!: string;
      @IsUrl() homepage!: string;
      @IsUUID() id!: string;
      @IsDateString() createdAt!: string;
      @IsISO8601() updatedAt!: string;
    }

    expect(buildClassSchema(Contact, loose).properties).toEqual({
      email: { type: 'string', format: 'email' },
      homepage: { type: 'string', format: 'uri' },
      // format uuid also takes `urn:uuid:` and any version; the pattern is validator.js's.
      id: {
        type: 'string',
        format: 'uuid',
        pattern:
          '^(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[1-8][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}|' +
          '00000000-0000-0000-0000-000000000000|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$',
      },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    });
  });

  it('lists the values of string and numeric enums, without the reverse mapping of numeric ones', () => {
    enum Color {
      Red = 'red',
      Green = 'green',
    }
    enum Priority {
      Low,
      High = 5,
    }
    class Ticket {
      @IsEnum(Color) color!: Color;
      @IsEnum(Priority) priority!: Priority;
    }

    expect(buildClassSchema(Ticket, loose).properties).toEqual({
      color: { type: 'string', enum: ['red', 'green'] },
      priority: { type: 'integer', enum: [0, 5] },
    });
  });

  it('maps @IsIn to an enum typed by its values, and leaves mixed lists untyped', () => {
    class Choice {
      @IsIn(['small', 'large']) size!: string;
      @IsIn([1, 2, 3]) stars!: number;
      @IsIn(['auto', 0]) mode!: string | number;
    }

    expect(buildClassSchema(Choice, loose).properties).toEqual({
      size: { type: 'string', enum: ['small', 'large'] },
      stars: { type: 'integer', enum: [1, 2, 3] },
      mode: { enum: ['auto', 0] },
    });
  });

  it('types a property with only custom or unmapped validators from its TypeScript type', () => {
    class Loose {
      @Min(1) count!: number;
      @IsNotEmpty() label!: string;
      @IsNotEmpty() flag!: boolean;
      @IsNotEmpty() when!: Date;
    }

    expect(buildClassSchema(Loose, loose).properties).toEqual({
      count: { type: 'number', minimum: 1 },
      label: { type: 'string', minLength: 1 },
      flag: { type: 'boolean' },
      when: { type: 'string', format: 'date-time', minLength: 1 },
    });
  });

  it('lets @IsInt refine @IsNumber and @Min', () => {
    class Mixed {
      @IsNumber() @IsInt() count!: number;
      @Min(0) @IsInt() floor!: number;
    }

    expect(buildClassSchema(Mixed, loose).properties).toEqual({
      count: { type: 'integer' },
      floor: { type: 'integer', minimum: 0 },
    });
  });

  it('refuses string validators on a number: class-validator checks the type in each of them', () => {
    class Impossible {
      @IsInt() @MinLength(3) odd!: number;
    }

    expect(() => buildClassSchema(Impossible, loose)).toThrow(
      /Impossible\.odd has validators that require different JSON types \((integer, string|string, integer)\), so no value passes them all/,
    );
  });

  it('refuses validators that demand two different JSON types', () => {
    class Conflicting {
      @IsString() @IsInt() value!: string;
    }

    expect(() => buildClassSchema(Conflicting, loose)).toThrow(
      /Conflicting\.value has validators that require different JSON types \((integer, string|string, integer)\)/,
    );
  });
});
