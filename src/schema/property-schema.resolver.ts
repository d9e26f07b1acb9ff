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
 * then from `design:type`. An `@IsOptional()` property also accepts `null` (class-validator skips
 * null as it skips a missing value): `anyOf: [T, { type: 'null' }]`, its description and examples
 * on the outer schema, like pydantic's `Optional[T]`.
 *
 * @throws ConfigurationError when no source fixes the type of the value or of its elements, or a
 * validator needs an instance (`@IsDate()`, `@IsInstance(X)`) that no `@Type` builds.
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

  const notes: string[] = [];
  const schema = isArray
    ? withKeywords(
        {
          type: 'array',
          // design:type of an array is just Array; only @Type can name the element class.
          items: itemSchema(property, itemValidators, schemaForClass),
        },
        valueValidators,
        'array',
        notes,
      )
    : typedSchema(
        property,
        valueValidators,
        property.declaredType ?? property.designType,
        schemaForClass,
        'value',
        notes,
      );
  return annotated(property, schema, notes);
}

/** The element schema; what its validators check beyond keywords goes in its description. */
function itemSchema(
  property: PropertyFacts,
  validators: readonly ValidatorFact[],
  schemaForClass: ClassSchemaResolver,
): JsonSchema {
  const notes: string[] = [];
  const schema = typedSchema(
    property,
    validators,
    property.declaredType,
    schemaForClass,
    'item',
    notes,
  );
  const description = joinDescriptions(schema.description, ...notes);
  return description === undefined ? schema : { ...schema, description };
}

/** The property's description, validation notes and examples; `null` too when optional. */
function annotated(
  property: PropertyFacts,
  schema: JsonSchema,
  notes: readonly string[],
): JsonSchema {
  const { description: ownDescription, ...rest } = schema;
  // The property's description replaces a nested class's own; validation notes follow either.
  const description = joinDescriptions(property.description ?? ownDescription, ...notes);
  const examples =
    'examples' in property && Array.isArray(property.examples) && property.examples.length > 0
      ? (property.examples as readonly unknown[])
      : undefined;
  const outer: JsonSchema = {
    ...(description === undefined ? {} : { description }),
    ...(examples === undefined ? {} : { examples }),
  };
  // `{}` (any JSON value) already accepts null.
  const nullable = property.optional && Object.keys(rest).length > 0;
  return nullable ? { ...outer, anyOf: [rest, { type: 'null' }] } : { ...rest, ...outer };
}

function joinDescriptions(...parts: ReadonlyArray<string | undefined>): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined && part !== '');
  return present.length === 0 ? undefined : present.join(' ');
}

function typedSchema(
  property: PropertyFacts,
  validators: readonly ValidatorFact[],
  declaredClass: unknown,
  schemaForClass: ClassSchemaResolver,
  subject: Subject,
  notes: string[],
): JsonSchema {
  const requiredClass = instanceClass(property, validators);
  const type = impliedType(property, validators);
  if (type === 'string' && property.declaredType === Date && requiredClass === undefined) {
    throw dateTypedStringError(property, validators);
  }
  const base: JsonSchema | undefined =
    requiredClass !== undefined
      ? schemaOfClass(requiredClass, schemaForClass)
      : type === 'object'
        ? // `@IsObject()` with a `@Type(() => X)` class: the class says what the object holds.
          (objectSchemaOf(property.declaredType, schemaForClass) ?? { type })
        : type !== undefined
          ? { type }
          : schemaOfClass(declaredClass, schemaForClass);
  const schema = withKeywords(base ?? {}, validators, type ?? base?.type, notes);
  // An `enum` or `const` alone (mixed-type @IsIn) is typed enough; anything else needs a type
  // or a class.
  if (
    schema.type === undefined &&
    schema.enum === undefined &&
    schema.const === undefined &&
    schema.$ref === undefined
  ) {
    // `@IsDefined()` / `@Allow()` on a union-typed field is an explicit "any JSON value".
    if (subject === 'value' && property.acceptsAnyValue) return schema;
    throw untypeableError(property, subject, declaredClass);
  }
  return schema;
}

/**
 * The class `@IsDate()` / `@IsInstance(X)` require, checked against `@Type`: JSON holds strings
 * and plain objects, and only class-transformer's `@Type(() => X)` turns them into instances.
 */
function instanceClass(property: PropertyFacts, validators: readonly ValidatorFact[]): unknown {
  let required: unknown;
  for (const validator of validators) {
    const rule = CONSTRAINT_SCHEMA_TABLE[validator.name];
    if (rule?.instanceOf === undefined) continue;
    const target = rule.instanceOf(validator.constraints);
    if (typeof target !== 'function') continue;
    if (!isSameOrSubclass(property.declaredType, target)) {
      throw instanceWithoutTypeError(property, validator.name, target);
    }
    required = property.declaredType;
  }
  return required;
}

