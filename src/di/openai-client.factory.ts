import type OpenAI from 'openai';
import { CONNECTION_OPTION_NAMES, createProviderClient, pick } from '../providers';
import type { DependencyContainerLike } from './container.types';
import type { InstructorRegistration } from './instructor-registration';

/** One SDK instance per registration, built on first use. */
const built = new WeakMap<InstructorRegistration, OpenAI>();

/**
 * The factory registered under `openAIClientToken(token)`. It reads the registration visible from
 * the resolving container (so a child that re-registers `token` gets a client for its own options)
 * and builds the SDK instance lazily: the API key is looked up, and a missing one reported as a
 * `ConfigurationError`, only when a client that needs it is first resolved.
 */
export function openAIClientFactory(
  registrationToken: symbol,
): (container: DependencyContainerLike) => OpenAI {
  return (container) => {
    const registration = container.resolve(registrationToken) as InstructorRegistration;
    const { client } = registration.options;
    if (client !== undefined) return client;
    let openai = built.get(registration);
    if (openai === undefined) {
      openai = createProviderClient(
        registration.provider,
        pick(registration.options, CONNECTION_OPTION_NAMES),
      );
      built.set(registration, openai);
    }
    return openai;
  };
}
