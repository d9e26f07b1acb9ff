import { isBuiltInClass } from '../internal';
import type { ClassConstructor } from './class-constructor';
import { ClassSchemaBuilder } from './class-schema.builder';
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
}

// Weak keys: a model class that is garbage collected takes its schemas with it.
const looseSchemas = new WeakMap<ClassConstructor, JsonObjectSchema>();
const strictSchemas = new WeakMap<ClassConstructor, JsonObjectSchema>();

/**
 * The JSON schema of a response-model class, built from its class-validator, class-transformer
 * and `@Description` metadata. Cached per class and per `strict`: the same frozen object is
 * returned every time.
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
  const cache = options.strict ? strictSchemas : looseSchemas;
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const loose = looseSchemas.get(model) ?? new ClassSchemaBuilder().build(model);
  looseSchemas.set(model, deepFreeze(loose));
  const schema = options.strict ? deepFreeze(toStrictSchema(loose)) : loose;
  cache.set(model, schema);
  return schema;
}

/** Callers share the cached schema, so none may change it for the others. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}
