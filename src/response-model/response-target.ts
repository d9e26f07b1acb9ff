import type { JsonObjectSchema } from '../schema';

/**
 * Everything a mode needs to know about what it asks for, independent of how it asks:
 * the name tools and `json_schema` use, the description, the schemas, and how to turn the
 * extracted JSON value into the caller's result.
 */
export interface ResponseTarget<T = unknown> {
  /** Tool / json_schema name: the class name, or `Response` for bare values. */
  readonly name: string;
  /** The class's `@Description`, or a default sentence naming the class. */
  readonly description: string;
  /** JSON Schema for the arguments / content (cached; do not mutate). */
  schema(strict: boolean): JsonObjectSchema;
  /**
   * Turns the extracted, already JSON-parsed payload into the result, or fails with
   * `ValidationError`: synchronously (a value, or a throw) when nothing async validates it.
   */
  parse(value: unknown, rawText: string, context: unknown): T | Promise<T>;
  /**
   * A value a mode derives from the target alone (its tool definition, its prompt), computed once
   * per `name` and kept with the target, which lives as long as its class.
   */
  derived<V>(name: string, compute: () => V): V;
}
