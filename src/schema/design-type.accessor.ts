/// <reference types="reflect-metadata" />
import type { AnyClass } from './class-constructor';

/**
 * The TypeScript type TypeScript recorded for a decorated property (`emitDecoratorMetadata`):
 * `String`, `Number`, `Boolean`, `Array`, `Object` (unions, `unknown`, interfaces), a class, or
 * `undefined` when nothing was emitted (no decorator, metadata not emitted, or `reflect-metadata`
 * loaded after the class was defined) or the polyfill is missing.
 */
export function getDesignType(model: AnyClass, propertyName: string): unknown {
  if (!canReadDesignTypes()) return undefined;
  return Reflect.getMetadata('design:type', model.prototype as object, propertyName) as unknown;
}

/** False when the `reflect-metadata` polyfill is not loaded, so no `design:type` can be read. */
export function canReadDesignTypes(): boolean {
  return typeof Reflect.getMetadata === 'function';
}
