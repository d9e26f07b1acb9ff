export {
  getValidationContext,
  runWithAsyncValidationContext,
  runWithValidationContext,
} from './validation-context';
export { formatValidationErrors } from './validation-errors.formatter';
export { hasAsyncValidators } from './async-validators.detector';
export { toValidatedInstance, type ModelClass } from './model-validator';
