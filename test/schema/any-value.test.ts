import 'reflect-metadata';
import { Allow, IsDefined, IsOptional, IsString } from 'class-validator';
import { ConfigurationError } from '../../src';
import { buildClassSchema, Description } from '../../src/schema';

class Condition {
  @IsString() column!: string;
  @IsDefined() @Description('A literal or a column reference') value!: string | { column: string };
}

class Loose {
  @Allow() payload!: unknown;
}

class Unmarked {
  @IsString() name!: string;
  // A validator that fixes no type and says nothing about "any value" is still an error.
  @IsOptional() @Description('no type here') extra?: unknown;
}

describe('properties that accept any JSON value', () => {
  it('@IsDefined() or @Allow() on a union-typed field becomes an untyped schema in non-strict modes', () => {
    expect(buildClassSchema(Condition, { strict: false }).properties).toEqual({
      column: { type: 'string' },
      value: { description: 'A literal or a column reference' },
    });
    expect(buildClassSchema(Loose, { strict: false }).properties).toEqual({ payload: {} });
  });

  it('strict schemas reject them with a ConfigurationError (OpenAI strict needs a type)', () => {
    expect(() => buildClassSchema(Condition, { strict: true })).toThrow(ConfigurationError);
    expect(() => buildClassSchema(Condition, { strict: true })).toThrow(/need a JSON type/);
  });

  it('without such a declaration an untypeable field is still a ConfigurationError', () => {
    expect(() => buildClassSchema(Unmarked, { strict: false })).toThrow(
      /Cannot tell the JSON type of Unmarked.extra/,
    );
  });
});
