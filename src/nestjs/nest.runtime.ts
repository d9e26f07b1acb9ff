import type * as NestCommon from '@nestjs/common' with { 'resolution-mode': 'import' };
import type * as NestCore from '@nestjs/core' with { 'resolution-mode': 'import' };
import { ConfigurationError } from '../errors';

/** The Nest packages, as `class-instructor/nestjs` uses them at run time. */
export interface NestRuntime {
  readonly common: typeof NestCommon;
  readonly core: typeof NestCore;
}

let runtime: NestRuntime | undefined;

/**
 * `@nestjs/common` and `@nestjs/core` are optional peers, loaded when `class-instructor/nestjs` is
 * first imported (the main entry never loads them). Nest 12 ships ES modules only: this CommonJS
 * build loads them with `require()`, which Node supports from 20.19 (Nest 10 and 11 are CommonJS).
 * Nothing here imports Nest's values; their types come from type-only imports.
 */
export function loadNest(): NestRuntime {
  if (runtime !== undefined) return runtime;
  try {
    runtime = {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional peer, see above
      common: require('@nestjs/common') as typeof NestCommon,
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional peer, see above
      core: require('@nestjs/core') as typeof NestCore,
    };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new ConfigurationError({
      message:
        code === 'ERR_REQUIRE_ESM' || code === 'ERR_REQUIRE_ASYNC_MODULE'
          ? `class-instructor/nestjs could not require() @nestjs/common and @nestjs/core, which ` +
            `are ES modules from Nest 12 on: use Node 20.19 or later (this is ${process.version}).`
          : "class-instructor/nestjs needs the optional peer dependencies '@nestjs/common' and " +
            "'@nestjs/core', which could not be loaded: install them (npm install @nestjs/common " +
            '@nestjs/core reflect-metadata rxjs).',
      cause: error,
    });
  }
  return runtime;
}
