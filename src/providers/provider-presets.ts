import type OpenAI from 'openai';
import { Mode } from '../modes';
import { azureClient } from './azure.client';
import type { ConnectionOptions } from './connection-options';
import { localClient } from './local/local.client';
import { openAICompatibleClient } from './openai-compatible.client';

/** What a preset's client factory is given. */
export interface ClientFactoryInput {
  /** The provider name, as in the model string. */
  provider: string;
  /** The model part of the model string (a deployment for azure, a GGUF path for local). */
  model: string;
  preset: ProviderPreset;
  options: ConnectionOptions;
  env: NodeJS.ProcessEnv;
}

/** Builds the SDK instance for one preset; throws `ConfigurationError` for what is missing. */
export type ClientFactory = (input: ClientFactoryInput) => OpenAI;

/** How to reach one provider through the OpenAI SDK. */
export interface ProviderPreset {
  /** Base URL of its OpenAI-compatible API; undefined = the SDK's default (api.openai.com). */
  baseURL?: string;
  /** Environment variable that may override the base URL (local servers). */
  baseURLEnv?: string;
  /** Environment variable holding the API key; undefined for servers that need none. */
  apiKeyEnv?: string;
  /** True when the server runs without a key, so a missing key variable is no error. */
  apiKeyOptional?: boolean;
  /** Mode used when the caller does not choose one. */
  defaultMode: Mode;
  /** True when the server takes `stream_options: { include_usage: true }` (usage in streams). */
  streamUsage?: boolean;
  /** Builds its SDK client: the OpenAI-compatible factory (key + base URL) unless it needs more. */
  createClient: ClientFactory;
  /**
   * True for OpenAI itself: the SDK sends `OPENAI_ORG_ID` / `OPENAI_PROJECT_ID` from the
   * environment as headers; other providers must not receive them.
   */
  openAIAccount?: boolean;
  /** Its own options key in `fromProvider`'s options (`azure: {...}`), refused for the others. */
  optionsKey?: 'azure' | 'local';
}

/**
 * Every provider `fromProvider` knows, in one table: adding an OpenAI-compatible provider is one row.
 * Azure and `local/` bring their own client factories; nothing outside this folder names a provider.
 */
export const PROVIDER_PRESETS: Readonly<Record<string, ProviderPreset>> = {
  openai: {
    apiKeyEnv: 'OPENAI_API_KEY',
    defaultMode: Mode.TOOLS,
    streamUsage: true,
    openAIAccount: true,
    createClient: openAICompatibleClient,
  },
  azure: {
    apiKeyEnv: 'AZURE_OPENAI_API_KEY',
    defaultMode: Mode.TOOLS,
    streamUsage: true,
    createClient: azureClient,
    optionsKey: 'azure',
  },
  anthropic: {
    baseURL: 'https://api.anthropic.com/v1/',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    defaultMode: Mode.TOOLS,
    createClient: openAICompatibleClient,
  },
  gemini: {
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    apiKeyEnv: 'GEMINI_API_KEY',
    defaultMode: Mode.TOOLS,
    createClient: openAICompatibleClient,
  },
  groq: {
    baseURL: 'https://api.groq.com/openai/v1',
    apiKeyEnv: 'GROQ_API_KEY',
    defaultMode: Mode.TOOLS,
    createClient: openAICompatibleClient,
  },
  together: {
    baseURL: 'https://api.together.xyz/v1',
    apiKeyEnv: 'TOGETHER_API_KEY',
    defaultMode: Mode.TOOLS,
    createClient: openAICompatibleClient,
  },
  fireworks: {
    baseURL: 'https://api.fireworks.ai/inference/v1',
    apiKeyEnv: 'FIREWORKS_API_KEY',
    defaultMode: Mode.TOOLS,
    createClient: openAICompatibleClient,
  },
  deepseek: {
    baseURL: 'https://api.deepseek.com/v1',
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    defaultMode: Mode.TOOLS,
    createClient: openAICompatibleClient,
  },
  mistral: {
    baseURL: 'https://api.mistral.ai/v1',
    apiKeyEnv: 'MISTRAL_API_KEY',
    defaultMode: Mode.TOOLS,
    createClient: openAICompatibleClient,
  },
  openrouter: {
    baseURL: 'https://openrouter.ai/api/v1',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    defaultMode: Mode.TOOLS,
    createClient: openAICompatibleClient,
  },
  xai: {
    baseURL: 'https://api.x.ai/v1',
    apiKeyEnv: 'XAI_API_KEY',
    defaultMode: Mode.TOOLS,
    createClient: openAICompatibleClient,
  },
  ollama: {
    baseURL: 'http://localhost:11434/v1',
    baseURLEnv: 'OLLAMA_BASE_URL',
    defaultMode: Mode.JSON_SCHEMA,
    createClient: openAICompatibleClient,
  },
  lmstudio: {
    baseURL: 'http://localhost:1234/v1',
    baseURLEnv: 'LMSTUDIO_BASE_URL',
    defaultMode: Mode.JSON_SCHEMA,
    createClient: openAICompatibleClient,
  },
  vllm: {
    baseURL: 'http://localhost:8000/v1',
    baseURLEnv: 'VLLM_BASE_URL',
    apiKeyEnv: 'VLLM_API_KEY',
    apiKeyOptional: true,
    defaultMode: Mode.JSON_SCHEMA,
    createClient: openAICompatibleClient,
  },
  llamacpp: {
    baseURL: 'http://localhost:8080/v1',
    baseURLEnv: 'LLAMACPP_BASE_URL',
    defaultMode: Mode.JSON_SCHEMA,
    createClient: openAICompatibleClient,
  },
  local: {
    defaultMode: Mode.JSON_SCHEMA,
    streamUsage: true,
    createClient: localClient,
    optionsKey: 'local',
  },
};

export const SUPPORTED_PROVIDERS: readonly string[] = Object.keys(PROVIDER_PRESETS);