function isSameOrSubclass(candidate: unknown, target: { prototype: unknown }): boolean {
  return (
    typeof candidate === 'function' &&
    (candidate === target || candidate.prototype instanceof (target as new () => unknown))
  );
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
  return objectSchemaOf(candidate, schemaForClass);
}

/** A nested model class's schema; `undefined` for anything that is not a user class. */
function objectSchemaOf(
  candidate: unknown,
  schemaForClass: ClassSchemaResolver,
): JsonSchema | undefined {
  if (typeof candidate !== 'function' || OPAQUE_BUILT_INS.includes(candidate)) return undefined;
  if ([String, Number, Boolean, Date].includes(candidate as never)) return undefined;
  // Any other class is a nested model; the builder reads it like the root.
  return schemaForClass(candidate as ClassConstructor);
}

/** The JSON type the validators agree on; `integer` refines `number` (`@IsInt() @Min(0)`). */
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
        `types (${[...types].join(', ')}), so no value passes them all; keep the ones matching ` +
        `its type.`,
    });
  }
  const [type] = types;
  return type;
}

const LOWER_BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems']);
const UPPER_BOUNDS = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems']);

/**
 * Adds every validator's keywords; repeated bounds keep the tightest (`@IsNotEmpty @MinLength(3)`).
 * What a validator checks that no keyword says is pushed to `notes`, for the description.
 */
function withKeywords(
  base: JsonSchema,
  validators: readonly ValidatorFact[],
  valueType: JsonSchemaTypeName | undefined,
  notes: string[],
): JsonSchema {
  const merged: Record<string, unknown> = { ...base };
  for (const validator of validators) {
    const rule = CONSTRAINT_SCHEMA_TABLE[validator.name];
    const keywords = rule?.keywords?.(validator.constraints, valueType, merged);
    for (const [keyword, value] of Object.entries(keywords ?? {})) {
      const current = merged[keyword];
      if (typeof current === 'number' && typeof value === 'number') {
        if (LOWER_BOUNDS.has(keyword)) merged[keyword] = Math.max(current, value);
        else if (UPPER_BOUNDS.has(keyword)) merged[keyword] = Math.min(current, value);
        else merged[keyword] = value;
      } else if (
        keyword === 'pattern' &&
        typeof current === 'string' &&
        typeof value === 'string'
      ) {
        // Two patterns (@IsAlpha() with @Matches(...)): a string must match both.
        const both = current === value ? current : bothPatterns(current, value);
        if (both === undefined) notes.push(`(must match ${value})`);
        else merged[keyword] = both;
      } else {
        merged[keyword] = value;
      }
    }
    const note = rule?.note?.(validator.constraints);
    if (note !== undefined) notes.push(note);
  }
  return merged;
}

/**
 * One pattern a string matches when it matches both (`@IsAlpha()` with `@Matches(...)`): two
 * lookaheads from the start. Not when a group is referred to by number or name, which would
 * then point at the other pattern's groups.
 */
function bothPatterns(first: string, second: string): string | undefined {
  if ([first, second].some((pattern) => /\\[1-9]|\\k<|\(\?</.test(pattern))) return undefined;
  return `^(?=[\\s\\S]*?(?:${first}))(?=[\\s\\S]*?(?:${second}))`;
}

function instanceWithoutTypeError(
  property: PropertyFacts,
  validator: string,
  target: { name: string },
): ConfigurationError {
  const where = `${property.model.name}.${property.name}`;
  const decorator = validator === 'isDate' ? '@IsDate()' : `@IsInstance(${target.name})`;
  const declared =
    typeof property.declaredType === 'function'
      ? ` (its @Type names ${property.declaredType.name})`
      : '';
  const alternative =
    target === Date
      ? ' Or validate the string itself with @IsDateString() / @IsISO8601() and keep a string.'
      : '';
  return new ConfigurationError({
    message:
      `${where} has ${decorator} but no @Type(() => ${target.name})${declared}: a JSON reply ` +
      `holds ${target === Date ? 'a date as a string' : 'a plain object'}, which never becomes ` +
      `a ${target.name} without class-transformer's @Type(() => ${target.name}), so every reply ` +
      `would fail validation. Add @Type(() => ${target.name}).${alternative}`,
  });
}

/**
 * `@Type(() => Date)` with a string validator (`@IsDateString()`): class-transformer turns the
 * string into a Date before validation, and a Date is no string, so every reply would fail.
 */
function dateTypedStringError(
  property: PropertyFacts,
  validators: readonly ValidatorFact[],
): ConfigurationError {
  const stringValidator =
    validators.find(
      (validator) =>
        CONSTRAINT_SCHEMA_TABLE[validator.name]?.type?.(validator.constraints) === 'string',
    )?.name ?? 'a string validator';
  return new ConfigurationError({
    message:
      `${property.model.name}.${property.name} has @Type(() => Date) and ${stringValidator}: ` +
      `class-transformer turns the reply's string into a Date before validation, so the string ` +
      `check fails on every reply. Use @IsDate() with @Type(() => Date) for a Date, or drop ` +
      `@Type(() => Date) to keep the string.`,
  });
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
