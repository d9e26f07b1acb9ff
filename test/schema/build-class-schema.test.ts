import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ConfigurationError } from '../../src/errors';
import { buildClassSchema, Description } from '../../src/schema';

describe('buildClassSchema: caching and configuration errors', () => {
  it('returns the same frozen object for the same class and mode', () => {
    class Cached {
      @IsString() name!: string;
    }

    const first = buildClassSchema(Cached, { strict: false });
    const strictFirst = buildClassSchema(Cached, { strict: true });

    expect(buildClassSchema(Cached, { strict: false })).toBe(first);
    expect(buildClassSchema(Cached, { strict: true })).toBe(strictFirst);
    expect(strictFirst).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.properties.name)).toBe(true);
  });

  it('rejects a field with no decorator, naming the class and the property', () => {
    class Sloppy {
      @IsString() name!: string;
      nickname?: string = undefined;
    }

    const build = (): unknown => buildClassSchema(Sloppy, { strict: false });

    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/Sloppy\.nickname has no decorator.*needs a class-validator decorator/);
  });

  it('rejects an undecorated field of a nested class too', () => {
    class Inner {
      @IsString() ok!: string;
      forgotten!: number;
    }
    class Outer {
      @ValidateNested() @Type(() => Inner) inner!: Inner;
    }

    expect(() => buildClassSchema(Outer, { strict: true })).toThrow(
      /Inner\.forgotten has no decorator/,
    );
  });

  it('rejects a decorated property whose type cannot be told', () => {
    class Untyped {
      @IsOptional() payload?: unknown;
    }

    const build = (): unknown => buildClassSchema(Untyped, { strict: false });

    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/Cannot tell the JSON type of Untyped\.payload.*\(Object\)/);
  });

  it('rejects an array whose element type cannot be told', () => {
    class Tagged {
      @IsArray() @Description('Tags') tags!: string[];
    }

    expect(() => buildClassSchema(Tagged, { strict: false })).toThrow(
      /Cannot tell the element type of the array Tagged\.tags/,
    );
  });

  it('does not cache a failed build', () => {
    class Broken {
      @IsOptional() value?: unknown;
    }

    expect(() => buildClassSchema(Broken, { strict: false })).toThrow(ConfigurationError);
    expect(() => buildClassSchema(Broken, { strict: false })).toThrow(ConfigurationError);
  });
});
