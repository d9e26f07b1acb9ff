import type { ValidationView } from '../internal';
import type { ClassConstructor } from './class-constructor';
import { getClassDescription, getClassExamples } from './description.accessor';
import type { JsonObjectSchema, JsonSchema } from './json-schema';
import { emptyModelError, noValidatorInGroupsError } from './model-configuration.errors';
import { readModelProperties } from './property-metadata.reader';
import { resolvePropertySchema } from './property-schema.resolver';

/** The class-validator options a schema describes: which validators run, which values are skipped. */
export interface SchemaView extends ValidationView {
  readonly skipMissingProperties?: boolean;
  readonly skipNullProperties?: boolean;
  readonly skipUndefinedProperties?: boolean;
}

/**
 * Builds the (non-strict) JSON schema of one response-model class. Nested classes are inlined; a
 * class met again while it is still being built (recursion) becomes `{ $ref: '#/$defs/Name' }`
 * and its schema is added to the root's `$defs`. One builder per root schema: it keeps the
 * recursion stack and the `$defs` of that root.
 */
export class ClassSchemaBuilder {
  private readonly inProgress: ClassConstructor[] = [];
  private readonly recursive = new Set<ClassConstructor>();
  private readonly definitionNames = new Map<ClassConstructor, string>();
  private readonly definitions: Record<string, JsonSchema> = {};

  constructor(private readonly view: SchemaView = {}) {}

  /** The schema of `model`, with `$defs` when some class in it refers to itself. */
  build(model: ClassConstructor): JsonObjectSchema {
    const schema = this.objectSchema(model);
    return Object.keys(this.definitions).length === 0
      ? schema
      : { ...schema, $defs: { ...this.definitions } };
  }

  private readonly schemaForClass = (model: ClassConstructor): JsonSchema => {
    if (this.inProgress.includes(model)) {
      this.recursive.add(model);
      return { $ref: `#/$defs/${this.definitionName(model)}` };
    }
    return this.objectSchema(model);
  };

  private objectSchema(model: ClassConstructor): JsonObjectSchema {
    this.inProgress.push(model);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    try {
      const modelProperties = readModelProperties(model, this.view);
      // No properties: an empty schema the LLM can only answer with `{}`, or metadata read from
      // another copy of class-validator than the one that decorated the class.
      if (modelProperties.length === 0) {
        throw readModelProperties(model).length > 0
          ? noValidatorInGroupsError(model, this.view)
          : emptyModelError(model);
      }
      const { skipMissingProperties, skipNullProperties, skipUndefinedProperties } = this.view;
      for (const property of modelProperties) {
        // What class-validator skips: `optional` (null allowed) also when the options skip nulls.
        const mayBeNull =
          property.optional || skipMissingProperties === true || skipNullProperties === true;
        const mayBeMissing =
          property.optional || skipMissingProperties === true || skipUndefinedProperties === true;
        properties[property.name] = resolvePropertySchema(
          mayBeNull === property.optional ? property : { ...property, optional: mayBeNull },
          this.schemaForClass,
        );
        if (!mayBeMissing) required.push(property.name);
      }
    } finally {
      this.inProgress.pop();
    }
    const description = getClassDescription(model);
    const examples = getClassExamples(model);
    const schema: JsonObjectSchema = {
      type: 'object',
      ...(description === undefined ? {} : { description }),
      ...(examples === undefined ? {} : { examples }),
      properties,
      required,
      additionalProperties: false,
    };
    if (this.recursive.has(model)) this.definitions[this.definitionName(model)] = schema;
    return schema;
  }

  /** `$defs` key of a class: its name, suffixed when two distinct classes share one. */
  private definitionName(model: ClassConstructor): string {
    const known = this.definitionNames.get(model);
    if (known !== undefined) return known;
    const base = model.name || 'Model';
    const taken = new Set(this.definitionNames.values());
    let name = base;
    for (let suffix = 2; taken.has(name); suffix += 1) name = `${base}${suffix}`;
    this.definitionNames.set(model, name);
    return name;
  }
}
