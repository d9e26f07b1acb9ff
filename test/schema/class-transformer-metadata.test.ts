import 'reflect-metadata';
import { Exclude, Expose, Transform, Type, type TypeHelpOptions } from 'class-transformer';
import {
  findTypeClass,
  hasOnlyPlainTypeMetadata,
  hasTypeDecorator,
  type AnyClass as InternalAnyClass,
  type ClassConstructor as InternalClassConstructor,
} from '../../src/internal';
import type { ClassConstructor } from '../../src/schema';
import type { AnyClass } from '../../src/schema/class-constructor';

class Cat {
  meow = true;
}

class Owner {
  @Type(() => Cat) cat!: Cat;
  @Type((options) => ((options!.object as { kind?: string }).kind === 'cat' ? Cat : Object))
  pet!: unknown;
  name!: string;
}

// The schema and internal types are one and the same (assignable both ways).
const schemaModel: ClassConstructor<Cat> = Cat;
const internalModel: InternalClassConstructor<Cat> = schemaModel;
const backToSchema: ClassConstructor<Cat> = internalModel;
const abstractClass: AnyClass = backToSchema;
const internalAbstractClass: InternalAnyClass = abstractClass;

describe('class-transformer @Type lookup', () => {
  it('finds the class given to @Type(() => X)', () => {
    expect(findTypeClass(Owner, 'cat')).toBe(Cat);
    expect(hasTypeDecorator(Owner, 'cat')).toBe(true);
  });

  it('returns undefined instead of throwing when the type function needs its options', () => {
    expect(() => findTypeClass(Owner, 'pet')).not.toThrow();
    expect(findTypeClass(Owner, 'pet')).toBeUndefined();
    expect(hasTypeDecorator(Owner, 'pet')).toBe(true);
  });

  it('returns undefined for a property without @Type', () => {
    expect(findTypeClass(Owner, 'name')).toBeUndefined();
    expect(hasTypeDecorator(Owner, 'name')).toBe(false);
  });

  it('returns undefined when the type function gives no class (a circular import not loaded yet)', () => {
    const notLoadedYet: unknown = undefined;
    class Early {
      @Type(() => notLoadedYet as typeof Cat) cat!: Cat;
      @Type(() => 'Cat' as unknown as typeof Cat) named!: Cat;
    }

    expect(findTypeClass(Early, 'cat')).toBeUndefined();
    expect(findTypeClass(Early, 'named')).toBeUndefined();
    expect(hasTypeDecorator(Early, 'cat')).toBe(true);
  });

  it('shares one ClassConstructor / AnyClass between schema/ and internal/', () => {
    expect(internalAbstractClass).toBe(Cat);
  });
});

interface PetShape {
  meow: boolean;
}

describe('hasOnlyPlainTypeMetadata', () => {
  describe('is true when a @Type(() => X) property is declared as', () => {
    it('the class itself', () => {
      class Home {
        @Type(() => Cat) cat!: Cat;
      }
      expect(hasOnlyPlainTypeMetadata(Home, ['cat'])).toBe(true);
    });

    it('an array of it', () => {
      class Home {
        @Type(() => Cat) cats!: Cat[];
      }
      expect(hasOnlyPlainTypeMetadata(Home, ['cats'])).toBe(true);
    });

    it('an interface or unknown (reflected as Object)', () => {
      class Home {
        @Type(() => Cat) cat!: PetShape;
        @Type(() => Cat) pet!: unknown;
      }
      expect(hasOnlyPlainTypeMetadata(Home, ['cat', 'pet'])).toBe(true);
    });

    it('nothing at all (decorated by hand, without design:type metadata)', () => {
      class Home {
        cat!: Cat;
      }
      Type(() => Cat)(Home.prototype, 'cat');
      expect(hasOnlyPlainTypeMetadata(Home, ['cat'])).toBe(true);
    });
  });

  it('is true for properties without any class-transformer decorator', () => {
    class Plain {
      name!: string;
    }
    expect(hasOnlyPlainTypeMetadata(Plain, ['name', 'missing'])).toBe(true);
  });

  describe('is false', () => {
    it('for a property declared as a container class-transformer builds (Set, Map)', () => {
      class Home {
        @Type(() => Cat) cats!: Set<Cat>;
        @Type(() => Cat) byName!: Map<string, Cat>;
      }
      expect(hasOnlyPlainTypeMetadata(Home, ['cats'])).toBe(false);
      expect(hasOnlyPlainTypeMetadata(Home, ['byName'])).toBe(false);
    });

    it('for a type function that takes its options, even one that does not read them', () => {
      class Home {
        @Type((_options?: TypeHelpOptions) => Cat) cat!: Cat;
      }
      expect(findTypeClass(Home, 'cat')).toBe(Cat);
      expect(hasOnlyPlainTypeMetadata(Home, ['cat'])).toBe(false);
      expect(hasOnlyPlainTypeMetadata(Owner, ['pet'])).toBe(false);
    });

    it('when any one listed property has a @Transform, the others being plain', () => {
      class Titled {
        name!: string;
        @Transform(({ value }: { value: string }) => value.trim()) title!: string;
      }
      expect(hasOnlyPlainTypeMetadata(Titled, ['name', 'title'])).toBe(false);
      expect(hasOnlyPlainTypeMetadata(Titled, ['title', 'name'])).toBe(false);
    });

    it('when a property that is not listed has a @Type or a @Transform', () => {
      class Titled {
        name!: string;
        @Transform(({ value }: { value: string }) => value.trim()) title!: string;
      }
      class Home {
        name!: string;
        @Type(() => Cat) cat!: Cat;
      }
      class Flat extends Home {}
      expect(hasOnlyPlainTypeMetadata(Titled, ['name'])).toBe(false);
      expect(hasOnlyPlainTypeMetadata(Home, ['name'])).toBe(false);
      expect(hasOnlyPlainTypeMetadata(Flat, ['name'])).toBe(false);
      expect(hasOnlyPlainTypeMetadata(Home, ['name', 'cat'])).toBe(true);
    });

    it('for a class-level @Exclude() or @Expose() strategy, with no property marked', () => {
      @Exclude()
      class Hidden {
        name!: string;
      }
      @Expose()
      class Shown {
        name!: string;
      }
      expect(hasOnlyPlainTypeMetadata(Hidden, ['name'])).toBe(false);
      expect(hasOnlyPlainTypeMetadata(Shown, ['name'])).toBe(false);
    });

    it('for a property exposed under another name', () => {
      class Renamed {
        @Expose({ name: 'full_name' }) name!: string;
      }
      expect(hasOnlyPlainTypeMetadata(Renamed, ['name'])).toBe(false);
    });
  });
});
