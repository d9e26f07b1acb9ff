export type {
  DeepPartial,
  ElementOf,
  ResponseModel,
  ResponseModelClass,
  ResponseOf,
} from './response-model';
export type { ResponseTarget } from './response-target';
export { resolveResponseTarget } from './response-target.resolver';
export { listTargetFor, LIST_PROPERTY } from './list.target';
export { ClassTarget } from './class.target';
