import type OpenAI from 'openai';
import { fromProvider, INSTRUCTOR_SETTING_NAMES, type Instructor } from '../client';
import { ConfigurationError } from '../errors';
import { Hooks } from '../hooks';
import { assertReflectMetadata } from '../internal';
import { CONNECTION_OPTION_NAMES, createProviderClient, pick } from '../providers';
import type { DependencyContainerLike } from './container.types';
import { describeToken, openAIClientToken, registrationToken } from './derived-tokens';
import {
  checkContainer,
  checkRegistration,
  type InstructorRegistration,
} from './register-instructor.checks';
import type { RegisterInstructorOptions } from './register-instructor.options';

/**
 * Registers a client in `container` under `options.token` (default `Instructor`), built on first
 * resolution, one per container: a child container that overrides `OPENAI_CLIENT` (or a handler's
 * dependency) gets its own client built from the override, the parent's stays as it was.
 *
 * Registers, in `container`, in this order (each step below is one block of this function):
 * 1. the checked options (model string, handler classes and token are checked now);
 * 2. the `OpenAI` instance under `openAIClientToken(token)` (`OPENAI_CLIENT` for `Instructor`):
 *    `options.client` as is, or one built from the provider preset (with `apiKey`, `baseURL` and
 *    the SDK client options) when first resolved, a missing API key being reported then, not now.
 *    When none of `client` and those options is given and the container or an ancestor already
 *    has this token, that registration is kept;
 * 3. each handler class, one instance per container (whenever a child container was created),
 *    unless the container or an ancestor already has a registration for it;
 * 4. the client itself.
 *
 * A token registers once per container: again in the same container is a `ConfigurationError`
 * (a child container may register it again with its own options). Never touches tsyringe's
 * global `container`.
 */
export function registerInstructor(
  container: DependencyContainerLike,
  options: RegisterInstructorOptions,
): void {
  assertReflectMetadata();
  checkContainer(container);
  const registration = checkRegistration(options);
  const { instancePerContainerCachingFactory } = loadTsyringe();
  const { token } = registration;
  checkUnregistered(container, registration);

  // 1. Read by the factories below from the resolving container: a child that registers the
  // token again has its own, which an ancestor's OpenAI factory then builds from.
  const ownToken = registrationToken(token);
  container.register(ownToken, { useValue: registration });

  // 2. The OpenAI instance.
  const openAIToken = openAIClientToken(token);
  if (givesOpenAIClient(registration.options) || !container.isRegistered(openAIToken, true)) {
    container.register(openAIToken, {
      useFactory: (resolving) =>
        openAIClientOf(resolving.resolve(ownToken) as InstructorRegistration),
    });
  }

  // 3. Each handler class. tsyringe's container-scoped lifecycle would give its own instance only
  // to child containers created after this call (one created before would share, and might even
  // build, this container's instance). So the class is registered transient under a token of its
  // own, and the class itself as a factory resolving that token once per resolving container:
  // `container.resolve(Handler)`, here or in any descendant, is the instance that container's
  // client calls, built with that container's dependencies.
  for (const handler of registration.handlers) {
    // A registration in an ancestor serves this container too: one of ours builds an instance
    // per resolving container, and one the user made is theirs to keep.
    if (container.isRegistered(handler, true)) continue;
    const instanceToken = Symbol(`class-instructor:handler(${describeToken(handler)})`);
    container.register(instanceToken, { useClass: handler });
    container.register(handler, {
      useFactory: instancePerContainerCachingFactory((resolving) =>
        resolving.resolve(instanceToken),
      ),
    });
  }

  // 4. The client, once per resolving container.
  container.register(token, {
    useFactory: instancePerContainerCachingFactory(clientFactory(registration)),
  });
}

