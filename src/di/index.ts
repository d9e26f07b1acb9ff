export { registerInstructor } from './register-instructor';
export type { HookHandlerType, RegisterInstructorOptions } from './register-instructor.options';
export { OPENAI_CLIENT, openAIClientToken } from './openai-client.token';
export type {
  ClientToken,
  ContainerToken,
  DependencyContainerLike,
  ProviderLike,
} from './container.types';
