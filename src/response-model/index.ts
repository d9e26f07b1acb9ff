export type { ResponseModel, ResponseModelClass, ResponseOf } from './response-model';
export type { ResponseTarget } from './response-target';
export { resolveResponseTarget } from './response-target.resolver';
