import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import { ConfigurationError } from '../../src/errors';
import { buildClassSchema, Description } from '../../src/schema';

const loose = { strict: false };

class Address {
  @IsString() city!: string;
}

describe('buildClassSchema: properties validation would drop (whitelist: true)', () => {
  it('rejects a property with only @Description, naming the class and the property', () => {
    class Note {
      @IsString() title!: string;
      @Description('The note text') text!: string;
    }

    const build = (): unknown => buildClassSchema(Note, loose);

    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(
      /^Note\.text has only @Description: `@Description`\/`@Type` are not validators; add a class-validator decorator such as @IsString\(\), @ValidateNested\(\) or @Allow\(\)/,
    );
  });

  it('rejects a property with only @Type(() => X)', () => {
    class Contact {
      @IsString() name!: string;
      @Type(() => Address) address!: Address;
    }

    expect(() => buildClassSchema(Contact, { strict: true })).toThrow(
      /^Contact\.address has only @Type: `@Description`\/`@Type` are not validators/,
    );
  });

  it('rejects a property with both @Description and @Type but no validator', () => {
    class Contact {
      @IsString() name!: string;
      @Description('Where they live') @Type(() => Address) address!: Address;
    }

    expect(() => buildClassSchema(Contact, loose)).toThrow(
      /Contact\.address has only @Description and @Type/,
    );
  });

  it('rejects it in a nested class too', () => {
    class Inner {
      @IsString() ok!: string;
      @Description('Forgotten') forgotten!: string;
    }
    class Outer {
      @ValidateNested() @Type(() => Inner) inner!: Inner;
    }

    expect(() => buildClassSchema(Outer, loose)).toThrow(/Inner\.forgotten has only @Description/);
  });

  it('accepts @Description or @Type next to any class-validator decorator, @Allow and @IsDefined included', () => {
    class Accepted {
      @Allow() @Description('Anything') anything!: unknown;
      @IsDefined() @Description('A name') name!: string;
      @IsOptional() @Description('Stars') stars?: number;
      @IsOptional() @Type(() => Date) seenAt?: Date;
    }

    expect(buildClassSchema(Accepted, loose)).toEqual({
      type: 'object',
      properties: {
        anything: { description: 'Anything' },
        name: { type: 'string', description: 'A name' },
        stars: { description: 'Stars', anyOf: [{ type: 'number' }, { type: 'null' }] },
        seenAt: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
      },
      required: ['anything', 'name'],
      additionalProperties: false,
    });
  });
});

describe('buildClassSchema: @ValidateNested() without @Type', () => {
  it('rejects a nested class known only from design:type, naming it in the fix', () => {
    class Geo {
      @IsInt() lat!: number;
    }
    class Place {
      @ValidateNested() location!: Geo;
    }

    const build = (): unknown => buildClassSchema(Place, loose);

    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(
      /^Place\.location: @ValidateNested\(\) needs @Type\(\(\) => Geo\) so class-transformer builds a Geo instance/,
    );
  });

  it('rejects an optional nested class without @Type too', () => {
    class Place {
      @IsOptional() @ValidateNested() billing?: Address;
    }

    expect(() => buildClassSchema(Place, { strict: true })).toThrow(
      /Place\.billing: @ValidateNested\(\) needs @Type\(\(\) => Address\)/,
    );
  });

  it('rejects arrays with @ValidateNested({ each: true }) or @IsArray() @ValidateNested() without @Type', () => {
    class Order {
      @ValidateNested({ each: true }) @ArrayMinSize(1) items!: Address[];
    }
    class Route {
      @IsArray() @ValidateNested() stops!: Address[];
    }

    expect(() => buildClassSchema(Order, loose)).toThrow(
      /^Order\.items: @ValidateNested\(\{ each: true \}\) needs @Type\(\(\) => ElementClass\)/,
    );
    expect(() => buildClassSchema(Route, loose)).toThrow(
      /^Route\.stops: @ValidateNested\(\) needs @Type\(\(\) => ElementClass\)/,
    );
  });

  it('accepts a @Type whose function needs its options (discriminated unions), typing from design:type', () => {
    class Owner {
      @ValidateNested()
      // Resolvable only while transforming a value; the schema falls back to design:type.
      @Type((options) => ((options!.object as { kind?: string }).kind === 'a' ? Address : Address))
      home!: Address;
    }

    expect(buildClassSchema(Owner, loose).properties).toEqual({
      home: {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
        additionalProperties: false,
      },
    });
  });
});

describe('buildClassSchema: classes that cannot be response models', () => {
  it('rejects a class with no properties, hinting at a second copy of class-validator', () => {
    class Empty {}

    const build = (): unknown => buildClassSchema(Empty, loose);

    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(
      /^Empty has no class-validator decorated properties \(is class-validator installed twice\?\)/,
    );
  });

  it('rejects an empty nested class', () => {
    class Nothing {}
    class Holder {
      @ValidateNested() @Type(() => Nothing) nothing!: Nothing;
    }

    expect(() => buildClassSchema(Holder, { strict: true })).toThrow(
      /^Nothing has no class-validator decorated properties/,
    );
  });

  it('rejects a class whose fields carry no class-validator metadata, hinting at a second copy', () => {
    // What a class looks like when its decorators wrote to another copy of class-validator.
    class Orphan {
      name!: string;
    }
    class Declared {
      declare name: string;
    }

    expect(() => buildClassSchema(Orphan, loose)).toThrow(
      /Orphan\.name has no decorator.*is class-validator installed twice\?/,
    );
    expect(() => buildClassSchema(Declared, loose)).toThrow(
      /^Declared has no class-validator decorated properties/,
    );
  });

  const builtIns = [Date, Object, Array, Map, Set, Promise, RegExp, Error, String, Uint8Array];

  it.each(builtIns.map((builtIn) => ({ name: builtIn.name, builtIn })))(
    'rejects the built-in $name as a model',
    ({ name, builtIn }) => {
      const build = (): unknown => buildClassSchema(builtIn, { strict: true });

      expect(build).toThrow(ConfigurationError);
      expect(build).toThrow(new RegExp(`^${name} is a JavaScript built-in`));
    },
  );
});
