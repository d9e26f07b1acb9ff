import OpenAI, { type ClientOptions } from 'openai';
import { ConfigurationError } from '../errors';
import { parseProviderString, type ProviderPreset } from '../providers';
import { Instructor } from './instructor';
import type { InstructorSettings } from './instructor-options';

/** Options of `fromProvider(...)` (also accepted by `registerInstructor`). */
export interface FromProviderOptions extends InstructorSettings {
  /** API key; defaults to the provider's environment variable (`OPENAI_API_KEY` for openai). */
  apiKey?: string;
  /** Base URL of the provider's OpenAI-compatible API; defaults to the provider's preset. */
  baseURL?: string;
  /** An existing `OpenAI` instance to use as is (`apiKey` and `baseURL` are then ignored). */
  client?: OpenAI;
}

/**
 * A client for `"provider/model-name"` (split at the first slash; the model becomes every call's
 * default). Throws `ConfigurationError` for a malformed string, an unknown provider or a missing key.
 */
export function fromProvider(model: string, options: FromProviderOptions = {}): Instructor {
  const parsed = parseProviderString(model);
  const { apiKey, baseURL, client, mode, ...settings } = options;
  return new Instructor({
    ...settings,
    client: client ?? createOpenAIClient(parsed.provider, parsed.preset, { apiKey, baseURL }),
    provider: parsed.provider,
    model: parsed.model,
    mode: mode ?? parsed.preset.defaultMode,
  });
}

/** Builds the SDK client a preset describes; the key and URL come from options or the environment. */
export function createOpenAIClient(
  provider: string,
  preset: ProviderPreset,
  options: { apiKey?: string | undefined; baseURL?: string | undefined },
): OpenAI {
  const apiKey =
    options.apiKey ?? (preset.apiKeyEnv ? process.env[preset.apiKeyEnv] : undefined) ?? '';
  if (!apiKey && preset.apiKeyEnv && !preset.apiKeyOptional) {
    throw new ConfigurationError({
      message: `No API key for ${provider}: set ${preset.apiKeyEnv} or pass { apiKey }.`,
    });
  }
  const baseURL =
    options.baseURL ??
    (preset.baseURLEnv ? process.env[preset.baseURLEnv] : undefined) ??
    preset.baseURL;
  const clientOptions: ClientOptions = {
    // Local servers take any key, but the SDK refuses to start without one.
    apiKey: apiKey || `${provider}-no-key`,
    ...(baseURL ? { baseURL } : {}),
  };
  return new OpenAI(clientOptions);
}
