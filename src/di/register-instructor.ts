import type { DependencyContainer } from 'tsyringe';
import { ConfigurationError } from '../errors';
import { assertReflectMetadata } from '../internal';
import { describeToken } from './derived-tokens';
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
 * - the `OpenAI` instance under `openAIClientToken(token)` (`OPENAI_CLIENT` for `Instructor`), unless
 *   the container or an ancestor already has one: `options.client` as is, or one built from the
 *   provider preset when first resolved (a missing API key is reported then, not now);
 * - each handler class, container-scoped, unless the container or an ancestor already has it;
 * - the client itself.
 *
 * Calling it again for the same token in the same container with the same options does nothing;
 * with different options it throws a `ConfigurationError` naming them (a child container may
 * register the token again with its own options). Never touches tsyringe's global `container`.
 */
export function registerInstructor(
  container: DependencyContainer,
  options: RegisterInstructorOptions,
): void {
  assertReflectMetadata();
  checkContainer(container);
  const registration = checkRegistration(options);
  const { Lifecycle, instancePerContainerCachingFactory } = loadTsyringe();
  const { token } = registration;
  const registrationToken = instructorRegistrationToken(token);

  if (container.isRegistered(registrationToken)) {
    checkSameOptions(container.resolve(registrationToken), registration);
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
  if (!container.isRegistered(openAIToken, true)) {
    container.register(openAIToken, { useFactory: openAIClientFactory(registrationToken) });
  }
  for (const handler of registration.handlers) {
    if (!container.isRegistered(handler, true)) {
      container.register(handler, { useClass: handler }, { lifecycle: Lifecycle.ContainerScoped });
    }
  }
  container.register(token, {
    useFactory: instancePerContainerCachingFactory(instructorFactory(registration)),
  });
}

function checkSameOptions(previous: InstructorRegistration, next: InstructorRegistration): void {
  const differing = differingOptions(previous.options, next.options);
  if (differing.length === 0) return;
  throw new ConfigurationError({
    message:
      `registerInstructor: ${describeToken(next.token)} is already registered in this container ` +
      `with different options (${differing.join(', ')}). Register it once per container, use ` +
      'another `token` for a second client, or register the new options in a child container.',
  });
}
