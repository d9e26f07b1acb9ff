import type OpenAI from 'openai';
import { ConfigurationError } from '../errors';
import {
  CONNECTION_OPTION_NAMES,
  createProviderClient,
  parseProviderString,
  pick,
  type ConnectionOptions,
} from '../providers';
import { Instructor } from './instructor';
import {
  checkOptionNames,
  INSTRUCTOR_SETTING_NAMES,
  type InstructorSettings,
} from './instructor-options';

/** Options of `fromProvider(...)` (also accepted by `registerInstructor`). */
export interface FromProviderOptions extends InstructorSettings, ConnectionOptions {
  /**
   * An existing `OpenAI` instance to use as is. It carries its own connection settings, so
   * `apiKey`, `baseURL` and the SDK client options cannot be given with it (a `ConfigurationError`).
   */
  client?: OpenAI;
}

/** Every option `fromProvider` takes, for the unknown-option check. */
export const FROM_PROVIDER_OPTION_NAMES: readonly string[] = [
  ...INSTRUCTOR_SETTING_NAMES,
  ...CONNECTION_OPTION_NAMES,
  'client',
];

/**
 * A client for `"provider/model-name"` (split at the first slash; the model becomes every call's
 * default). Throws `ConfigurationError` for a malformed string, an unknown provider, an unknown or
 * conflicting option, or a missing key.
 */
export function fromProvider(model: string, options: FromProviderOptions = {}): Instructor {
  const parsed = parseProviderString(model);
  checkOptionNames(options, FROM_PROVIDER_OPTION_NAMES, 'fromProvider');
  const { client, mode } = options;
  const connection = pick(options, CONNECTION_OPTION_NAMES);
  if (client !== undefined) checkNoConnectionOptions(connection, 'fromProvider');
  return new Instructor({
    ...pick(options, INSTRUCTOR_SETTING_NAMES),
    client: client ?? createProviderClient(parsed, connection),
    provider: parsed.provider,
    model: parsed.model,
    mode: mode ?? parsed.preset.defaultMode,
    streamUsage: options.streamUsage ?? parsed.preset.streamUsage ?? false,
  });
}

/** With an existing `OpenAI` instance, options that would build one would be silently ignored. */
export function checkNoConnectionOptions(connection: ConnectionOptions, where: string): void {
  const given = CONNECTION_OPTION_NAMES.filter((name) => connection[name] !== undefined);
  if (given.length === 0) return;
  throw new ConfigurationError({
    message: `${where}: \`client\` is used as is, so ${given.map((name) => `\`${name}\``).join(', ')} would be ignored; configure them on the OpenAI instance you pass (new OpenAI({ ... })) or leave \`client\` out.`,
  });
}
