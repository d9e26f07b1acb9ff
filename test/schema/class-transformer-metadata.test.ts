import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  findTypeClass,
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

  it('shares one ClassConstructor / AnyClass between schema/ and internal/', () => {
    expect(internalAbstractClass).toBe(Cat);
  });
});
