import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { CatalogueEntry } from './catalogue-entry';
import { eachWithoutArray, nestedArrayElements } from './structure.catalogue';

// Arrays: of primitives (each: true validators type the elements), sizes, uniqueness, of classes.

export class Tag {
  @IsString() name!: string;
}

export class LineItem {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

export class PrimitiveArraysModel {
  @IsArray() @IsString({ each: true }) tags!: string[];
  @IsInt({ each: true }) @Min(0, { each: true }) @Max(5, { each: true }) ratings!: number[];
}

export class ArraySizeModel {
  @IsString({ each: true }) @ArrayMinSize(1) @ArrayMaxSize(3) names!: string[];
  @IsInt({ each: true }) @ArrayNotEmpty() ids!: number[];
}

export class ArrayUniqueModel {
  @IsString({ each: true }) @ArrayUnique() tags!: string[];
  @IsInt({ each: true }) @ArrayUnique() ids!: number[];
}

export class ArrayUniqueByModel {
  @ValidateNested({ each: true })
  @Type(() => Tag)
  @ArrayUnique((tag: Tag) => tag.name)
  tags!: Tag[];
}

export class EachModel {
  @IsString({ each: true }) @MaxLength(5, { each: true }) codes!: string[];
  @IsUUID('4', { each: true }) ids!: string[];
}

export class NestedArrayModel {
  @ValidateNested({ each: true }) @Type(() => LineItem) @ArrayMinSize(1) items!: LineItem[];
}

export const ARRAY_CATALOGUE: readonly CatalogueEntry[] = [
  // `tags` has @IsArray(); `ratings` only `each: true` validators, which take a lone number.
  {
    name: 'PrimitiveArraysModel',
    model: PrimitiveArraysModel,
    validationOnly: [eachWithoutArray('/ratings')],
  },
  { name: 'ArraySizeModel', model: ArraySizeModel },
  { name: 'ArrayUniqueModel', model: ArrayUniqueModel },
  // Unique by a function of the element: only validation can tell.
  {
    name: 'ArrayUniqueByModel',
    model: ArrayUniqueByModel,
    validationOnly: ['arrayUnique', nestedArrayElements('/tags')],
  },
  {
    name: 'EachModel',
    model: EachModel,
    validationOnly: [eachWithoutArray('/codes'), eachWithoutArray('/ids')],
  },
  {
    name: 'NestedArrayModel',
    model: NestedArrayModel,
    validationOnly: [nestedArrayElements('/items')],
  },
];
