import {
  checkNoConnectionOptions,
  checkOptionNames,
  FROM_PROVIDER_OPTION_NAMES,
  Instructor,
} from '../client';
import { ConfigurationError } from '../errors';
import { hasHookHandlers } from '../hooks';
import { parseProviderString, type ParsedProviderString } from '../providers';
import type { ClientToken, DependencyContainerLike } from './container.types';
import { describeToken } from './derived-tokens';
import type { HookHandlerType, RegisterInstructorOptions } from './register-instructor.options';

/** `registerInstructor` options once checked: what its factories read from the container. */
export interface InstructorRegistration {
  /** The options as given (a shallow copy, `handlers` copied too). */
  readonly options: Readonly<RegisterInstructorOptions>;
  /** `options.model`, parsed. */
  readonly provider: ParsedProviderString;
  /** Where the client is registered. */
  readonly token: ClientToken;
  /** Hook handler classes, in the order given. */
  readonly handlers: readonly HookHandlerType[];
}

/** Throws a `ConfigurationError` unless `container` looks like a tsyringe container. */
export function checkContainer(container: unknown): asserts container is DependencyContainerLike {
  const candidate = container as Partial<Record<string, unknown>> | null | undefined;
  if (
    typeof candidate?.register !== 'function' ||
    typeof candidate.isRegistered !== 'function' ||
    typeof candidate.resolve !== 'function'
  ) {
    throw new ConfigurationError({
      message:
        'registerInstructor(container, options): pass your tsyringe container ' +
        '(e.g. `container.createChildContainer()`), not ' +
        `${candidate === null ? 'null' : typeof candidate}.`,
    });
  }
}

/** Checks the options (model string, option names, handler classes, token), before any change. */
export function checkRegistration(options: RegisterInstructorOptions): InstructorRegistration {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError({
      message:
        "registerInstructor(container, options) needs options: { model: 'openai/gpt-4.1-mini', ... }.",
    });
  }
  const model: unknown = options.model;
  if (model === undefined || model === null || model === '') {
    throw new ConfigurationError({
      message:
        'registerInstructor needs `model`: a "provider/model-name" string such as "openai/gpt-4.1-mini".',
    });
  }
  const provider = parseProviderString(model);
  checkOptionNames(
    options,
    [...FROM_PROVIDER_OPTION_NAMES, 'model', 'handlers', 'token'],
    'registerInstructor',
  );
  if (options.client !== undefined) checkNoConnectionOptions(options, 'registerInstructor');
  const token = checkToken(options.token);
  const handlers = checkHandlers(options.handlers);
  return { options: { ...options, handlers }, provider, token, handlers };
}

function checkToken(token: unknown): ClientToken {
  if (token === undefined) return Instructor;
  if (
    (typeof token === 'string' && token.length > 0) ||
    typeof token === 'symbol' ||
    typeof token === 'function' ||
    (typeof token === 'object' && token !== null)
  ) {
    return token as ClientToken;
  }
  throw new ConfigurationError({
    message: `registerInstructor: \`token\` must be a class, a non-empty string or a symbol; got ${describeToken(token)}.`,
  });
}

function checkHandlers(handlers: unknown): readonly HookHandlerType[] {
  if (handlers === undefined) return [];
  if (!Array.isArray(handlers)) {
    throw new ConfigurationError({
      message: 'registerInstructor: `handlers` must be an array of classes with @OnHook methods.',
    });
  }
  return handlers.map((handler: unknown, index) => {
    if (typeof handler !== 'function') {
      const given =
        typeof handler === 'object' && handler !== null
          ? `an instance of ${(handler.constructor as { name?: string } | undefined)?.name ?? 'Object'}`
          : String(handler);
      throw new ConfigurationError({
        message: `registerInstructor: handlers[${index}] is ${given}; pass the class, the container constructs it.`,
      });
    }
    if (!hasHookHandlers(handler as HookHandlerType)) {
      throw new ConfigurationError({
        message:
          `registerInstructor: handler ${describeToken(handler)} has no @OnHook method; ` +
          "mark one with @OnHook('event') or leave the class out of `handlers`.",
      });
    }
    return handler as HookHandlerType;
  });
}
