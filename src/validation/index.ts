export {
  getValidationContext,
  runWithAsyncValidationContext,
  runWithValidationContext,
} from './validation-context';
export { formatValidationErrors } from './validation-errors.formatter';
export { hasAsyncValidators } from './async-validators.detector';
export {
  toValidatedInstance,
  toValidatedInstanceSync,
  validatedInstance,
  type ModelClass,
  type ValidationRun,
} from './model-validator';
export {
  DEFAULT_VALIDATOR_OPTIONS,
  DEFAULT_VALIDATOR_SETTINGS,
  mergeValidatorOptions,
  type ValidatorSettings,
} from './validator-options';
