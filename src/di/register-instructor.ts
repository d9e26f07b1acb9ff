import { CONNECTION_OPTION_NAMES } from '../providers';
import { ConfigurationError } from '../errors';
import { assertReflectMetadata } from '../internal';
import type { DependencyContainerLike } from './container.types';
import { describeToken } from './derived-tokens';
import { registerHookHandler } from './hook-handler.registration';
import type { InstructorRegistration } from './instructor-registration';
import { instructorRegistrationToken } from './instructor-registration.token';
import { checkContainer, checkRegistration } from './instructor-registration.validator';
import { instructorFactory } from './instructor.factory';
import { openAIClientFactory } from './openai-client.factory';
import { openAIClientToken } from './openai-client.token';
import type { RegisterInstructorOptions } from './register-instructor.options';
import { differingOptions } from './registration-options.comparator';
import { loadTsyringe } from './tsyringe-runtime';

/**
 * Registers a client in `container` under `options.token` (default `Instructor`), built on first
 * resolution, one per container: a child container that overrides `OPENAI_CLIENT` (or a handler's
 * dependency) gets its own client built from the override, the parent's stays as it was.
 *
 * Registers, in `container`:
 * - the checked options (model string, handler classes and token are checked now);
 * - the `OpenAI` instance under `openAIClientToken(token)` (`OPENAI_CLIENT` for `Instructor`):
 *   `options.client` as is, or one built from the provider preset (with `apiKey`, `baseURL` and
 *   the SDK client options) when first resolved, a missing API key being reported then, not now.
 *   When none of `client` and those options is given and the container or an ancestor already
 *   has this token, that registration is kept;
 * - each handler class, one instance per container (whenever a child container was created),
 *   unless the container or an ancestor already has a registration for it;
 * - the client itself.
 *
 * Calling it again for the same token in the same container with the same options does nothing;
 * with different options it throws a `ConfigurationError` naming them (a child container may
 * register the token again with its own options). Never touches tsyringe's global `container`.
 */
export function registerInstructor(
  container: DependencyContainerLike,
  options: RegisterInstructorOptions,
): void {
  assertReflectMetadata();
  checkContainer(container);
  const registration = checkRegistration(options);
  const tsyringe = loadTsyringe();
  const { token } = registration;
  const registrationToken = instructorRegistrationToken(token);

  if (container.isRegistered(registrationToken)) {
    checkSameOptions(container.resolve(registrationToken) as InstructorRegistration, registration);
    return;
  }
  if (container.isRegistered(token)) {
    throw new ConfigurationError({
      message:
        `registerInstructor: ${describeToken(token)} is already registered in this container by ` +
        'other means; register the client under another `token`, or in a child container.',
    });
  }

  container.register(registrationToken, { useValue: registration });
  const openAIToken = openAIClientToken(token);
  if (givesOpenAIClient(registration.options) || !container.isRegistered(openAIToken, true)) {
    container.register(openAIToken, { useFactory: openAIClientFactory(registrationToken) });
  }
  for (const handler of registration.handlers) {
    // A registration in an ancestor serves this container too: one of ours builds an instance
    // per resolving container, and one the user made is theirs to keep.
    if (!container.isRegistered(handler, true)) registerHookHandler(container, handler, tsyringe);
  }
  container.register(token, {
    useFactory: tsyringe.instancePerContainerCachingFactory(instructorFactory(registration)),
  });
}

/** True when the caller said which `OpenAI` instance to use, or how to build it. */
function givesOpenAIClient(options: RegisterInstructorOptions): boolean {
  return (
    options.client !== undefined ||
    CONNECTION_OPTION_NAMES.some((name) => options[name] !== undefined)
  );
}

function checkSameOptions(previous: InstructorRegistration, next: InstructorRegistration): void {
  // The tokens are equal (the same registration token was found): `token: Instructor` given or
  // left out is the same registration.
  const differing = differingOptions(withoutToken(previous), withoutToken(next));
  if (differing.length === 0) return;
  throw new ConfigurationError({
    message:
      `registerInstructor: ${describeToken(next.token)} is already registered in this container ` +
      `with different options (${differing.join(', ')}). Register it once per container, use ` +
      'another `token` for a second client, or register the new options in a child container.',
  });
}

function withoutToken({ options }: InstructorRegistration): object {
  return Object.fromEntries(Object.entries(options).filter(([name]) => name !== 'token'));
}
