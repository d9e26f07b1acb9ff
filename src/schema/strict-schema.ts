import { ConfigurationError } from '../errors';
import type { JsonObjectSchema, JsonSchema } from './json-schema';

// Formats OpenAI strict mode accepts; any other (e.g. `uri`) makes the whole request fail with 400.
const STRICT_FORMATS: ReadonlySet<string> = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

/**
 * Rewrites a schema for OpenAI structured outputs (`strict: true`): every object, nested ones and
 * `$defs` included, is closed and lists ALL its properties in `required`; a property that was
 * optional becomes `anyOf: [schema, { type: 'null' }]` with its description on the outer schema.
 * A format strict mode rejects moves into the description so the model still sees it, and a
 * `$ref` never keeps sibling keywords (strict mode refuses them).
 */
export function toStrictSchema(schema: JsonObjectSchema): JsonObjectSchema {
  const root = strictNode(schema) as JsonObjectSchema;
  if (schema.$defs === undefined) return root;
  return {
    ...root,
    $defs: Object.fromEntries(
      Object.entries(schema.$defs).map(([name, definition]) => [name, strictNode(definition)]),
    ),
  };
}

function strictNode(node: JsonSchema): JsonSchema {
  if (
    node.type === undefined &&
    node.enum === undefined &&
    node.$ref === undefined &&
    node.anyOf === undefined
  ) {
    throw new ConfigurationError({
      message:
        'Strict modes (TOOLS_STRICT, JSON_SCHEMA) need a JSON type for every property, but the ' +
        `model has a property that accepts any value (${JSON.stringify(node)}). Give it a type ` +
        'validator, or use Mode.TOOLS or Mode.JSON.',
    });
  }
  // `$defs` only sits on the root, where toStrictSchema replaces it with the strict definitions.
  let result = withSupportedFormat(node);
  if (result.$ref !== undefined && result.description !== undefined) {
    // Only a required self-reference gets here (optional ones are anyOf-wrapped first).
    result = { description: result.description, anyOf: [{ $ref: result.$ref }] };
  }
  if (result.items !== undefined) result = { ...result, items: strictNode(result.items) };
  if (result.anyOf !== undefined) result = { ...result, anyOf: result.anyOf.map(strictNode) };
  if (result.properties !== undefined) {
    const required = new Set(result.required ?? []);
    const properties = Object.fromEntries(
      Object.entries(result.properties).map(([name, property]) => [
        name,
        // Wrap before recursing so a description leaves its `$ref`, and settle the format first
        // so its note lands in that outer description.
        strictNode(required.has(name) ? property : nullable(withSupportedFormat(property))),
      ]),
    );
    result = {
      ...result,
      properties,
      required: Object.keys(properties),
      additionalProperties: false,
    };
  }
  return result;
}

function withSupportedFormat(schema: JsonSchema): JsonSchema {
  if (schema.format === undefined || STRICT_FORMATS.has(schema.format)) return schema;
  const { format, description, ...others } = schema;
  const note = `(format: ${format})`;
  return { ...others, description: description === undefined ? note : `${description} ${note}` };
}

function nullable(schema: JsonSchema): JsonSchema {
  const { description, ...inner } = schema;
  return {
    ...(description === undefined ? {} : { description }),
    anyOf: [inner, { type: 'null' }],
  };
}
