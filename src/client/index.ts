export { Instructor } from './instructor';
export { fromProvider, createOpenAIClient, type FromProviderOptions } from './from-provider';
export type { CreateParams, CreateResult } from './create-params';
export type { InstructorOptions, InstructorSettings, RequestDefaults } from './instructor-options';
