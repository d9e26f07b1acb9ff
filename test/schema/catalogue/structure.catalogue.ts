import { Type } from 'class-transformer';
import {
  IsInstance,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Description, Example } from '../../../src/schema';
import type { CatalogueEntry } from './catalogue-entry';

// Structure: optional properties, nested and recursive classes, @IsInstance, inheritance.

@Description('A postal address')
export class Address {
  @IsString() city!: string;
  @IsOptional() @IsString() zip?: string;
}

export class OptionalModel {
  @IsString() name!: string;
  @IsOptional() @IsString() @Description('What friends call them') nickname?: string;
  @IsOptional() @IsInt() @Min(0) age?: number;
  @IsOptional() @IsString({ each: true }) aliases?: string[];
  @IsOptional() @ValidateNested() @Type(() => Address) address?: Address;
}

export class ExamplesModel {
  @IsString() @Example('Ada Lovelace') @Example('Alan Turing') name!: string;
  @IsOptional() @IsInt() @Min(0) @Example(36) @Description('Age in years') age?: number;
}

export class NestedModel {
  @ValidateNested() @Type(() => Address) home!: Address;
  @ValidateNested() @Type(() => Address) @Description('Where they work') work!: Address;
}

export class IsInstanceModel {
  @IsInstance(Address) @ValidateNested() @Type(() => Address) address!: Address;
}

export class IsInstanceUncheckedModel {
  @IsInstance(Address) @Type(() => Address) address!: Address;
}

export class TreeNode {
  @IsString() label!: string;
  @ValidateNested({ each: true }) @Type(() => TreeNode) children!: TreeNode[];
  @IsOptional() @ValidateNested() @Type(() => TreeNode) parent?: TreeNode;
}

export class Author {
  @IsString() name!: string;
  // Book is declared below: @Type's function defers the reference (mutual recursion).
  @ValidateNested({ each: true }) @Type(() => Book) books!: Book[];
}

export class Book {
  @IsString() title!: string;
  @IsOptional() @ValidateNested() @Type(() => Author) author?: Author;
}

export class BaseRecord {
  @IsString() id!: string;
  @IsString() @IsNotEmpty() label!: string;
  @IsOptional() @IsInt() rank?: number;
}

export class DerivedRecord extends BaseRecord {
  @IsString() extra!: string;
}

// Overrides `label` with the decorator applied as TypeScript would apply it: redeclaring the field
// needs an initializer, which would also be a default that makes the key optional. class-validator
// then drops EVERY validator the parent put on `label` (they share one metadata type), so it is
// checked by @MaxLength(5) alone, and may be empty.
MaxLength(5)(DerivedRecord.prototype, 'label');

// Validation gaps class-validator leaves, which the schema closes: a nested object sent as an
// array passes @ValidateNested() (it validates an array's elements, arrays of arrays included);
// `{ each: true }` validators accept a lone value where the array should be, unless @IsArray()
// is there too.
export const nestedArrayElements = (pointer: string): string => `type@${pointer}/*`;
export const eachWithoutArray = (pointer: string): string => `type@${pointer}`;

export const STRUCTURE_CATALOGUE: readonly CatalogueEntry[] = [
  {
    name: 'OptionalModel',
    model: OptionalModel,
    validationOnly: ['type@/address', eachWithoutArray('/aliases')],
  },
  { name: 'ExamplesModel', model: ExamplesModel },
  { name: 'NestedModel', model: NestedModel, validationOnly: ['type@/home', 'type@/work'] },
  { name: 'IsInstanceModel', model: IsInstanceModel },
  // Without @ValidateNested, any object built as an Address passes @IsInstance.
  {
    name: 'IsInstanceUncheckedModel',
    model: IsInstanceUncheckedModel,
    validationOnly: ['required:city@/address', 'type@/address/city', 'type@/address/zip'],
  },
  {
    name: 'TreeNode',
    model: TreeNode,
    validationOnly: ['type@/**/parent', eachWithoutArray('/**/children')],
  },
  {
    name: 'Author',
    model: Author,
    validationOnly: [nestedArrayElements('/**/books'), eachWithoutArray('/**/books')],
  },
  { name: 'DerivedRecord', model: DerivedRecord },
];
