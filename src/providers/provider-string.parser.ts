import { ConfigurationError } from '../errors';
import { PROVIDER_PRESETS, SUPPORTED_PROVIDERS, type ProviderPreset } from './provider-presets';

export interface ParsedProviderString {
  provider: string;
  model: string;
  preset: ProviderPreset;
}

/** Splits `"provider/model-name"` at the FIRST slash (model names may contain slashes). */
export function parseProviderString(value: unknown): ParsedProviderString {
  const text = typeof value === 'string' ? value : '';
  const slash = text.indexOf('/');
  const provider = slash === -1 ? '' : text.slice(0, slash);
  const model = slash === -1 ? '' : text.slice(slash + 1);
  const preset = Object.hasOwn(PROVIDER_PRESETS, provider) ? PROVIDER_PRESETS[provider] : undefined;
  if (!provider || !model || !preset) {
    const problem =
      slash === -1
        ? 'has no "/" between provider and model'
        : !provider || !model
          ? 'has an empty provider or model name'
          : `names an unknown provider "${provider}"`;
    throw new ConfigurationError({
      message: `Model string ${JSON.stringify(value)} ${problem}. Use "provider/model-name", e.g. "openai/gpt-4.1-mini". Supported providers: ${SUPPORTED_PROVIDERS.join(', ')}.`,
    });
  }
  return { provider, model, preset };
}
