import type { InjectionToken } from 'tsyringe';
import type { FromProviderOptions, Instructor } from '../client';

/**
 * A hook handler class: the container constructs it (`@injectable()` when its constructor takes
 * dependencies) and its `@OnHook` methods become client-level hooks.
 */
export type HookHandlerType = Extract<InjectionToken<object>, new (...args: never[]) => object>;

/** Options of `registerInstructor(container, options)`: every `fromProvider` option, and more. */
export interface RegisterInstructorOptions extends FromProviderOptions {
  /**
   * `"provider/model-name"`, split at the first slash, as in `fromProvider`; the model name
   * becomes every call's default. Checked when registering.
   */
  model: string;
  /**
   * Classes with `@OnHook` methods. Each is registered container-scoped (unless the container
   * already has a registration for it), constructed by the container with its own dependencies,
   * and its hooks run after `hooks`, in the order given, each class's in declaration order.
   * @default []
   */
  handlers?: readonly HookHandlerType[];
  /**
   * Token the client is registered under; give another one (a string, a symbol) for a second
   * client, injected with `@inject(token)`. Its `OpenAI` instance is `openAIClientToken(token)`.
   * @default Instructor
   */
  token?: InjectionToken<Instructor>;
}
