import { ConfigurationError } from '../errors';
import type { JsonSchema, JsonSchemaTypeName } from './json-schema';

// OpenAI structured outputs (`strict: true`: Mode.TOOLS_STRICT, Mode.JSON_SCHEMA) accept a subset
// of JSON Schema. The facts below come from the structured-outputs guide, section "Supported
// schemas" (developers.openai.com/api/docs/guides/structured-outputs#supported-schemas), checked
// against OpenAI's own SDKs (openai-python `to_strict_json_schema`, openai-java
// `JsonSchemaValidator`) and reported API refusals. Where sources disagree the stricter one wins;
// each such choice says so where it is encoded.

const GUIDE = 'OpenAI structured-outputs guide, "Supported schemas"';
const count = (value: number): string => value.toLocaleString('en-US');
const LOOSE_MODES = 'or use Mode.TOOLS or Mode.JSON, which send the schema without strict: true';

/** The numbers of the size rules. */
export const STRICT_LIMITS = {
  /** Sub-schema levels below the root (root 0; a property, items, anyOf branch or $defs entry +1). */
  // A mid-2025 copy of the guide said 5 levels, as openai-java did until openai/openai-java#732;
  // its maintainers confirmed the guide's 10 there: a superseded number, not a disagreement.
  maxNestingDepth: 10,
  /** Entries of every `properties`, root tree and `$defs` together. */
  maxObjectProperties: 5000,
  /** Characters of property names, `$defs` names, enum values and const values (as text). */
  maxTotalStringLength: 120_000,
  /** Values of every `enum` together. */
  maxEnumValues: 1000,
  /** A string enum with more values than this is also bound by `maxLargeEnumStringLength`. */
  largeEnumValueCount: 250,
  maxLargeEnumStringLength: 15_000,
} as const;

