import 'reflect-metadata';
import { Exclude, Expose, Type } from 'class-transformer';
import { hasOnlyPlainTypeMetadata } from '../../src/internal';

// Which classes can be built without class-transformer: only those it would do nothing to but
// build the classes of plain `@Type(() => X)` properties.

class Pet {
  name!: string;
}

class Owner {
  @Type(() => Pet) pet!: Pet;
  name!: string;
}

class WithExcludedProperty {
  name!: string;
  @Exclude() secret!: string;
}

@Exclude()
class ExposedOnly {
  @Expose() name!: string;
}

class WithDiscriminator {
  @Type(() => Pet, { discriminator: { property: 'kind', subTypes: [{ value: Pet, name: 'pet' }] } })
  pet!: Pet;
}

class KeepingDiscriminator {
  @Type(() => Pet, { keepDiscriminatorProperty: true }) pet!: Pet;
}

describe('hasOnlyPlainTypeMetadata', () => {
  it('is true for plain @Type properties', () => {
    expect(hasOnlyPlainTypeMetadata(Owner, ['pet', 'name'])).toBe(true);
  });

  it.each([
    ['an @Exclude() property', WithExcludedProperty, ['name', 'secret']],
    ['an @Exclude() class exposing some properties', ExposedOnly, ['name']],
    ['a discriminated @Type', WithDiscriminator, ['pet']],
    ['a @Type that keeps its discriminator property', KeepingDiscriminator, ['pet']],
  ])('is false for %s', (_, model, properties) => {
    expect(hasOnlyPlainTypeMetadata(model, properties)).toBe(false);
  });
});
