export { InstructorError, type InstructorErrorOptions } from './instructor.error';
export { ConfigurationError } from './configuration.error';
export { ValidationError, type ValidationErrorOptions } from './validation.error';
export {
  IncompleteOutputException,
  type IncompleteOutputExceptionOptions,
} from './incomplete-output.exception';
export { RefusalError, type RefusalErrorOptions } from './refusal.error';
export { ProviderError, type ProviderErrorOptions } from './provider.error';
export {
  InstructorRetryException,
  type InstructorRetryExceptionOptions,
  type FailedAttempt,
  type RetryStopReason,
} from './instructor-retry.exception';