/** String formats strict mode accepts; any other makes the whole request fail with a 400. */
export const STRICT_FORMATS: ReadonlySet<string> = new Set([
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

/** One rule of OpenAI's strict schema subset. */
export interface StrictRule {
  /** What the rule demands, in one sentence (the docs table and every error message use it). */
  readonly demand: string;
  /** What a user can change in the response model when the rule is broken. */
  readonly remedy: string;
  /** Where the rule is documented or was observed. */
  readonly source: string;
}

// One row per rule; the walker below names the row of every violation it reports.
export const STRICT_RULES = {
  'root-object': {
    demand: 'The root schema must be an object, not an anyOf',
    remedy: `Make the response model a class, ${LOOSE_MODES}.`,
    source: `${GUIDE}: "Root objects must not be anyOf and must be an object"`,
  },
  'typed-value': {
    demand: 'Strict modes (TOOLS_STRICT, JSON_SCHEMA) need a JSON type for every value',
    remedy: `Give the property a type validator (for array elements, one with { each: true }), ${LOOSE_MODES}.`,
    source:
      'openai-java JsonSchemaValidator: exactly one of type, anyOf or $ref; an array needs items',
  },
  'closed-object': {
    demand: 'Every object must declare its properties and set additionalProperties: false',
    remedy: `Replace an open object (@IsObject(), a map) with a nested class (@ValidateNested() and @Type(() => Class)), ${LOOSE_MODES}.`,
    source: `${GUIDE}: "additionalProperties: false must always be set in objects"`,
  },
  'all-required': {
    demand:
      'Every property of an object must be listed in its required (optional ones as anyOf [T, null])',
    remedy: 'Build strict schemas with toStrictSchema, which requires every property.',
    source: `${GUIDE}: "All fields must be required"`,
  },
  'supported-keyword': {
    demand: 'Only the keywords of the strict subset may appear, each on the type it belongs to',
    remedy: `Drop the keyword (validation still enforces the validator behind it), ${LOOSE_MODES}.`,
    source: `${GUIDE}: supported properties per type and "Some type-specific keywords are not yet supported"`,
  },
  'supported-format': {
    demand: `A string format must be one of ${[...STRICT_FORMATS].join(', ')}`,
    remedy:
      'Build strict schemas with toStrictSchema, which moves other formats into the description.',
    source: `${GUIDE}: supported string formats`,
  },
  'supported-pattern': {
    demand: 'A pattern may not use lookaround, backreferences or Unicode property escapes',
    remedy:
      'Build strict schemas with toStrictSchema, which moves such a pattern into the description.',
    // Only lookaround is confirmed by OpenAI's own error; \p{…} was measured on OpenAI's Codex
    // backend by a third party, backreferences on another backend (no constrained decoder can
    // enforce them): both refused here as the stricter reading.
    source:
      'API error "Invalid JSON schema: regex lookaround is not supported" (vercel/ai#21037, pydantic-ai#5519, BerriAI/litellm#40485); \\p{…} and backreferences refused by RE2-style validators (sbluemin/fleet-harness#1140)',
  },
  'ref-alone': {
    demand: 'A $ref must stand alone, without sibling keywords',
    remedy: 'Build strict schemas with toStrictSchema, which moves a description off its $ref.',
    source:
      'openai-python to_strict_json_schema: "we can\'t use $refs if there are also other properties defined" (openai-java allows description and title next to it; the stricter rule wins)',
  },
  'ref-target': {
    demand: 'A $ref must point at the root (#) or at an entry of the root $defs',
    remedy: 'Keep every definition in the root $defs.',
    source: `${GUIDE}: "Definitions are supported", "Recursive schemas are supported"; openai-java checks every $ref resolves`,
  },
  'max-nesting-depth': {
    demand: `A schema may nest at most ${STRICT_LIMITS.maxNestingDepth} levels below its root`,
    remedy: `Flatten the response model (fewer nested classes or optional wrappers), ${LOOSE_MODES}.`,
    source: `${GUIDE}: "up to 10 levels of nesting" (openai-java counted 5 until openai/openai-java#732 aligned it with the guide); levels counted as openai-java does`,
  },
  'max-object-properties': {
    demand: `A schema may have at most ${STRICT_LIMITS.maxObjectProperties} object properties in total`,
    remedy: `Split the response model, ${LOOSE_MODES}.`,
    source: `${GUIDE}: "up to 5000 object properties total" (100 before July 2025)`,
  },
  'max-string-length': {
    demand: `Property names, definition names, enum values and const values may total at most ${count(STRICT_LIMITS.maxTotalStringLength)} characters`,
    remedy: `Shorten names and enum values, or split the response model, ${LOOSE_MODES}.`,
    source: `${GUIDE}: "Limitations on total string size" (15,000 before July 2025)`,
  },
  'max-enum-values': {
    demand: `A schema may have at most ${STRICT_LIMITS.maxEnumValues} enum values across all its enums`,
    remedy: `Replace a long enum with a described string, ${LOOSE_MODES}.`,
    source: `${GUIDE}: "Limitations on enum size" (500 before July 2025)`,
  },
  'max-large-enum-length': {
    demand: `One string enum with more than ${STRICT_LIMITS.largeEnumValueCount} values may total at most ${count(STRICT_LIMITS.maxLargeEnumStringLength)} characters`,
    remedy: `Shorten its values, or replace it with a described string, ${LOOSE_MODES}.`,
    source: `${GUIDE}: "Limitations on enum size" (7,500 before July 2025)`,
  },
} as const satisfies Readonly<Record<string, StrictRule>>;

/** The name of one row of {@link STRICT_RULES}. */
export type StrictRuleName = keyof typeof STRICT_RULES;

const SCALAR = ['type', 'description', 'enum', 'const'] as const;
const NUMERIC = [
  ...SCALAR,
  'multipleOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
];

/**
 * The keywords strict mode accepts on a schema of each type. minLength/maxLength are left out:
 * the guide lists only pattern and format for strings (its fine-tuned-models note implies more,
 * openai-java accepts neither); the stricter reading wins and toStrictSchema moves them into the
 * description. `title`, `default` and `examples` are in no list of the guide either.
 */
export const STRICT_KEYWORDS_BY_TYPE: Readonly<Record<JsonSchemaTypeName, readonly string[]>> = {
  string: [...SCALAR, 'pattern', 'format'],
  number: NUMERIC,
  integer: NUMERIC,
  boolean: SCALAR,
  null: ['type', 'description'],
  array: ['type', 'description', 'items', 'minItems', 'maxItems'],
  object: ['type', 'description', 'properties', 'required', 'additionalProperties'],
};

/** Keywords of a schema without `type`: a bare enum/const, a union, or a reference. */
const UNTYPED_KEYWORDS = {
  enum: ['description', 'enum', 'const'],
  anyOf: ['description', 'anyOf'],
  $ref: ['$ref'],
} as const;

/** Regex features strict mode refuses in `pattern`, found outside escapes (`\(?=` is literal). */
const UNSUPPORTED_PATTERN_FEATURES: readonly { readonly name: string; readonly at: RegExp }[] = [
  { name: 'lookahead', at: /^\(\?[=!]/ },
  { name: 'lookbehind', at: /^\(\?<[=!]/ },
  { name: 'backreference', at: /^\\(?:[1-9]|k<)/ },
  { name: 'Unicode property escape', at: /^\\[pP]\{/ },
];

/** The first regex feature of `pattern` that strict mode refuses, if any. */
export function unsupportedPatternFeature(pattern: string): string | undefined {
  for (let index = 0; index < pattern.length; index += pattern[index] === '\\' ? 2 : 1) {
    const rest = pattern.slice(index);
    const feature = UNSUPPORTED_PATTERN_FEATURES.find(({ at }) => at.test(rest));
    if (feature !== undefined) return feature.name;
  }
  return undefined;
}

/** Whether strict mode accepts `keyword` with the value it has on `node`. */
export function isStrictKeyword(node: JsonSchema, keyword: string): boolean {
  if (!allowedKeywords(node).includes(keyword)) return false;
  if (keyword === 'format') return node.format === undefined || STRICT_FORMATS.has(node.format);
  if (keyword === 'pattern') {
    return node.pattern === undefined || unsupportedPatternFeature(node.pattern) === undefined;
  }
  return true;
}

function allowedKeywords(node: JsonSchema): readonly string[] {
  if (node.$ref !== undefined) return UNTYPED_KEYWORDS.$ref;
  if (node.anyOf !== undefined) return UNTYPED_KEYWORDS.anyOf;
  if (node.type !== undefined) return STRICT_KEYWORDS_BY_TYPE[node.type] ?? [];
  return UNTYPED_KEYWORDS.enum;
}

/** One place where a schema breaks a strict rule. */
export interface Violation {
  readonly rule: StrictRuleName;
  /** JSON pointer of the offending schema node (`#/properties/address/properties/zip`). */
  readonly pointer: string;
  /** Its property path (`address.zip`, `previous[].city`, `$defs.Node.label`); '' at the root. */
  readonly path: string;
  /** What is wrong there, with the numbers. */
  readonly detail: string;
}

interface Place {
  readonly pointer: string;
  readonly path: string;
  readonly depth: number;
}

/**
 * Every violation of the strict rules in `schema`, in walk order (root first, then depth-first,
 * then the totals). Pure: the tests and `checkStrictSchema` share it.
 */
export function strictSchemaViolations(schema: JsonSchema): Violation[] {
  const violations: Violation[] = [];
  const totals = { objectProperties: 0, stringLength: 0, enumValues: 0 };
  const definitions = new Set(Object.keys(schema.$defs ?? {}));
  const report = (rule: StrictRuleName, place: Place, detail: string): void => {
    violations.push({ rule, pointer: place.pointer, path: place.path, detail });
  };
  const child = (place: Place, pointer: string, path: string): Place => ({
    pointer: `${place.pointer}/${pointer}`,
    path,
    depth: place.depth + 1,
  });
  const join = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);

  const visit = (node: JsonSchema, place: Place): void => {
    if (place.depth > STRICT_LIMITS.maxNestingDepth) {
      // Deeper levels would only repeat this violation.
      return report('max-nesting-depth', place, `it is ${place.depth} levels deep`);
    }
    const allowed = allowedKeywords(node);
    for (const keyword of Object.keys(node)) {
      if (allowed.includes(keyword) || (place.depth === 0 && keyword === '$defs')) continue;
      if (node.$ref !== undefined) report('ref-alone', place, `"${keyword}" sits next to its $ref`);
      else report('supported-keyword', place, `"${keyword}" is not allowed ${where(node)}`);
    }
    if (node.$ref !== undefined) {
      const name = node.$ref.startsWith('#/$defs/') ? node.$ref.slice(8) : undefined;
      if (node.$ref !== '#' && (name === undefined || !definitions.has(name))) {
        report('ref-target', place, `${node.$ref} names no root definition`);
      }
      return; // References are not followed: they add no depth (openai-java).
    }
    if (node.anyOf !== undefined) {
      if (node.anyOf.length === 0) report('typed-value', place, 'its anyOf has no branch');
      node.anyOf.forEach((branch, index) =>
        visit(branch, child(place, `anyOf/${index}`, place.path)),
      );
      return;
    }
    if (node.type === undefined && node.enum === undefined && node.const === undefined) {
      return report('typed-value', place, 'it accepts any value');
    }
    if (node.format !== undefined && !STRICT_FORMATS.has(node.format)) {
      report('supported-format', place, `format "${node.format}" is not supported`);
    }
    const feature =
      node.pattern === undefined ? undefined : unsupportedPatternFeature(node.pattern);
    if (feature !== undefined) report('supported-pattern', place, `its pattern uses a ${feature}`);
    if (node.enum !== undefined) countEnum(node.enum, place);
    if (node.const !== undefined) totals.stringLength += String(node.const).length;
    if (node.type === 'array') {
      if (node.items === undefined) report('typed-value', place, 'an array without items');
      else visit(node.items, child(place, 'items', `${place.path}[]`));
    }
    if (node.type === 'object') visitObject(node, place);
  };

  const visitObject = (node: JsonSchema, place: Place): void => {
    const names = Object.keys(node.properties ?? {});
    if (names.length === 0) report('closed-object', place, 'an object declares no properties');
    else if (node.additionalProperties !== false) {
      report('closed-object', place, 'an object without additionalProperties: false');
    }
    const required = new Set(node.required ?? []);
    const missing = names.filter((name) => !required.has(name));
    if (missing.length > 0) report('all-required', place, `required lacks ${missing.join(', ')}`);
    const unknown = [...required].filter((name) => !names.includes(name));
    if (unknown.length > 0)
      report('all-required', place, `required names ${unknown.join(', ')}, no property`);
    for (const name of names) {
      totals.objectProperties += 1;
      totals.stringLength += name.length;
      const property = node.properties?.[name] ?? {};
      visit(property, child(place, `properties/${escapePointer(name)}`, join(place.path, name)));
    }
  };

  const countEnum = (values: readonly unknown[], place: Place): void => {
    totals.enumValues += values.length;
    let textLength = 0;
    for (const value of values) textLength += String(value).length;
    totals.stringLength += textLength;
    // The guide says "with string values"; any string enum counts, typed or not.
    const strings = values.filter((value): value is string => typeof value === 'string');
    const stringLength = strings.reduce((sum, value) => sum + value.length, 0);
    if (
      strings.length > STRICT_LIMITS.largeEnumValueCount &&
      stringLength > STRICT_LIMITS.maxLargeEnumStringLength
    ) {
      report(
        'max-large-enum-length',
        { ...place, pointer: `${place.pointer}/enum` },
        `its ${strings.length} values total ${stringLength} characters (limit ${STRICT_LIMITS.maxLargeEnumStringLength})`,
      );
    }
  };

  const root: Place = { pointer: '#', path: '', depth: 0 };
  if (schema.type !== 'object' || schema.anyOf !== undefined) {
    report(
      'root-object',
      root,
      `the root is ${schema.anyOf !== undefined ? 'an anyOf' : `of type ${schema.type ?? 'none'}`}`,
    );
  }
  visit(schema, root);
  for (const [name, definition] of Object.entries(schema.$defs ?? {})) {
    totals.stringLength += name.length;
    visit(definition, child(root, `$defs/${escapePointer(name)}`, `$defs.${name}`));
  }

  if (totals.objectProperties > STRICT_LIMITS.maxObjectProperties) {
    report(
      'max-object-properties',
      root,
      `it has ${totals.objectProperties} (limit ${STRICT_LIMITS.maxObjectProperties})`,
    );
  }
  if (totals.stringLength > STRICT_LIMITS.maxTotalStringLength) {
    report(
      'max-string-length',
      root,
      `they total ${totals.stringLength} (limit ${STRICT_LIMITS.maxTotalStringLength})`,
    );
  }
  if (totals.enumValues > STRICT_LIMITS.maxEnumValues) {
    report(
      'max-enum-values',
      root,
      `it has ${totals.enumValues} (limit ${STRICT_LIMITS.maxEnumValues})`,
    );
  }
  return violations;
}

/**
 * Throws a ConfigurationError for the first strict rule `schema` breaks, naming the rule and where
 * (`User.address.zip (#/properties/address/properties/zip)`). Checked before any request, so a
 * schema OpenAI would refuse with a 400 never leaves the process.
 *
 * @param modelName the response model's class name, used to spell the property path.
 */
export function checkStrictSchema(schema: JsonSchema, modelName?: string): void {
  const [first] = strictSchemaViolations(schema);
  if (first === undefined) return;
  const rule = STRICT_RULES[first.rule];
  const subject =
    modelName === undefined ? 'The strict schema' : `The strict schema of ${modelName}`;
  throw new ConfigurationError({
    message:
      `${subject} breaks OpenAI's strict-mode rule "${first.rule}" at ` +
      `${location(first, modelName)}: ${first.detail}. ${rule.demand}. ${rule.remedy}`,
  });
}

function location(violation: Violation, modelName: string | undefined): string {
  if (modelName === undefined) return violation.pointer;
  const { path } = violation;
  // A definition is a class: its name reads better than the model's name and "$defs".
  const dotted = path.startsWith('$defs.')
    ? path.slice(6)
    : path === ''
      ? modelName
      : `${modelName}.${path}`;
  return `${dotted} (${violation.pointer})`;
}

function where(node: JsonSchema): string {
  if (node.anyOf !== undefined) return 'next to anyOf';
  if (node.type !== undefined) return `on type ${node.type}`;
  return 'on an untyped schema';
}

/** RFC 6901: `~` and `/` inside a property name. */
function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
