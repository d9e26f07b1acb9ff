import type OpenAI from 'openai';
import { ConfigurationError } from '../errors';
import type { ConnectionOptions } from './connection-options';
import type { ParsedProviderString } from './provider-string.parser';

/**
 * The one way a client is built, for `fromProvider` and `registerInstructor` alike: the preset's
 * factory turns (provider, options, environment) into an `OpenAI` instance.
 */
export function createProviderClient(
  parsed: ParsedProviderString,
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv = process.env,
): OpenAI {
  const { provider, model, preset } = parsed;
  for (const key of ['azure', 'local'] as const) {
    if (options[key] !== undefined && preset.optionsKey !== key) {
      throw new ConfigurationError({
        message: `The \`${key}\` options are for "${key}/..." models; "${provider}/${model}" does not use them.`,
      });
    }
  }
  return preset.createClient({ provider, model, preset, options, env });
}

const closers = new WeakMap<OpenAI, () => Promise<void>>();

/** Registers what closing a built client releases (a local model); called by factories. */
export function onClientClose(client: OpenAI, close: () => Promise<void>): void {
  closers.set(client, close);
}

/**
 * Releases what the client's factory holds (nothing for remote providers). Idempotent; a local
 * client loads its model again when it is used after this.
 */
export async function closeClient(client: OpenAI): Promise<void> {
  await closers.get(client)?.();
}
