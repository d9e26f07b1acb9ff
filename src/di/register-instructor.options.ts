import type OpenAI from 'openai';
import type { FromProviderOptions } from '../client';
import type { ClientToken, ConstructorLike } from './container.types';

/**
 * A hook handler class: the container constructs it (`@injectable()` when its constructor takes
 * dependencies) and its `@OnHook` methods become client-level hooks.
 */
export type HookHandlerType = ConstructorLike<object>;

/** Options of `registerInstructor(container, options)`: every `fromProvider` option, and more. */
export interface RegisterInstructorOptions extends FromProviderOptions {
  /**
   * `"provider/model-name"`, split at the first slash, as in `fromProvider`; the model name
   * becomes every call's default. Checked when registering.
   */
  model: string;
  /**
   * An existing `OpenAI` instance to use as is (`apiKey`, `baseURL` and the SDK client options
   * cannot be given with it). Given (as are those options), it is registered under
   * `openAIClientToken(token)` in this container, over any registration an ancestor has. When
   * none of them is given, an
   * `OPENAI_CLIENT` (or `openAIClientToken(token)`) the container or an ancestor already has is
   * kept; else one is built from the provider preset when the client is first resolved.
   */
  client?: OpenAI;
  /**
   * API key; defaults to the provider's environment variable (`OPENAI_API_KEY` for openai), read
   * when the client is first resolved. Given, the `OpenAI` instance built with it is registered in
   * this container, over any registration an ancestor has (see `client`).
   */
  apiKey?: string;
  /**
   * Base URL of the provider's OpenAI-compatible API; defaults to the provider's preset. Given,
   * the `OpenAI` instance built with it is registered in this container, over any registration an
   * ancestor has (see `client`).
   */
  baseURL?: string;
  /**
   * Classes with `@OnHook` methods. Each is constructed by the container with its own
   * dependencies, one instance per container (a child container's own, whenever the child was
   * created; `container.resolve(Handler)` is the instance that container's client calls), unless
   * the container or an ancestor already has a registration for the class, which is kept. Their
   * hooks run after `hooks`, in the order given, each class's in declaration order.
   * @default []
   */
  handlers?: readonly HookHandlerType[];
  /**
   * Token the client is registered under; give another one (a string, a symbol) for a second
   * client, injected with `@inject(token)`. Its `OpenAI` instance is `openAIClientToken(token)`.
   * Each token is registered once per container (again is a `ConfigurationError`).
   * @default Instructor
   */
  token?: ClientToken;
}