function checkUnregistered(
  container: DependencyContainerLike,
  { token }: InstructorRegistration,
): void {
  const how = container.isRegistered(registrationToken(token))
    ? 'by registerInstructor; register each token once per container'
    : container.isRegistered(token)
      ? 'by other means'
      : undefined;
  if (how === undefined) return;
  throw new ConfigurationError({
    message:
      `registerInstructor: ${describeToken(token)} is already registered in this container ${how}. ` +
      'Register a second client under another `token`, or other options in a child container.',
  });
}

/** True when the caller said which `OpenAI` instance to use, or how to build it. */
function givesOpenAIClient(options: RegisterInstructorOptions): boolean {
  return (
    options.client !== undefined ||
    CONNECTION_OPTION_NAMES.some((name) => options[name] !== undefined)
  );
}

/** One SDK instance per registration, built on first use (so the API key is read then). */
const builtOpenAIClients = new WeakMap<InstructorRegistration, OpenAI>();

function openAIClientOf(registration: InstructorRegistration): OpenAI {
  const { client } = registration.options;
  if (client !== undefined) return client;
  let openai = builtOpenAIClients.get(registration);
  if (openai === undefined) {
    openai = createProviderClient(
      registration.provider,
      pick(registration.options, CONNECTION_OPTION_NAMES),
    );
    builtOpenAIClients.set(registration, openai);
  }
  return openai;
}

/**
 * Builds the client of `registration` for a container: its `OpenAI` instance and its handler
 * instances are resolved from that container, so a child's overrides reach the child's client.
 * Client-level hooks: `options.hooks` first, then each handler's in the order given.
 *
 * A handler that injects the client it hooks into asks for the client while it is being built:
 * the inner call throws, tsyringe wraps that in its own `Error` while it injects the handler's
 * constructor parameter, and the outer call reports the cycle, with tsyringe's error as `cause`.
 */
function clientFactory(
  registration: InstructorRegistration,
): (container: DependencyContainerLike) => Instructor {
  const building = new WeakMap<DependencyContainerLike, { cycle?: ConfigurationError }>();
  return (container) => {
    const current = building.get(container);
    if (current !== undefined) {
      current.cycle = circularDependencyError(registration, undefined);
      throw current.cycle;
    }
    const state: { cycle?: ConfigurationError } = {};
    building.set(container, state);
    try {
      const { options } = registration;
      const client = container.resolve(openAIClientToken(registration.token)) as OpenAI;
      const handlers = registration.handlers.map((handler) => container.resolve(handler) as object);
      return fromProvider(options.model, {
        ...pick(options, INSTRUCTOR_SETTING_NAMES),
        client,
        hooks: Hooks.combine(...(options.hooks ? [options.hooks] : []), Hooks.from(...handlers)),
      });
    } catch (error) {
      if (state.cycle === undefined || error === state.cycle) throw error;
      throw circularDependencyError(registration, error);
    } finally {
      building.delete(container);
    }
  };
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

/** The values `registerInstructor` needs from tsyringe at run time. */
interface TsyringeRuntime {
  /** tsyringe's factory wrapper that calls `factory` once per resolving container. */
  readonly instancePerContainerCachingFactory: <T>(
    factory: (container: DependencyContainerLike) => T,
  ) => (container: DependencyContainerLike) => T;
}

let tsyringe: TsyringeRuntime | undefined;

/**
 * tsyringe is an optional peer, and importing it throws when the Reflect polyfill is missing, so
 * it is loaded on the first `registerInstructor` call, never when the package is imported. This
 * is the only place that loads it; nothing in `di/` imports its types either, so the published
 * declarations never mention it.
 */
function loadTsyringe(): TsyringeRuntime {
  if (tsyringe !== undefined) return tsyringe;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of an optional peer
    tsyringe = require('tsyringe') as TsyringeRuntime;
  } catch (error) {
    throw new ConfigurationError({
      message:
        "registerInstructor needs the optional peer dependency 'tsyringe', which could not be " +
        'loaded: install it (npm install tsyringe).',
      cause: error,
    });
  }
  return tsyringe;
}
