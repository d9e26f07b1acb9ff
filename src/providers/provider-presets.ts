import { Mode } from '../modes';

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
}

/**
 * Every provider `fromProvider` knows, in one table: adding an OpenAI-compatible provider is one row.
 * (Azure and `local/` need their own client construction and arrive with their own issue.)
 */
export const PROVIDER_PRESETS: Readonly<Record<string, ProviderPreset>> = {
  openai: { apiKeyEnv: 'OPENAI_API_KEY', defaultMode: Mode.TOOLS, streamUsage: true },
  anthropic: {
    baseURL: 'https://api.anthropic.com/v1/',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    defaultMode: Mode.TOOLS,
  },
  gemini: {
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    apiKeyEnv: 'GEMINI_API_KEY',
    defaultMode: Mode.TOOLS,
  },
  groq: {
    baseURL: 'https://api.groq.com/openai/v1',
    apiKeyEnv: 'GROQ_API_KEY',
    defaultMode: Mode.TOOLS,
  },
  together: {
    baseURL: 'https://api.together.xyz/v1',
    apiKeyEnv: 'TOGETHER_API_KEY',
    defaultMode: Mode.TOOLS,
  },
  fireworks: {
    baseURL: 'https://api.fireworks.ai/inference/v1',
    apiKeyEnv: 'FIREWORKS_API_KEY',
    defaultMode: Mode.TOOLS,
  },
  deepseek: {
    baseURL: 'https://api.deepseek.com/v1',
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    defaultMode: Mode.TOOLS,
  },
  mistral: {
    baseURL: 'https://api.mistral.ai/v1',
    apiKeyEnv: 'MISTRAL_API_KEY',
    defaultMode: Mode.TOOLS,
  },
  openrouter: {
    baseURL: 'https://openrouter.ai/api/v1',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    defaultMode: Mode.TOOLS,
  },
  xai: { baseURL: 'https://api.x.ai/v1', apiKeyEnv: 'XAI_API_KEY', defaultMode: Mode.TOOLS },
  ollama: {
    baseURL: 'http://localhost:11434/v1',
    baseURLEnv: 'OLLAMA_BASE_URL',
    defaultMode: Mode.JSON_SCHEMA,
  },
  lmstudio: {
    baseURL: 'http://localhost:1234/v1',
    baseURLEnv: 'LMSTUDIO_BASE_URL',
    defaultMode: Mode.JSON_SCHEMA,
  },
  vllm: {
    baseURL: 'http://localhost:8000/v1',
    baseURLEnv: 'VLLM_BASE_URL',
    apiKeyEnv: 'VLLM_API_KEY',
    apiKeyOptional: true,
    defaultMode: Mode.JSON_SCHEMA,
  },
  llamacpp: {
    baseURL: 'http://localhost:8080/v1',
    baseURLEnv: 'LLAMACPP_BASE_URL',
    defaultMode: Mode.JSON_SCHEMA,
  },
};

export const SUPPORTED_PROVIDERS: readonly string[] = Object.keys(PROVIDER_PRESETS);
