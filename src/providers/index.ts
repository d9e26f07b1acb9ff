export { PROVIDER_PRESETS, SUPPORTED_PROVIDERS, type ProviderPreset } from './provider-presets';
export { parseProviderString, type ParsedProviderString } from './provider-string.parser';
