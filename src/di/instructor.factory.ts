import type OpenAI from 'openai';
import { fromProvider, INSTRUCTOR_SETTING_NAMES, type Instructor } from '../client';
import { pick } from '../providers';
import { ConfigurationError } from '../errors';
import { Hooks } from '../hooks';
import type { DependencyContainerLike } from './container.types';
import { describeToken } from './derived-tokens';
import type { InstructorRegistration } from './instructor-registration';
import { openAIClientToken } from './openai-client.token';

/** A client being built in one container; `cycle` is set when building it needed itself. */
interface Building {
  cycle?: ConfigurationError;
}

/**
 * Builds the client of `registration` for `container`: its `OpenAI` instance and its handler
 * instances are resolved from that container, so a child's overrides reach the child's client.
 * Client-level hooks: `options.hooks` first, then each handler's in the order given.
 *
 * A handler that injects the client it hooks into is a cycle; it is reported as a
 * `ConfigurationError` thrown by the outermost call (tsyringe wraps what the inner call throws in
 * its own `Error` while it injects the handler's constructor parameter; that one is the `cause`).
 */
export function instructorFactory(
  registration: InstructorRegistration,
): (container: DependencyContainerLike) => Instructor {
  const building = new WeakMap<DependencyContainerLike, Building>();
  return (container) => {
    const current = building.get(container);
    if (current !== undefined) {
      current.cycle = circularDependencyError(registration, undefined);
      throw current.cycle;
    }
    const state: Building = {};
    building.set(container, state);
    try {
      return build(registration, container);
    } catch (error) {
      if (state.cycle === undefined || error === state.cycle) throw error;
      throw circularDependencyError(registration, error);
    } finally {
      building.delete(container);
    }
  };
}

function build(
  registration: InstructorRegistration,
  container: DependencyContainerLike,
): Instructor {
  const client = container.resolve(openAIClientToken(registration.token)) as OpenAI;
  const handlers = registration.handlers.map((handler) => container.resolve(handler) as object);
  const { hooks } = registration.options;
  return fromProvider(registration.options.model, {
    ...pick(registration.options, INSTRUCTOR_SETTING_NAMES),
    client,
    hooks: Hooks.combine(...(hooks === undefined ? [] : [hooks]), Hooks.from(...handlers)),
  });
}

function circularDependencyError(
  registration: InstructorRegistration,
  cause: unknown,
): ConfigurationError {
  return new ConfigurationError({
    message:
      `Circular dependency: building the client ${describeToken(registration.token)} needs itself; ` +
      'a hook handler (or one of its dependencies) must not inject the client it hooks into.',
    cause,
  });
}
