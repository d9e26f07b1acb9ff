import type OpenAI from 'openai';
import type { DependencyContainer } from 'tsyringe';
import { fromProvider, type Instructor } from '../client';
import { ConfigurationError } from '../errors';
import { Hooks } from '../hooks';
import { describeToken } from './derived-tokens';
import type { InstructorRegistration } from './instructor-registration';
import { openAIClientToken } from './openai-client.token';

/**
 * Builds the client of `registration` for `container`: its `OpenAI` instance and its handler
 * instances are resolved from that container, so a child's overrides reach the child's client.
 * Client-level hooks: `options.hooks` first, then each handler's in the order given.
 */
export function instructorFactory(
  registration: InstructorRegistration,
): (container: DependencyContainer) => Instructor {
  const building = new WeakSet<DependencyContainer>();
  return (container) => {
    if (building.has(container)) {
      throw new ConfigurationError({
        message:
          `Circular dependency: building the client ${describeToken(registration.token)} needs itself; ` +
          'a hook handler (or one of its dependencies) must not inject the client it hooks into.',
      });
    }
    building.add(container);
    try {
      const client = container.resolve<OpenAI>(openAIClientToken(registration.token));
      const handlers = registration.handlers.map((handler) => container.resolve(handler));
      const { hooks, mode, maxRetries, defaults } = registration.options;
      return fromProvider(registration.options.model, {
        client,
        mode,
        maxRetries,
        defaults,
        hooks: Hooks.combine(...(hooks === undefined ? [] : [hooks]), Hooks.from(...handlers)),
      });
    } finally {
      building.delete(container);
    }
  };
}
