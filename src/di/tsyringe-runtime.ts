import { ConfigurationError } from '../errors';
import type { DependencyContainerLike } from './container.types';

/** The values `registerInstructor` needs from tsyringe at run time. */
export interface TsyringeRuntime {
  /** tsyringe's factory wrapper that calls `factory` once per resolving container. */
  readonly instancePerContainerCachingFactory: <T>(
    factory: (container: DependencyContainerLike) => T,
  ) => (container: DependencyContainerLike) => T;
}

let runtime: TsyringeRuntime | undefined;

/**
 * tsyringe is an optional peer, and importing it throws when the Reflect polyfill is missing, so
 * it is loaded here on the first `registerInstructor` call, never when the package is imported.
 * This is the only place that loads tsyringe; nothing in `di/` imports its types either, so the
 * published declarations never mention it.
 */
export function loadTsyringe(): TsyringeRuntime {
  if (runtime !== undefined) return runtime;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of an optional peer
    runtime = require('tsyringe') as TsyringeRuntime;
  } catch (error) {
    throw new ConfigurationError({
      message:
        "registerInstructor needs the optional peer dependency 'tsyringe', which could not be " +
        'loaded: install it (npm install tsyringe).',
      cause: error,
    });
  }
  return runtime;
}
