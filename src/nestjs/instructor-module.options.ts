import type { FromProviderOptions } from '../client';

/**
 * Options of `InstructorModule.forRoot(options)`, and what a `forRootAsync` factory returns: every
 * `fromProvider` option, and the model. Checked when the app boots (a `ConfigurationError`).
 */
export interface InstructorModuleOptions extends FromProviderOptions {
  /**
   * `"provider/model-name"`, split at the first slash, as in `fromProvider`; the model name
   * becomes every call's default.
   */
  model: string;
}

/**
 * Options that shape the module itself, given next to the others to `forRoot`, or next to
 * `useFactory` to `forRootAsync` (never returned by its factory: they are needed before it runs).
 */
export interface InstructorModuleExtras {
  /**
   * Registers a further client under this name: inject it with `@InjectInstructor(name)`, mark
   * its hooks with `@OnHook(event, { client: name })`, override its `OpenAI` instance under
   * `getOpenAIClientToken(name)`. Left out, the client is the default one, injected by its class
   * (`Instructor`) or with `@InjectInstructor()`.
   */
  name?: string;
  /**
   * Makes the client (and its `OpenAI` instance) injectable in every module of the app, not only
   * in those that import this one.
   * @default false
   */
  isGlobal?: boolean;
}
