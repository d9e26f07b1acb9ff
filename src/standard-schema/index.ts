export { toStandardSchema, type ToStandardSchemaOptions } from './to-standard-schema';
export type {
  StandardFailureResult,
  StandardIssue,
  StandardJSONSchemaConverter,
  StandardJSONSchemaOptions,
  StandardJSONSchemaTarget,
  StandardJSONSchemaV1,
  StandardJSONSchemaV1Props,
  StandardPathSegment,
  StandardResult,
  StandardSchemaV1,
  StandardSchemaV1Props,
  StandardSchemaWithJSONSchemaV1,
  StandardSuccessResult,
  StandardTypes,
} from './standard-schema.types';
