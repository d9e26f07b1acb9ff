import { ConfigurationError } from '../errors';
import { OPAQUE_BUILT_INS } from '../internal';
import { CONSTRAINT_SCHEMA_TABLE } from './constraint-schema.table';
import type { ClassConstructor } from './class-constructor';
import type { JsonSchema, JsonSchemaTypeName } from './json-schema';
import { missingDesignTypeError } from './model-configuration.errors';
import type { PropertyFacts, ValidatorFact } from './property-metadata.reader';

/** Builds the schema of a nested model class (inline, or a `$ref` when it recurses). */
export type ClassSchemaResolver = (model: ClassConstructor) => JsonSchema;

type Subject = 'value' | 'item';

/**
 * The JSON schema of one property: validators without `each` describe the value, validators with
 * `{ each: true }` its elements. Types come from the validators first, then from `@Type(() => X)`,
 * then from `design:type`.
 *
 * @throws ConfigurationError when no source fixes the type of the value or of its elements.
 */
export function resolvePropertySchema(
  property: PropertyFacts,
  schemaForClass: ClassSchemaResolver,
): JsonSchema {
  const valueValidators = property.validators.filter((validator) => !validator.each);
  const itemValidators = property.validators.filter((validator) => validator.each);
  const valueType = impliedType(property, valueValidators);
  const isArray =
    valueType === 'array' ||
    (valueType === undefined &&
      (property.designType === Array ||
        itemValidators.length > 0 ||
        property.nested?.each === true));

  const schema = isArray
    ? withKeywords(
        {
          type: 'array',
          // design:type of an array is just Array; only @Type can name the element class.
          items: typedSchema(
            property,
            itemValidators,
            property.declaredType,
            schemaForClass,
            'item',
          ),
        },
        valueValidators,
        'array',
      )
    : typedSchema(
        property,
        valueValidators,
        property.declaredType ?? property.designType,
        schemaForClass,
        'value',
      );
  return property.description === undefined
    ? schema
    : { ...schema, description: property.description };
}

function typedSchema(
  property: PropertyFacts,
  validators: readonly ValidatorFact[],
  declaredClass: unknown,
  schemaForClass: ClassSchemaResolver,
  subject: Subject,
): JsonSchema {
  const type = impliedType(property, validators);
  const base: JsonSchema | undefined =
    type !== undefined ? { type } : schemaOfClass(declaredClass, schemaForClass);
  const schema = withKeywords(base ?? {}, validators, type ?? base?.type);
  // An `enum` alone (mixed-type @IsIn) is typed enough; anything else needs a type or a class.
  if (schema.type === undefined && schema.enum === undefined && schema.$ref === undefined) {
    // `@IsDefined()` / `@Allow()` on a union-typed field is an explicit "any JSON value".
    if (subject === 'value' && property.acceptsAnyValue) return schema;
    throw untypeableError(property, subject, declaredClass);
  }
  return schema;
}

function schemaOfClass(
  candidate: unknown,
  schemaForClass: ClassSchemaResolver,
): JsonSchema | undefined {
  if (candidate === String) return { type: 'string' };
  if (candidate === Number) return { type: 'number' };
  if (candidate === Boolean) return { type: 'boolean' };
  // A Date travels as an ISO string; class-transformer's @Type(() => Date) revives it.
  if (candidate === Date) return { type: 'string', format: 'date-time' };
  if (typeof candidate !== 'function' || OPAQUE_BUILT_INS.includes(candidate)) return undefined;
  // Any other class is a nested model; the builder reads it like the root.
  return schemaForClass(candidate as ClassConstructor);
}

/** The JSON type the validators agree on; `integer` refines `number` (`@IsInt() @IsNumber()`). */
function impliedType(
  property: PropertyFacts,
  validators: readonly ValidatorFact[],
): JsonSchemaTypeName | undefined {
  const types = new Set<JsonSchemaTypeName>();
  for (const validator of validators) {
    const type = CONSTRAINT_SCHEMA_TABLE[validator.name]?.type?.(validator.constraints);
    if (type !== undefined) types.add(type);
  }
  if (types.has('integer')) types.delete('number');
  if (types.size > 1) {
    throw new ConfigurationError({
      message:
        `${property.model.name}.${property.name} has validators that require different JSON ` +
        `types (${[...types].join(', ')}); keep the ones matching its type.`,
    });
  }
  const [type] = types;
  return type;
}

const LOWER_BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems']);
const UPPER_BOUNDS = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems']);

/** Adds every validator's keywords; repeated bounds keep the tightest (`@IsNotEmpty @MinLength(3)`). */
function withKeywords(
  base: JsonSchema,
  validators: readonly ValidatorFact[],
  valueType: JsonSchemaTypeName | undefined,
): JsonSchema {
  const merged: Record<string, unknown> = { ...base };
  for (const validator of validators) {
    const keywords = CONSTRAINT_SCHEMA_TABLE[validator.name]?.keywords?.(
      validator.constraints,
      valueType,
    );
    for (const [keyword, value] of Object.entries(keywords ?? {})) {
      const current = merged[keyword];
      if (typeof current === 'number' && typeof value === 'number') {
        if (LOWER_BOUNDS.has(keyword)) merged[keyword] = Math.max(current, value);
        else if (UPPER_BOUNDS.has(keyword)) merged[keyword] = Math.min(current, value);
        else merged[keyword] = value;
      } else {
        merged[keyword] = value;
      }
    }
  }
  return merged;
}

function untypeableError(
  property: PropertyFacts,
  subject: Subject,
  declaredClass: unknown,
): ConfigurationError {
  const where = `${property.model.name}.${property.name}`;
  if (subject === 'item') {
    return new ConfigurationError({
      message:
        `Cannot tell the element type of the array ${where}: add an element validator with ` +
        `{ each: true } (e.g. @IsString({ each: true })), or @ValidateNested({ each: true }) ` +
        `with @Type(() => ElementClass).`,
    });
  }
  // Nothing but design:type could type it, and it is missing: say why rather than "unknown".
  if (declaredClass === undefined && property.designType === undefined) {
    return missingDesignTypeError(property);
  }
  const typeName = typeof declaredClass === 'function' ? declaredClass.name : 'unknown';
  return new ConfigurationError({
    message:
      `Cannot tell the JSON type of ${where}: its validators fix no type and its TypeScript ` +
      `type (${typeName}) has no JSON schema equivalent. Add a type validator (@IsString(), ` +
      `@IsNumber(), @IsInt(), @IsBoolean(), @IsEnum(E), @IsIn([...])) or, for an object, ` +
      `@ValidateNested() with @Type(() => Class).`,
  });
}
