export { registerInstructor } from './register-instructor';
export type { HookHandlerType, RegisterInstructorOptions } from './register-instructor.options';
export { OPENAI_CLIENT, openAIClientToken } from './openai-client.token';
