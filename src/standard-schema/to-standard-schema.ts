import type { ValidationError as ClassValidatorError } from 'class-validator';
import { ConfigurationError, ValidationError } from '../errors';
import { stripDangerousKeys, type ClassConstructor } from '../internal';
import { buildClassSchema, type JsonObjectSchema, type JsonSchema } from '../schema';
import { hasAsyncValidators, toValidatedInstance, toValidatedInstanceSync } from '../validation';
import type {
  StandardFailureResult,
  StandardIssue,
  StandardJSONSchemaOptions,
  StandardResult,
  StandardSchemaWithJSONSchemaV1,
} from './standard-schema.types';

/** Options of {@link toStandardSchema}. */
export interface ToStandardSchemaOptions {
  /**
   * Which JSON Schema of the class `~standard.jsonSchema` returns. `true`: the OpenAI-strict form
   * that `Mode.JSON_SCHEMA` sends (every property required, optional ones as
   * `anyOf: [T, { type: 'null' }]`, formats strict mode rejects such as `uri` moved into the
   * description), the one for openai-node's Standard Schema helpers: they always send
   * `strict: true`, and the API answers 400 to an unsupported format. `false`: the plain form
   * (optional properties left out of `required`, every format kept), for consumers that are not
   * strict structured outputs (forms, API docs, other validators).
   * @default true
   */
  readonly strict?: boolean;
}

const VENDOR = 'class-instructor';
// A value handed to `validate` has no model text behind it; our ValidationError wants one anyway.
const VALIDATION_RUN = { rawText: '' } as const;
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * Wraps a response-model class as a Standard Schema V1 that is also a Standard JSON Schema V1
 * (`@standard-schema/spec` 1.1.0), so the class plugs into libraries that accept Standard Schema.
 * `~standard.validate(value)` builds and validates an instance exactly as a reply is (our safe
 * class-validator defaults: unknown keys dropped) and returns `{ value: instance }` or
 * `{ issues: [{ message, path }] }`; it answers synchronously unless the class tree has async
 * validators, and never throws for a bad value. `~standard.jsonSchema.input/output` return a fresh,
 * mutable copy of the class's JSON Schema for `target: 'draft-2020-12'` or `'draft-07'`.
 *
 * @throws ConfigurationError at once when `model` is not a class usable as a response model (not a
 * function, a built-in such as `Date`, no decorated property, a property the schema cannot type).
 *
 * @example
 * import OpenAI from 'openai';
 * import { standardResponseFormat } from 'openai/helpers/standard-schema';
 * import { toStandardSchema } from 'class-instructor';
 *
 * class User {
 *   @IsString() name!: string;
 *   @IsInt() @Min(0) age!: number;
 * }
 *
 * const completion = await new OpenAI().chat.completions.parse({
 *   model: 'gpt-4.1-mini',
 *   messages: [{ role: 'user', content: 'Extract: Jason is 25' }],
 *   response_format: standardResponseFormat(toStandardSchema(User), 'User'),
 * });
 * completion.choices[0]?.message.parsed; // User { name: 'Jason', age: 25 }
 */
export function toStandardSchema<T extends object>(
  model: ClassConstructor<T>,
  options: ToStandardSchemaOptions = {},
): StandardSchemaWithJSONSchemaV1<unknown, T> {
  if (typeof model !== 'function') {
    throw new ConfigurationError({
      message: `toStandardSchema expects a response-model class, got ${describe(model)}.`,
    });
  }
  const strict = options?.strict ?? true;
  if (typeof strict !== 'boolean') {
    throw new ConfigurationError({
      message: `toStandardSchema: options.strict must be a boolean, got ${describe(strict)}.`,
    });
  }
  // Built now so a class that cannot be a response model fails here, not inside a consumer.
  const schema = buildClassSchema(model, { strict });
  const validate = hasAsyncValidators(model)
    ? (value: unknown) => validateAsynchronously(model, value)
    : (value: unknown) => validateSynchronously(model, value);
  const convert = (jsonOptions: StandardJSONSchemaOptions) =>
    jsonSchemaFor(model, schema, jsonOptions);
  return Object.freeze({
    '~standard': Object.freeze({
      version: 1 as const,
      vendor: VENDOR,
      validate,
      jsonSchema: Object.freeze({ input: convert, output: convert }),
    }),
  });
}

function validateSynchronously<T extends object>(
  model: ClassConstructor<T>,
  value: unknown,
): StandardResult<T> {
  let plain: unknown;
  try {
    plain = toFreshTree(value);
    return { value: toValidatedInstanceSync(model, plain, VALIDATION_RUN) };
  } catch (error) {
    return failure(model, error, plain);
  }
}

async function validateAsynchronously<T extends object>(
  model: ClassConstructor<T>,
  value: unknown,
): Promise<StandardResult<T>> {
  let plain: unknown;
  try {
    plain = toFreshTree(value);
    return { value: await toValidatedInstance(model, plain, VALIDATION_RUN) };
  } catch (error) {
    return failure(model, error, plain);
  }
}

// Whatever went wrong with the value (class-validator's errors, a stack overflow on hostile
// nesting, a throwing getter) is an issue: a Standard Schema answers, it does not throw.
function failure(model: ClassConstructor, error: unknown, plain: unknown): StandardFailureResult {
  try {
    if (ValidationError.isInstance(error)) {
      const issues = issuesOf(error.errors, plain);
      return { issues: issues.length > 0 ? issues : [{ message: error.message, path: [] }] };
    }
    const reason = error instanceof Error ? error.message : 'unknown error';
    return { issues: [{ message: `${model.name} could not be validated: ${reason}`, path: [] }] };
  } catch {
    return { issues: [{ message: 'the value could not be validated', path: [] }] };
  }
}

