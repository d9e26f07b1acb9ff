import type { ClientOptions } from 'openai';

/**
 * The SDK's own client options, passed to the `OpenAI` instance a preset builds. The SDK's
 * `maxRetries` (HTTP retries) is called `httpRetries` here so it cannot be taken for our re-asks.
 */
export interface SdkClientOptions {
  /**
   * Per-request timeout in milliseconds (the SDK's default is 10 minutes); a timeout ends the call
   * with a `ProviderError`.
   */
  timeout?: number;
  /**
   * The SDK's retries of failed HTTP requests (connection errors, 408, 409, 429, 5xx), separate
   * from `maxRetries` (re-asks of invalid replies).
   * @default 2 (the SDK's default); 0 for `local/` models, which have no network to retry
   */
  httpRetries?: number;
  /** Headers sent with every request. */
  defaultHeaders?: ClientOptions['defaultHeaders'];
  /** Query parameters added to every request URL (gateways' keys). */
  defaultQuery?: ClientOptions['defaultQuery'];
  /** A `fetch` implementation to make requests with (proxies, instrumentation, tests). */
  fetch?: ClientOptions['fetch'];
  /** Extra `RequestInit` options for every `fetch` call (e.g. a proxy `dispatcher`). */
  fetchOptions?: ClientOptions['fetchOptions'];
  /** OpenAI organization id (`OpenAI-Organization` header); defaults to `OPENAI_ORG_ID`. */
  organization?: string | null;
  /** OpenAI project id (`OpenAI-Project` header); defaults to `OPENAI_PROJECT_ID`. */
  project?: string | null;
  /** Lets the SDK run in a browser, where the key is visible to every user of the page. */
  dangerouslyAllowBrowser?: boolean;
}

/** Settings of `azure/<deployment>` models; each falls back to its environment variable. */
export interface AzureOptions {
  /**
   * The resource's endpoint, e.g. `https://my-resource.openai.azure.com/`.
   * @default process.env.AZURE_OPENAI_ENDPOINT
   */
  endpoint?: string;
  /**
   * The `api-version` query parameter sent with every request.
   * @default process.env.AZURE_OPENAI_API_VERSION ?? process.env.OPENAI_API_VERSION
   */
  apiVersion?: string;
  /**
   * Microsoft Entra ID tokens instead of a key (e.g. `getBearerTokenProvider` from
   * `@azure/identity`); `apiKey` cannot be given with it.
   */
  azureADTokenProvider?: () => Promise<string>;
}

/** Settings of `local/<path.gguf>` models, run in-process by node-llama-cpp. */
export interface LocalModelOptions {
  /**
   * CPU threads used for generation. node-llama-cpp's own default (every core) is orders of
   * magnitude slower on small machines, where threads fight over the cores.
   * @default half the machine's cores, at least 1 and at most 8
   */
  threads?: number;
  /**
   * Tokens the context holds: prompt and reply together.
   * @default 4096, or the model's training context when smaller
   */
  contextSize?: number;
  /**
   * Where layers run: `false` keeps everything on the CPU; `'auto'` picks a GPU build when one is
   * installed (node-llama-cpp's CUDA, Vulkan or Metal packages). The first local client of the
   * process decides this for all of them (node-llama-cpp has one runtime per process).
   * @default false
   */
  gpu?: false | 'auto' | 'cuda' | 'vulkan' | 'metal';
  /** Seed of every request that sets none (`seed` in params wins): repeatable sampling. */
  seed?: number;
  /** Called while `local/default` (or a model URI) downloads; defaults to a bar on stderr. */
  onDownloadProgress?: (progress: {
    receivedBytes: number;
    totalBytes: number | undefined;
  }) => void;
}

/** What building a client takes: key, URL, the SDK's client options and a preset's own options. */
export interface ConnectionOptions extends SdkClientOptions {
  /** API key; defaults to the provider's environment variable (`OPENAI_API_KEY` for openai). */
  apiKey?: string;
  /** Base URL of the provider's OpenAI-compatible API; defaults to the provider's preset. */
  baseURL?: string;
  /** Options of `azure/` models (refused for other providers). */
  azure?: AzureOptions;
  /** Options of `local/` models (refused for other providers). */
  local?: LocalModelOptions;
}

export const SDK_CLIENT_OPTION_NAMES: readonly (keyof SdkClientOptions)[] = [
  'timeout',
  'httpRetries',
  'defaultHeaders',
  'defaultQuery',
  'fetch',
  'fetchOptions',
  'organization',
  'project',
  'dangerouslyAllowBrowser',
];

/** Every option that builds the `OpenAI` instance rather than configuring the client. */
export const CONNECTION_OPTION_NAMES: readonly (keyof ConnectionOptions)[] = [
  'apiKey',
  'baseURL',
  ...SDK_CLIENT_OPTION_NAMES,
  'azure',
  'local',
];

/** The options named in `names` that are set, as a new object. */
export function pick<T extends object, K extends keyof T>(
  options: T,
  names: readonly K[],
): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const name of names) if (options[name] !== undefined) picked[name] = options[name];
  return picked as Pick<T, K>;
}
