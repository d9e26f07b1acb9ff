import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ValidationError } from '../../src';
import { toValidatedInstance, toValidatedInstanceSync } from '../../src/validation';

class Geo {
  @IsString() lat!: string;
}

class Address {
  @IsString() city!: string;
  @ValidateNested() @Type(() => Geo) geo!: Geo;
}

class Customer {
  @IsString() name!: string;
  @ValidateNested() @Type(() => Address) address!: Address;
  @IsOptional() @ValidateNested() @Type(() => Address) billing?: Address;
  @IsDefined() @ValidateNested() @Type(() => Address) shipping!: Address;
  @ValidateNested({ each: true }) @Type(() => Address) previous!: Address[];
}

class Node {
  @IsString() label!: string;
  @ValidateNested() @Type(() => Node) child!: Node;
}

const geo = { lat: '1' };
const address = { city: 'Paris', geo };
const valid = { name: 'Ada', address, shipping: address, previous: [] };

async function failure(model: new () => object, plain: object): Promise<ValidationError> {
  try {
    await toValidatedInstance(model, plain, { rawText: '' });
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('validation passed');
}

describe('required nested properties (class-validator lets a missing one pass)', () => {
  it('accepts a complete value', async () => {
    await expect(
      toValidatedInstance(Customer, structuredClone(valid), { rawText: '' }),
    ).resolves.toBeInstanceOf(Customer);
  });

  it('reports a missing required nested object as @IsDefined would', async () => {
    const error = await failure(Customer, { name: 'Ada', shipping: address, previous: [] });
    expect(error.message).toBe(
      'Customer failed validation:\naddress: address should not be null or undefined',
    );
    expect(error.errors[0]).toMatchObject({
      property: 'address',
      constraints: { isDefined: 'address should not be null or undefined' },
    });
  });

  it('leaves optional ones and ones another decorator checks to class-validator', async () => {
    const error = await failure(Customer, { name: 'Ada', address, previous: [] });
    // @IsDefined() reports `shipping` itself, once; `billing` is optional.
    expect(error.message).toBe(
      'Customer failed validation:\nshipping: shipping should not be null or undefined',
    );
  });

  it('finds them at any depth, in arrays too, merged with the other errors of the same node', async () => {
    const error = await failure(Customer, {
      name: 'Ada',
      address: { city: 7 },
      shipping: address,
      previous: [address, { city: 'Rome' }],
    });
    expect(error.message.split('\n')).toEqual([
      'Customer failed validation:',
      'address.city: city must be a string',
      'address.geo: geo should not be null or undefined',
      'previous.1.geo: geo should not be null or undefined',
    ]);
  });

  it('follows recursive classes', async () => {
    const error = await failure(Node, { label: 'a', child: { label: 'b', child: { label: 'c' } } });
    expect(error.message).toBe(
      'Node failed validation:\nchild.child.child: child should not be null or undefined',
    );
  });

  it('is off when the options skip missing values', async () => {
    const plain = { name: 'Ada', shipping: address, previous: [] };
    for (const option of ['skipMissingProperties', 'skipUndefinedProperties'] as const) {
      await expect(
        toValidatedInstance(Customer, structuredClone(plain), {
          rawText: '',
          validatorOptions: { [option]: true },
        }),
      ).resolves.toBeInstanceOf(Customer);
    }
  });

  it('applies to synchronous validation too', () => {
    expect(() =>
      toValidatedInstanceSync(
        Customer,
        { name: 'Ada', shipping: address, previous: [] },
        { rawText: '' },
      ),
    ).toThrow('address: address should not be null or undefined');
  });
});