/**
 * class-validator's error tree as flat issues, depth first. A child of an array is named by its
 * index as a string (`'1'`); it becomes the number `1`, told apart from a property named `'1'`
 * by walking the validated value alongside.
 */
function issuesOf(errors: readonly ClassValidatorError[], plain: unknown): StandardIssue[] {
  const issues: StandardIssue[] = [];
  type Step = { error: ClassValidatorError; parentPath: PropertyKey[]; parentValue: unknown };
  const pending: Step[] = [...errors].reverse().map((error) => ({
    error,
    parentPath: [],
    parentValue: plain,
  }));
  while (pending.length > 0) {
    const { error, parentPath, parentValue } = pending.pop()!;
    const property = error.property ?? '';
    const isIndex = Array.isArray(parentValue) && ARRAY_INDEX.test(property);
    // An empty property is an error about the value itself (class-validator's root errors).
    const path =
      property === '' ? parentPath : [...parentPath, isIndex ? Number(property) : property];
    for (const message of Object.values(error.constraints ?? {})) {
      issues.push({ message, path: [...path] });
    }
    const value = property === '' ? parentValue : ownValue(parentValue, property);
    const children = error.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) {
      pending.push({ error: children[index]!, parentPath: path, parentValue: value });
    }
  }
  return issues;
}

// Reads a data property without running a getter of the caller's objects.
function ownValue(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(container, key);
  return descriptor?.value;
}

/**
 * A copy of an untrusted value that validation may adopt and change without touching the
 * caller's: plain objects and arrays are copied (iteratively, so any depth is fine) without
 * dangerous keys; anything else (primitives, Dates, class instances) is kept as is.
 *
 * @throws TypeError for what JSON cannot hold: one object twice (a cycle, a shared reference), an
 * array with holes.
 */
function toFreshTree(value: unknown): unknown {
  if (!isPlainContainer(value)) return value;
  const seen = new Set<object>([value]);
  const root = keysOnlyCopy(value);
  const pending: Array<readonly [source: object, copy: Record<string, unknown>]> = [[value, root]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [source, copy] = next;
    for (const key of Object.keys(copy)) {
      const child: unknown = (source as Record<string, unknown>)[key];
      if (!isPlainContainer(child)) {
        copy[key] = child;
        continue;
      }
      if (seen.has(child)) {
        throw new TypeError('the value holds one object twice (a circular or shared reference)');
      }
      seen.add(child);
      const childCopy = keysOnlyCopy(child);
      copy[key] = childCopy;
      pending.push([child, childCopy]);
    }
  }
  return root;
}

// The container's keys, values still unset, dangerous keys removed: stripped before any value is
// attached, so stripDangerousKeys never walks into (or changes) the caller's objects.
function keysOnlyCopy(source: object): Record<string, unknown> {
  const isArray = Array.isArray(source);
  const keys = Object.keys(source).filter((key) => !isArray || ARRAY_INDEX.test(key));
  // A hole is not JSON, and a huge sparse length would make every later pass over it hang.
  if (isArray && keys.length !== source.length) {
    throw new TypeError('the value holds a sparse array (one with holes)');
  }
  const copy = (isArray ? new Array<unknown>(source.length) : {}) as Record<string, unknown>;
  for (const key of keys) {
    // Defined, not assigned: assigning `__proto__` would change the copy's prototype.
    Object.defineProperty(copy, key, { writable: true, enumerable: true, configurable: true });
  }
  stripDangerousKeys(copy);
  return copy;
}

function isPlainContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// A fresh deep copy per call: the cached schema is frozen and consumers (openai-node) edit theirs.
function jsonSchemaFor(
  model: ClassConstructor,
  schema: JsonObjectSchema,
  options: StandardJSONSchemaOptions,
): Record<string, unknown> {
  const target: unknown = options?.target;
  if (target === 'draft-2020-12') return structuredClone(schema);
  if (target === 'draft-07') return toDraft07(structuredClone(schema));
  const named = typeof target === 'string' ? `'${target}'` : describe(target);
  throw new ConfigurationError({
    message:
      `${model.name}: JSON Schema target ${named} is not supported; ` +
      "class-instructor produces 'draft-2020-12' and 'draft-07'.",
  });
}

// Every keyword we emit means the same in draft 07, except the home of recursive classes:
// 2020-12's `$defs` is draft 07's `definitions`.
function toDraft07(schema: JsonObjectSchema): Record<string, unknown> {
  const { $defs, ...root } = schema;
  if ($defs === undefined) return schema;
  const definitions = Object.fromEntries(
    Object.entries($defs).map(([name, definition]) => [name, withDraft07Refs(definition)]),
  );
  return { ...withDraft07Refs(root), definitions };
}

function withDraft07Refs(node: JsonSchema): JsonSchema {
  const { $ref, items, anyOf, properties } = node;
  return {
    ...node,
    ...($ref?.startsWith('#/$defs/') && { $ref: `#/definitions/${$ref.slice('#/$defs/'.length)}` }),
    ...(items && { items: withDraft07Refs(items) }),
    ...(anyOf && { anyOf: anyOf.map(withDraft07Refs) }),
    ...(properties && {
      properties: Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, withDraft07Refs(property)]),
      ),
    }),
  };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
