import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { formatValidationErrors } from '../../src/validation';

class Item {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

class Order {
  @IsString() id!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Item) items!: Item[];
}

describe('formatValidationErrors', () => {
  it('writes one `path: message` line per failed constraint, nested paths dotted', () => {
    const order = Object.assign(new Order(), {
      id: 5,
      items: [
        Object.assign(new Item(), { sku: 'a', quantity: 0 }),
        Object.assign(new Item(), { sku: 1, quantity: 1 }),
      ],
    });

    const lines = formatValidationErrors(validateSync(order));

    expect(lines).toEqual([
      'id: id must be a string',
      'items.0.quantity: quantity must not be less than 1',
      'items.1.sku: sku must be a string',
    ]);
  });
});
