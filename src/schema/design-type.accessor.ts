/// <reference types="reflect-metadata" />
import type { AnyClass } from './class-constructor';

/**
 * The TypeScript type TypeScript recorded for a decorated property (`emitDecoratorMetadata`):
 * `String`, `Number`, `Boolean`, `Array`, `Object` (unions, `unknown`, interfaces), a class, or
 * `undefined` when nothing was emitted (no decorator, or the polyfill is missing).
 */
export function getDesignType(model: AnyClass, propertyName: string): unknown {
  if (typeof Reflect.getMetadata !== 'function') return undefined;
  return Reflect.getMetadata('design:type', model.prototype as object, propertyName) as unknown;
}
