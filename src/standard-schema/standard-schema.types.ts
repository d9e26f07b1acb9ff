// Our own declarations of @standard-schema/spec 1.1.0 (Standard Schema V1 + Standard JSON Schema V1).
// Structurally identical to the spec's, so our objects are assignable to its types with no dependency.

/** Inferred types a Standard Schema advertises; present in the type only, never at runtime. */
export interface StandardTypes<Input = unknown, Output = Input> {
  /** The type `validate` accepts. */
  readonly input: Input;
  /** The type of `value` on a successful result. */
  readonly output: Output;
}

/** One segment of an issue's path, in the object form the spec allows besides a bare key. */
export interface StandardPathSegment {
  /** The property name or array index. */
  readonly key: PropertyKey;
}

/** One validation problem. */
export interface StandardIssue {
  /** What is wrong, for a human. */
  readonly message: string;
  /** Where it is: property names and array indexes (numbers) from the root; absent or empty at the root. */
  readonly path?: ReadonlyArray<PropertyKey | StandardPathSegment> | undefined;
}

/** A successful validation. */
export interface StandardSuccessResult<Output> {
  /** The validated value. */
  readonly value: Output;
  /** Always absent on success: consumers tell the two results apart by this field. */
  readonly issues?: undefined;
}

/** A failed validation. */
export interface StandardFailureResult {
  /** Every problem found; never empty. */
  readonly issues: ReadonlyArray<StandardIssue>;
}

/** What `~standard.validate` returns (or resolves to). */
export type StandardResult<Output> = StandardSuccessResult<Output> | StandardFailureResult;

/** The `~standard` properties of a Standard Schema V1. */
export interface StandardSchemaV1Props<Input = unknown, Output = Input> {
  /** The version of the standard. */
  readonly version: 1;
  /** The library that made the schema. */
  readonly vendor: string;
  /** Validates an unknown value: a result, or a promise of one when validation is async. */
  readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
  /** Inferred types, for type-level use only. */
  readonly types?: StandardTypes<Input, Output> | undefined;
}

/** A Standard Schema V1: anything with a spec-shaped `~standard` property. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1Props<Input, Output>;
}

/**
 * The JSON Schema dialect a consumer asks for. Any string is accepted by the type so future
 * targets stay assignable; an implementation throws for a target it does not produce.
 */
export type StandardJSONSchemaTarget =
  | 'draft-2020-12'
  | 'draft-07'
  | 'openapi-3.0'
  // An intersection, not plain `string`, so editors still suggest the named targets.
  | (string & Record<never, never>);

/** Options of `jsonSchema.input` / `jsonSchema.output`. */
export interface StandardJSONSchemaOptions {
  /** The dialect of the schema to produce. */
  readonly target: StandardJSONSchemaTarget;
  /** Vendor-specific options; class-instructor reads none. */
  readonly libraryOptions?: Record<string, unknown> | undefined;
}

/** Produces the JSON Schema of the values a schema accepts (`input`) and returns (`output`). */
export interface StandardJSONSchemaConverter {
  /** The JSON Schema of what `validate` accepts. May throw for an unsupported target. */
  readonly input: (options: StandardJSONSchemaOptions) => Record<string, unknown>;
  /** The JSON Schema of what `validate` returns. May throw for an unsupported target. */
  readonly output: (options: StandardJSONSchemaOptions) => Record<string, unknown>;
}

/** The `~standard` properties of a Standard JSON Schema V1. */
export interface StandardJSONSchemaV1Props<Input = unknown, Output = Input> {
  /** The version of the standard. */
  readonly version: 1;
  /** The library that made the schema. */
  readonly vendor: string;
  /** Inferred types, for type-level use only. */
  readonly types?: StandardTypes<Input, Output> | undefined;
  /** JSON Schema conversion. */
  readonly jsonSchema: StandardJSONSchemaConverter;
}

/** A Standard JSON Schema V1: anything that can describe itself as JSON Schema. */
export interface StandardJSONSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardJSONSchemaV1Props<Input, Output>;
}

/**
 * Both traits at once: it validates and it describes itself as JSON Schema. This is what
 * structured-output helpers (openai-node's `standardResponseFormat`, ...) accept.
 */
export interface StandardSchemaWithJSONSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1Props<Input, Output> &
    StandardJSONSchemaV1Props<Input, Output>;
}
