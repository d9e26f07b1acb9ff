// The public surface of class-instructor. Nothing outside this file is part of the API.
export {
  Instructor,
  fromProvider,
  type FromProviderOptions,
  type CallStream,
  type CreateParams,
  type CreateResult,
  type IterableParams,
  type PartialParams,
  type InstructorOptions,
  type InstructorSettings,
  type RequestDefaults,
  type RequestOptions,
} from './client';
export { Mode } from './modes';
export {
  Description,
  Example,
  type DescriptionDecorator,
  type ExampleDecorator,
  type JsonSchema,
  type JsonObjectSchema,
} from './schema';
export { getValidationContext } from './validation';
export {
  toStandardSchema,
  type ToStandardSchemaOptions,
  type StandardSchemaWithJSONSchemaV1,
  type StandardSchemaV1,
  type StandardSchemaV1Props,
  type StandardJSONSchemaV1,
  type StandardJSONSchemaV1Props,
  type StandardJSONSchemaConverter,
  type StandardJSONSchemaOptions,
  type StandardJSONSchemaTarget,
  type StandardResult,
  type StandardSuccessResult,
  type StandardFailureResult,
  type StandardIssue,
  type StandardPathSegment,
  type StandardTypes,
} from './standard-schema';
export type {
  DeepPartial,
  ElementOf,
  ResponseModel,
  ResponseModelClass,
  ResponseOf,
} from './response-model';
export {
  Hooks,
  HookName,
  OnHook,
  HOOK_WARNING_CODE,
  type AttemptInfo,
  type HookEventMap,
  type HookEventName,
  type HookHandler,
  type HookPayload,
  type HooksOptions,
  type OnHookOptions,
  type InstructorHookEvents,
} from './hooks';
export {
  InstructorError,
  ConfigurationError,
  ValidationError,
  InstructorRetryException,
  IncompleteOutputException,
  ProviderError,
  RefusalError,
  type FailedAttempt,
  type RetryStopReason,
} from './errors';
export type { ReaskOptions } from './retry';
export {
  SUPPORTED_PROVIDERS,
  type AzureOptions,
  type LocalModelOptions,
  type SdkClientOptions,
} from './providers';
export {
  registerInstructor,
  OPENAI_CLIENT,
  openAIClientToken,
  type RegisterInstructorOptions,
  type ClientToken,
  type DependencyContainerLike,
} from './di';
