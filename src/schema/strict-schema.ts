import type { JsonObjectSchema, JsonSchema } from './json-schema';
import { checkStrictSchema, isStrictKeyword } from './openai-strict.rules';

/** A keyword strict mode may refuse, and how its meaning survives in the description. */
interface DescriptionMove {
  readonly keyword: keyof JsonSchema;
  /** The note appended to the description; '' when the value constrains nothing. */
  readonly note: (node: JsonSchema) => string;
}

// What strict mode cannot carry moves into the description, so the model still reads it, and
// class-validator still enforces it on the reply. Whether a keyword is refused is the rules file's
// call (isStrictKeyword); this table only says how to phrase it. Notes follow the table's order.
const DESCRIPTION_MOVES: readonly DescriptionMove[] = [
  { keyword: 'format', note: ({ format }) => `(format: ${format})` },
  { keyword: 'pattern', note: ({ pattern }) => `(pattern: ${pattern})` },
  { keyword: 'minLength', note: ({ minLength }) => `(at least ${characters(minLength)})` },
  { keyword: 'maxLength', note: ({ maxLength }) => `(at most ${characters(maxLength)})` },
  {
    keyword: 'uniqueItems',
    note: ({ uniqueItems }) => (uniqueItems === true ? '(items must be unique)' : ''),
  },
  { keyword: 'examples', note: ({ examples }) => examplesNote(examples ?? []) },
];

const NULL_SCHEMA: JsonSchema = { type: 'null' };

/** A schema being rewritten: the same keywords, writable. */
type SchemaDraft = { -readonly [Keyword in keyof JsonSchema]: JsonSchema[Keyword] };

/**
 * Rewrites a schema for OpenAI structured outputs (`strict: true`): every object, nested ones and
 * `$defs` included, is closed and lists ALL its properties in `required`; a property that was
 * optional becomes `anyOf: [schema, { type: 'null' }]` with its description on the outer schema
 * (one the plain schema already wrapped that way is not wrapped again). What strict mode refuses
 * but a description can say (a format such as `uri`, string lengths, `uniqueItems`, `examples`, a
 * pattern with lookaround) moves into the description; a `$ref` never keeps sibling keywords.
 * Idempotent: a strict schema comes back equal.
 *
 * @param modelName the response model's name, to spell the path in an error.
 * @throws ConfigurationError naming the rule and the path when the result still breaks a strict
 * rule: a value of any type, an open object (`@IsObject()`), too deep or too large a schema.
 */
export function toStrictSchema(schema: JsonObjectSchema, modelName?: string): JsonObjectSchema {
  // `$defs` only sits on the root; it is replaced by the strict definitions below.
  const root = strictNode(schema) as JsonObjectSchema;
  const strict: JsonObjectSchema =
    schema.$defs === undefined
      ? root
      : {
          ...root,
          $defs: Object.fromEntries(
            Object.entries(schema.$defs).map(([name, definition]) => [
              name,
              strictNode(definition),
            ]),
          ),
        };
  checkStrictSchema(strict, modelName);
  return strict;
}

function strictNode(node: JsonSchema): JsonSchema {
  let result = withMovesToDescription(node);
  if (result.$ref !== undefined && result.description !== undefined) {
    // A description next to a $ref: the reference goes one level down, into a one-branch anyOf.
    const { $ref, description, ...others } = result;
    result = { ...others, description, anyOf: [{ $ref }] };
  }
  if (result.items !== undefined) result = { ...result, items: strictNode(result.items) };
  if (result.anyOf !== undefined) result = { ...result, anyOf: result.anyOf.map(strictNode) };
  if (result.properties !== undefined) {
    const required = new Set(result.required ?? []);
    const properties = Object.fromEntries(
      Object.entries(result.properties).map(([name, property]) => [
        name,
        required.has(name) ? strictNode(property) : strictOptional(property),
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

/** An optional property: required from now on, with `null` as the way to leave it out. */
function strictOptional(property: JsonSchema): JsonSchema {
  const { anyOf } = property;
  if (anyOf === undefined || !isBareUnion(property)) {
    // Moves first, so their notes land in the description that goes to the outer schema.
    const { description, ...inner } = withMovesToDescription(property);
    return strictNode(withDescription({ anyOf: [inner, NULL_SCHEMA] }, description));
  }
  const others = anyOf.filter((branch) => !isNullSchema(branch));
  if (others.length === anyOf.length) {
    // A union of its own: null joins its branches rather than wrapping it once more.
    return strictNode({ ...property, anyOf: [...anyOf, NULL_SCHEMA] });
  }
  const [only] = others;
  if (others.length === 1 && only !== undefined) {
    // Already `T | null` (the plain schema of @IsOptional): unwrapped and wrapped again, so the
    // result equals that of an unwrapped property (notes, a nested description on the outside).
    // Outer examples (the plain schema puts them beside the description) travel with it.
    const examples = property.examples ?? only.examples;
    const inner = examples === undefined ? only : { ...only, examples };
    return strictOptional(withDescription(inner, property.description ?? only.description));
  }
  return strictNode(property); // A union that already admits null.
}

function withMovesToDescription(node: JsonSchema): JsonSchema {
  const notes: string[] = [];
  const kept: SchemaDraft = { ...node };
  let moved = false;
  for (const move of DESCRIPTION_MOVES) {
    if (node[move.keyword] === undefined || isStrictKeyword(node, move.keyword)) continue;
    const note = move.note(node);
    if (note !== '') notes.push(note);
    delete kept[move.keyword];
    moved = true;
  }
  if (!moved) return node;
  const text = [node.description, ...notes].filter((part) => part !== undefined).join(' ');
  return withDescription(kept, text === '' ? undefined : text);
}

/** `schema` with `description` set, or without one when it is undefined (no undefined keys). */
function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
  const others: SchemaDraft = { ...schema };
  delete others.description;
  return description === undefined ? others : { ...others, description };
}

function isBareUnion(schema: JsonSchema): boolean {
  return Object.keys(schema).every(
    (keyword) => keyword === 'anyOf' || keyword === 'description' || keyword === 'examples',
  );
}

function isNullSchema(schema: JsonSchema): boolean {
  return schema.type === 'null' && Object.keys(schema).length === 1;
}

function characters(count: number | undefined): string {
  return count === 1 ? '1 character' : `${count} characters`;
}

function examplesNote(examples: readonly unknown[]): string {
  if (examples.length === 0) return '';
  const listed = examples.map((example) => JSON.stringify(example)).join(', ');
  return examples.length === 1 ? `(example: ${listed})` : `(examples: ${listed})`;
}
