import type { ValidatorOptions } from 'class-validator';
import { defineKeyedModelFact, isBuiltInClass, validationViewKey } from '../internal';
import type { ClassConstructor } from './class-constructor';
import { ClassSchemaBuilder, type SchemaView } from './class-schema.builder';
import type { JsonObjectSchema } from './json-schema';
import { builtInModelError } from './model-configuration.errors';
import { toStrictSchema } from './strict-schema';

/** Options of {@link buildClassSchema}. */
export interface BuildClassSchemaOptions {
  /**
   * Produce an OpenAI-strict schema (`Mode.TOOLS_STRICT`, `Mode.JSON_SCHEMA`): every object closed,
   * every property required, optional ones as `anyOf: [T, { type: 'null' }]`.
   */
  strict: boolean;
  /**
   * The class-validator options the replies are validated with: `groups`, `strictGroups` and
   * `always` select the validators the schema describes, `skipMissingProperties` /
   * `skipUndefinedProperties` / `skipNullProperties` make properties optional or nullable.
   * @default our defaults: every validator, missing and null values checked
   */
  validatorOptions?: ValidatorOptions;
}

/**
 * The JSON schema of a response-model class, built from its class-validator, class-transformer,
 * `@Description` and `@Example` metadata. Cached per class, `strict` and validation view: the same
 * frozen object is returned every time.
 *
 * @throws ConfigurationError when the class is a built-in (`Date`, `Map`, ...) or has no
 * decorated property, or when a property has no validator, no inferable JSON type, or
 * `@ValidateNested()` without `@Type(() => X)`.
 */
export function buildClassSchema(
  model: ClassConstructor,
  options: BuildClassSchemaOptions,
): JsonObjectSchema {
  if (isBuiltInClass(model)) throw builtInModelError(model);
  const view = schemaView(options.validatorOptions);
  return options.strict ? strictSchemaOf(model, view) : looseSchemaOf(model, view);
}

const NO_OPTIONS: SchemaView = Object.freeze({});

function schemaView(options: ValidatorOptions | undefined): SchemaView {
  if (options === undefined) return NO_OPTIONS;
  const { groups, strictGroups, always } = options;
  const { skipMissingProperties, skipNullProperties, skipUndefinedProperties } = options;
  return {
    groups,
    strictGroups,
    always,
    skipMissingProperties,
    skipNullProperties,
    skipUndefinedProperties,
  };
}

function schemaViewKey(view: SchemaView): string {
  const skips = [view.skipMissingProperties, view.skipNullProperties, view.skipUndefinedProperties];
  return `${validationViewKey(view)}|${skips.map((skip) => (skip === true ? '1' : '0')).join('')}`;
}

// The loose schema is a fact of the class (its descriptor keeps it); the strict one derives from it.
const looseSchemaOf = defineKeyedModelFact(
  'schema.loose',
  schemaViewKey,
  (model, view: SchemaView): JsonObjectSchema =>
    deepFreeze(new ClassSchemaBuilder(view).build(model as ClassConstructor)),
);

const strictSchemaOf = defineKeyedModelFact(
  'schema.strict',
  schemaViewKey,
  (model, view: SchemaView): JsonObjectSchema =>
    deepFreeze(toStrictSchema(looseSchemaOf(model, view), model.name)),
);

/** Callers share the cached schema, so none may change it for the others. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}
