import type * as Tsyringe from 'tsyringe';
import { ConfigurationError } from '../errors';

/** The values `registerInstructor` needs from tsyringe at run time. */
export type TsyringeRuntime = Pick<
  typeof Tsyringe,
  'Lifecycle' | 'instancePerContainerCachingFactory'
>;

let runtime: TsyringeRuntime | undefined;

/**
 * tsyringe is an optional peer, and importing it throws when the Reflect polyfill is missing, so
 * it is loaded here on the first `registerInstructor` call, never when the package is imported.
 * This is the only place that loads tsyringe values; everything else imports its types only.
 */
export function loadTsyringe(): TsyringeRuntime {
  if (runtime !== undefined) return runtime;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of an optional peer
    runtime = require('tsyringe') as typeof Tsyringe;
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
