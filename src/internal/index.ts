// Internal helpers: not part of the public API, may change without notice. Do not import from outside src/.
export { assertReflectMetadata } from './reflect-metadata.guard';
export { parseUntrustedJson, stripDangerousKeys, type JsonParseResult } from './untrusted-json';
export { redactSecrets } from './redact-secrets';
export {
  findTypeClass,
  hasOnlyPlainTypeMetadata,
  hasTypeDecorator,
} from './class-transformer-metadata';
export type { AnyClass, ClassConstructor } from './class-types';
export { isBuiltInClass, OPAQUE_BUILT_INS } from './built-in-classes';
export { boundedJson, truncate } from './bounded-text';
export { ToolCallIndexer } from './tool-call.indexer';
export { defineKeyedModelFact, defineModelFact } from './model-descriptor';
export { isThenable, settle } from './thenable';
export {
  ALL_VALIDATORS,
  readValidationRules,
  type ConstraintValidator,
  validationViewKey,
  type ValidationRule,
  type ValidationRuleKind,
  type ValidationView,
} from './class-validator-metadata';
