/// <reference types="reflect-metadata" />
import { ConfigurationError } from '../errors';
import { assertReflectMetadata } from '../internal';
import type { AnyClass } from './class-constructor';
import { EXAMPLES_METADATA } from './description.constants';

/** What `@Example(value)` returns: usable on a class or on a (string-named) property. */
export interface ExampleDecorator {
  (target: AnyClass): void;
  (target: object, propertyKey: string, descriptor?: undefined): void;
}

/**
 * Shows the LLM an example value: it becomes an entry of the JSON schema's `examples` (of the
 * property, or of the class's object schema). Repeat the decorator for several; they keep their
 * written order. The value must be plain JSON (it is sent as is).
 *
 * @example
 * ```ts
 * class User {
 *   @IsString() @Example('Ada Lovelace') @Example('Alan Turing') name!: string;
 * }
 * ```
 */
export function Example(value: unknown): ExampleDecorator {
  const json = asJson(value);
  return (target: object, propertyKey?: string): void => {
    assertReflectMetadata();
    // Decorators apply bottom-up: prepend, so the list reads in written order. Copy, never push:
    // an inherited list belongs to the parent.
    const own = (
      propertyKey === undefined
        ? Reflect.getOwnMetadata(EXAMPLES_METADATA, target)
        : Reflect.getOwnMetadata(EXAMPLES_METADATA, target, propertyKey)
    ) as readonly unknown[] | undefined;
    const examples = Object.freeze([json, ...(own ?? [])]);
    if (propertyKey === undefined) Reflect.defineMetadata(EXAMPLES_METADATA, examples, target);
    else Reflect.defineMetadata(EXAMPLES_METADATA, examples, target, propertyKey);
  };
}

/** A deep, frozen copy of `value`; anything JSON would not carry as is is a ConfigurationError now. */
function asJson(value: unknown): unknown {
  const problem = jsonProblem(value, '', new Set());
  if (problem !== undefined) {
    throw new ConfigurationError({
      message: `@Example(...) needs a plain JSON value, but ${problem}.`,
    });
  }
  return deepFreeze(JSON.parse(JSON.stringify(value)) as unknown);
}

/** Why `value` is not plain JSON (a lossy or failing `JSON.stringify`), or undefined. */
function jsonProblem(value: unknown, path: string, seen: Set<object>): string | undefined {
  const where = path === '' ? 'the value' : `\`${path}\``;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : `${where} is ${String(value)}`;
  }
  if (typeof value !== 'object') return `${where} is a ${typeof value}`;
  if (seen.has(value)) return `${where} refers back to itself`;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
    return `${where} is a ${value.constructor?.name ?? 'class instance'}, not a plain object`;
  }
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    const problem = jsonProblem(item, path === '' ? key : `${path}.${key}`, seen);
    if (problem !== undefined) return problem;
  }
  seen.delete(value);
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
