export {
  PROVIDER_PRESETS,
  SUPPORTED_PROVIDERS,
  type ClientFactory,
  type ClientFactoryInput,
  type ProviderPreset,
} from './provider-presets';
export { parseProviderString, type ParsedProviderString } from './provider-string.parser';
export { createProviderClient, closeClient } from './provider-client';
export {
  CONNECTION_OPTION_NAMES,
  pick,
  type AzureOptions,
  type ConnectionOptions,
  type LocalModelOptions,
  type SdkClientOptions,
} from './connection-options';
