import {
  Equals,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsNegative,
  IsNumber,
  IsObject,
  IsPositive,
  IsString,
  Max,
  Min,
  NotEquals,
} from 'class-validator';
import { Description } from '../../../src/schema';
import type { CatalogueEntry } from './catalogue-entry';

// Type validators, numbers, fixed values and enums: one class per row of the table.

export class StringModel {
  @IsString() name!: string;
}

export class NumberModel {
  @IsNumber() score!: number;
  // NaN and ±Infinity cannot occur in JSON: the options change nothing in the schema.
  @IsNumber({ allowNaN: true, allowInfinity: true }) reading!: number;
}

export class DecimalPlacesModel {
  @IsNumber({ maxDecimalPlaces: 2 }) @Description('Price in euros') price!: number;
  @IsNumber({ maxDecimalPlaces: 0 }) whole!: number;
}

export class IntegerModel {
  @IsInt() count!: number;
}

export class BooleanModel {
  @IsBoolean() active!: boolean;
}

export class NumericBoundsModel {
  @IsInt() @Min(0) @Max(120) age!: number;
  @IsNumber() @Min(-1.5) @Max(1.5) ratio!: number;
  // @Min checks `typeof value === 'number'` itself: it types the property alone.
  @Min(10) floor!: number;
}

export class SignModel {
  @IsPositive() price!: number;
  @IsNegative() debt!: number;
  @IsInt() @IsPositive() quantity!: number;
}

export class EqualsModel {
  @Equals('v1') version!: string;
  @Equals(3) level!: number;
  @Equals(true) accepted!: boolean;
}

export class NotEqualsModel {
  @IsString() @NotEquals('unknown') status!: string;
}

export enum Color {
  Red = 'red',
  Green = 'green',
}

export enum Priority {
  Low,
  High = 5,
}

export class EnumModel {
  @IsEnum(Color) color!: Color;
  @IsEnum(Priority) priority!: Priority;
}

export class IsInModel {
  @IsIn(['small', 'large']) size!: string;
  @IsIn([1, 2, 3]) stars!: number;
  @IsIn(['auto', 0]) mode!: string | number;
}

export class ObjectModel {
  @IsObject() metadata!: Record<string, unknown>;
}

export const SCALAR_CATALOGUE: readonly CatalogueEntry[] = [
  { name: 'StringModel', model: StringModel },
  { name: 'NumberModel', model: NumberModel },
  // multipleOf 0.01 is float-unsafe; class-validator also throws a TypeError on 1e-7.
  {
    name: 'DecimalPlacesModel',
    model: DecimalPlacesModel,
    validationOnly: ['isNumber', '(threw TypeError)'],
  },
  { name: 'IntegerModel', model: IntegerModel },
  { name: 'BooleanModel', model: BooleanModel },
  { name: 'NumericBoundsModel', model: NumericBoundsModel },
  { name: 'SignModel', model: SignModel },
  { name: 'EqualsModel', model: EqualsModel },
  { name: 'NotEqualsModel', model: NotEqualsModel, validationOnly: ['notEquals'] },
  { name: 'EnumModel', model: EnumModel },
  { name: 'IsInModel', model: IsInModel },
  { name: 'ObjectModel', model: ObjectModel },
];
