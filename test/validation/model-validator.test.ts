import 'reflect-metadata';
import { IsInt, IsString, Validate, ValidatorConstraint } from 'class-validator';
import { ValidationError } from '../../src/errors';
import { validatedInstance } from '../../src/validation';

// Replies to classes without async validators are validated without a promise (no microtask
// hops per call); classes with one still get class-validator's async validation.

class Pet {
  @IsString() name!: string;
  @IsInt() age!: number;
}

@ValidatorConstraint({ name: 'slowlyNamed', async: true })
class SlowlyNamed {
  validate(value: unknown): Promise<boolean> {
    return Promise.resolve(typeof value === 'string' && value.length > 0);
  }
}

class SlowPet {
  @Validate(SlowlyNamed) name!: string;
}

describe('validatedInstance', () => {
  it('returns the instance itself, not a promise, for a class without async validators', () => {
    const pet = validatedInstance(Pet, { name: 'Rex', age: 3 }, { rawText: '' });
    expect(pet).toBeInstanceOf(Pet);
    expect(pet).toEqual({ name: 'Rex', age: 3 });
  });

  it('throws the ValidationError synchronously for such a class', () => {
    let thrown: unknown;
    try {
      void validatedInstance(Pet, { name: 'Rex', age: 'three' }, { rawText: '{"age":"three"}' });
    } catch (error) {
      thrown = error;
    }
    expect(ValidationError.isInstance(thrown) && thrown.rawText).toBe('{"age":"three"}');
    expect((thrown as Error).message).toBe(
      'Pet failed validation:\nage: age must be an integer number',
    );
  });

  it('returns a promise for a class with an async validator, and rejects through it', async () => {
    const valid = validatedInstance(SlowPet, { name: 'Rex' }, { rawText: '' });
    expect(valid).toBeInstanceOf(Promise);
    await expect(valid).resolves.toBeInstanceOf(SlowPet);
    const invalid = validatedInstance(SlowPet, { name: '' }, { rawText: '' });
    expect(invalid).toBeInstanceOf(Promise);
    await expect(invalid).rejects.toThrow('SlowPet failed validation:\nname: ');
  });
});
