export { Instructor } from './instructor';
export {
  fromProvider,
  checkNoConnectionOptions,
  FROM_PROVIDER_OPTION_NAMES,
  type FromProviderOptions,
} from './from-provider';
export type { RequestOptions } from './request-options';
export type { CreateParams, CreateResult, IterableParams, PartialParams } from './create-params';
export type { CallStream } from './call-stream';
export {
  checkOptionNames,
  INSTRUCTOR_SETTING_NAMES,
  type InstructorOptions,
  type InstructorSettings,
  type RequestDefaults,
} from './instructor-options';
