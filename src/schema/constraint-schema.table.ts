import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  ARRAY_NOT_EMPTY,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_DATE,
  IS_DATE_STRING,
  IS_EMAIL,
  IS_ENUM,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_LENGTH,
  IS_NEGATIVE,
  IS_NOT_EMPTY,
  IS_NUMBER,
  IS_POSITIVE,
  IS_RFC_3339,
  IS_STRING,
  IS_URL,
  IS_UUID,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  MIN_LENGTH,
} from 'class-validator';
import type { JsonSchema, JsonSchemaEnumValue, JsonSchemaTypeName } from './json-schema';

/** What one class-validator validator says about the schema of the value it checks. */
export interface ConstraintRule {
  /** The JSON type every value passing the validator has, if the validator fixes one. */
  readonly type?: (constraints: readonly unknown[]) => JsonSchemaTypeName | undefined;
  /** Keywords the validator adds, given its constraints and the value's resolved JSON type. */
  readonly keywords?: (
    constraints: readonly unknown[],
    valueType: JsonSchemaTypeName | undefined,
  ) => JsonSchema;
}

// The single place mapping validators to JSON Schema: supporting another validator is one entry.
// Keys are class-validator's own exported names, so a renamed validator fails to compile.
export const CONSTRAINT_SCHEMA_TABLE: Readonly<Record<string, ConstraintRule>> = {
  [IS_STRING]: { type: () => 'string' },
  [IS_NUMBER]: { type: () => 'number' },
  [IS_INT]: { type: () => 'integer' },
  [IS_BOOLEAN]: { type: () => 'boolean' },
  [IS_ENUM]: {
    type: (constraints) => typeOfValues(enumMembers(constraints)),
    keywords: (constraints) => ({ enum: enumMembers(constraints) }),
  },
  [IS_IN]: {
    type: (constraints) => typeOfValues(listedValues(constraints[0])),
    keywords: (constraints) => ({ enum: listedValues(constraints[0]) }),
  },

  [IS_ARRAY]: { type: () => 'array' },
  [ARRAY_MIN_SIZE]: { type: () => 'array', keywords: ([min]) => numberKeyword('minItems', min) },
  [ARRAY_MAX_SIZE]: { type: () => 'array', keywords: ([max]) => numberKeyword('maxItems', max) },
  [ARRAY_NOT_EMPTY]: { type: () => 'array', keywords: () => ({ minItems: 1 }) },

  [MIN]: { keywords: numeric(([min]) => numberKeyword('minimum', min)) },
  [MAX]: { keywords: numeric(([max]) => numberKeyword('maximum', max)) },
  [IS_POSITIVE]: { keywords: numeric(() => ({ exclusiveMinimum: 0 })) },
  [IS_NEGATIVE]: { keywords: numeric(() => ({ exclusiveMaximum: 0 })) },

  [IS_LENGTH]: {
    keywords: textual(([min, max]) => ({
      ...numberKeyword('minLength', min),
      ...numberKeyword('maxLength', max),
    })),
  },
  [MIN_LENGTH]: { keywords: textual(([min]) => numberKeyword('minLength', min)) },
  [MAX_LENGTH]: { keywords: textual(([max]) => numberKeyword('maxLength', max)) },
  [IS_NOT_EMPTY]: { keywords: textual(() => ({ minLength: 1 })) },
  [MATCHES]: { keywords: textual(([pattern]) => patternKeyword(pattern)) },

  [IS_EMAIL]: stringFormat('email'),
  [IS_URL]: stringFormat('uri'),
  [IS_UUID]: stringFormat('uuid'),
  [IS_DATE_STRING]: stringFormat('date-time'),
  [IS_ISO8601]: stringFormat('date-time'),
  [IS_RFC_3339]: stringFormat('date-time'),
  // A Date travels as an ISO string; class-transformer's @Type(() => Date) revives it.
  [IS_DATE]: stringFormat('date-time'),
};

type KeywordBuilder = (constraints: readonly unknown[]) => JsonSchema;

function stringFormat(format: string): ConstraintRule {
  return { type: () => 'string', keywords: () => ({ format }) };
}

/** Numeric bounds only mean something on numbers (`@Min` on a string is a user error). */
function numeric(build: KeywordBuilder): NonNullable<ConstraintRule['keywords']> {
  return (constraints, valueType) =>
    valueType === 'number' || valueType === 'integer' ? build(constraints) : {};
}

/** Length and pattern validators also accept arrays/objects; the keywords are string-only. */
function textual(build: KeywordBuilder): NonNullable<ConstraintRule['keywords']> {
  return (constraints, valueType) => (valueType === 'string' ? build(constraints) : {});
}

function numberKeyword(keyword: keyof JsonSchema, value: unknown): JsonSchema {
  return typeof value === 'number' && Number.isFinite(value) ? { [keyword]: value } : {};
}

function patternKeyword(pattern: unknown): JsonSchema {
  if (pattern instanceof RegExp) return { pattern: pattern.source };
  return typeof pattern === 'string' ? { pattern } : {};
}

/**
 * `@IsEnum(E)` stores `[E, values]` where class-validator already dropped the reverse-mapping
 * keys of numeric enums; recompute the same way if an older version stored only `[E]`.
 */
function enumMembers(constraints: readonly unknown[]): JsonSchemaEnumValue[] {
  const [entity, values] = constraints;
  if (Array.isArray(values)) return listedValues(values);
  if (typeof entity !== 'object' || entity === null) return [];
  return listedValues(
    Object.entries(entity)
      .filter(([key]) => Number.isNaN(Number.parseInt(key, 10)))
      .map(([, value]: [string, unknown]) => value),
  );
}

function listedValues(values: unknown): JsonSchemaEnumValue[] {
  if (!Array.isArray(values)) return [];
  return (values as unknown[]).filter(
    (value): value is JsonSchemaEnumValue =>
      value === null || ['string', 'number', 'boolean'].includes(typeof value),
  );
}

/** The one JSON type shared by every value, if there is one (mixed lists get `enum` alone). */
function typeOfValues(values: readonly JsonSchemaEnumValue[]): JsonSchemaTypeName | undefined {
  const types = new Set(
    values.map((value) =>
      value === null
        ? 'null'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'integer'
            : 'number'
          : typeof value,
    ),
  );
  if (types.has('integer') && types.has('number')) types.delete('integer');
  if (types.size !== 1) return undefined;
  const [type] = types;
  return type as JsonSchemaTypeName;
}
