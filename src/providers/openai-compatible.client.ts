import OpenAI, { type ClientOptions } from 'openai';
import { ConfigurationError } from '../errors';
import {
  pick,
  SDK_CLIENT_OPTION_NAMES,
  type ConnectionOptions,
  type SdkClientOptions,
} from './connection-options';
import type { ClientFactory } from './provider-presets';

/**
 * The client of every OpenAI-compatible preset: the key and URL come from options or the
 * preset's environment variables, the SDK's client options are passed through.
 */
export const openAICompatibleClient: ClientFactory = ({ provider, preset, options, env }) => {
  const { apiKey: givenKey, baseURL: givenURL } = options;
  const apiKey = givenKey ?? (preset.apiKeyEnv ? env[preset.apiKeyEnv] : undefined) ?? '';
  if (!apiKey && preset.apiKeyEnv && !preset.apiKeyOptional) {
    throw new ConfigurationError({
      message: `No API key for ${provider}: set ${preset.apiKeyEnv} or pass { apiKey }.`,
    });
  }
  const baseURL =
    givenURL ?? (preset.baseURLEnv ? env[preset.baseURLEnv] : undefined) ?? preset.baseURL;
  return new OpenAI({
    ...(preset.openAIAccount ? {} : NO_OPENAI_ACCOUNT),
    ...sdkClientOptions(options),
    // Local servers take any key, but the SDK refuses to start without one.
    apiKey: apiKey || `${provider}-no-key`,
    ...(baseURL ? { baseURL } : {}),
  });
};

/**
 * The SDK reads OPENAI_ORG_ID and OPENAI_PROJECT_ID when these are undefined, and sends them as
 * headers: null keeps OpenAI's account ids from other providers (options still win).
 */
export const NO_OPENAI_ACCOUNT = { organization: null, project: null } as const;

/** The SDK's own options, `httpRetries` renamed back to its `maxRetries`; unset ones left out. */
export function sdkClientOptions(options: ConnectionOptions): ClientOptions {
  const { httpRetries, ...given } = pick(options, SDK_CLIENT_OPTION_NAMES) as SdkClientOptions;
  return httpRetries === undefined
    ? given
    : { ...given, maxRetries: checkHttpRetries(httpRetries) };
}

function checkHttpRetries(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigurationError({
      message: `httpRetries must be a whole number of HTTP retries, 0 or more; got ${String(value)}.`,
    });
  }
  return value;
}
