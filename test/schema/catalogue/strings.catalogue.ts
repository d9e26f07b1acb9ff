import { Type } from 'class-transformer';
import {
  IsAlpha,
  IsAlphanumeric,
  IsBooleanString,
  IsDate,
  IsDateString,
  IsEmail,
  IsHexColor,
  IsISO8601,
  IsLowercase,
  IsNotEmpty,
  IsNumberString,
  IsRFC3339,
  IsString,
  IsUppercase,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import type { CatalogueEntry } from './catalogue-entry';

// String validators: lengths, patterns (validator.js's checks spelled out), formats, dates.

export class LengthModel {
  @IsString() @Length(2, 5) code!: string;
  // The length validators check `typeof value === 'string'` themselves.
  @MinLength(3) title!: string;
  @MaxLength(4) tag!: string;
  @IsString() @IsNotEmpty() body!: string;
}

export class MatchesModel {
  @Matches(/^[a-z]+-\d+$/) slug!: string;
  @Matches('^\\d{4}$') year!: string;
  // Unanchored, like the regex: a match anywhere passes.
  @Matches(/ab+c/) somewhere!: string;
}

export class MatchesFlagsModel {
  @Matches(/^[a-f]+$/i) hex!: string;
  @Matches('^abc$', 'i') word!: string;
  @Matches(/^a.c$/s) dotted!: string;
  @Matches(/^ok$/g) global!: string;
}

export class MatchesMultilineModel {
  @Matches(/^b$/m) line!: string;
}

export class StringPatternsModel {
  @IsBooleanString() flag!: string;
  @IsNumberString() amount!: string;
  @IsNumberString({ no_symbols: true }) digits!: string;
  @IsHexColor() color!: string;
}

export class LetterCaseModel {
  @IsAlpha() letters!: string;
  @IsAlphanumeric() code!: string;
  @IsLowercase() lower!: string;
  @IsUppercase() upper!: string;
}

export class UuidModel {
  @IsUUID('4') v4!: string;
  @IsUUID() any!: string;
  @IsUUID(['1', '7']) timeBased!: string;
}

export class EmailModel {
  @IsEmail() email!: string;
}

export class UrlModel {
  @IsUrl() homepage!: string;
}

export class DateStringModel {
  @IsDateString() createdAt!: string;
}

export class Iso8601Model {
  @IsISO8601({ strict: true, strictSeparator: true }) updatedAt!: string;
}

export class Rfc3339Model {
  @IsRFC3339() stamp!: string;
}

export class DateModel {
  @IsDate() @Type(() => Date) at!: Date;
}

export const STRING_CATALOGUE: readonly CatalogueEntry[] = [
  { name: 'LengthModel', model: LengthModel },
  { name: 'MatchesModel', model: MatchesModel },
  { name: 'MatchesFlagsModel', model: MatchesFlagsModel },
  // `m` has no faithful spelling without flags: the regex is a description note only.
  { name: 'MatchesMultilineModel', model: MatchesMultilineModel, validationOnly: ['matches'] },
  { name: 'StringPatternsModel', model: StringPatternsModel },
  { name: 'LetterCaseModel', model: LetterCaseModel },
  { name: 'UuidModel', model: UuidModel },
  // ajv-formats and validator.js disagree on unusual addresses: the format is a hint.
  { name: 'EmailModel', model: EmailModel, validationOnly: ['isEmail', 'format'] },
  // validator.js needs no scheme (`example.com`) but only http(s)/ftp; `uri` the reverse.
  { name: 'UrlModel', model: UrlModel, validationOnly: ['isUrl', 'format'] },
  // date-time is a subset of ISO 8601 (no `2024`, no `2024-W05`: schema stricter), except that
  // ajv also takes a lowercase `t` separator and a leap second, which validator.js refuses.
  { name: 'DateStringModel', model: DateStringModel, validationOnly: ['isDateString', 'format'] },
  { name: 'Iso8601Model', model: Iso8601Model, validationOnly: ['isIso8601', 'format'] },
  // validator.js wants `+hh:mm` offsets and any :60; ajv also takes `+hhmm`, checks dates.
  { name: 'Rfc3339Model', model: Rfc3339Model, validationOnly: ['isRFC3339', 'format'] },
  // @Type(() => Date) runs `new Date(value)`: numbers and any Date.parse-able string pass.
  { name: 'DateModel', model: DateModel, validationOnly: ['isDate', 'type', 'format'] },
];
