export { registerInstructor } from './register-instructor';
export type { HookHandlerType, RegisterInstructorOptions } from './register-instructor.options';
export { OPENAI_CLIENT, openAIClientToken } from './derived-tokens';
export type {
  ClientToken,
  ContainerToken,
  DependencyContainerLike,
  ProviderLike,
} from './container.types';
