/** A JSON Schema primitive or structural type name. */
export type JsonSchemaTypeName =
  'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** A value allowed in a JSON Schema `enum`. */
export type JsonSchemaEnumValue = string | number | boolean | null;

/**
 * The subset of JSON Schema (draft 2020-12) that class-instructor produces from response models.
 *
 * Declared as a type alias rather than an interface so a schema is assignable to the
 * `Record<string, unknown>` parameter types of the `openai` SDK.
 */
export type JsonSchema = {
  readonly type?: JsonSchemaTypeName;
  readonly description?: string;
  readonly enum?: readonly JsonSchemaEnumValue[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly multipleOf?: number;
  readonly const?: JsonSchemaEnumValue;
  readonly examples?: readonly unknown[];
};

/** The schema of a response-model class: always a closed object with an explicit `required` list. */
export type JsonObjectSchema = JsonSchema & {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, JsonSchema>>;
  readonly required: readonly string[];
  readonly additionalProperties: false;
};
