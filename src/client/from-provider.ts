import OpenAI, { type ClientOptions } from 'openai';
import { ConfigurationError } from '../errors';
import { parseProviderString, type ProviderPreset } from '../providers';
import { Instructor } from './instructor';
import {
  checkOptionNames,
  INSTRUCTOR_SETTING_NAMES,
  type InstructorSettings,
} from './instructor-options';

/**
 * The SDK's own client options, passed to the `OpenAI` instance `fromProvider` builds. The SDK's
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
   * @default 2 (the SDK's default)
   */
  httpRetries?: number;
  /** Headers sent with every request. */
  defaultHeaders?: ClientOptions['defaultHeaders'];
  /** Query parameters added to every request URL (Azure's `api-version`, gateways' keys). */
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

/** Options of `fromProvider(...)` (also accepted by `registerInstructor`). */
export interface FromProviderOptions extends InstructorSettings, SdkClientOptions {
  /** API key; defaults to the provider's environment variable (`OPENAI_API_KEY` for openai). */
  apiKey?: string;
  /** Base URL of the provider's OpenAI-compatible API; defaults to the provider's preset. */
  baseURL?: string;
  /**
   * An existing `OpenAI` instance to use as is. It carries its own connection settings, so
   * `apiKey`, `baseURL` and the SDK client options cannot be given with it (a `ConfigurationError`).
   */
  client?: OpenAI;
}

/** What building an `OpenAI` instance takes: key, URL and the SDK's client options. */
export type ConnectionOptions = Pick<FromProviderOptions, 'apiKey' | 'baseURL'> & SdkClientOptions;

const SDK_CLIENT_OPTION_NAMES: readonly (keyof SdkClientOptions)[] = [
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
];

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
    client: client ?? createOpenAIClient(parsed.provider, parsed.preset, connection),
    provider: parsed.provider,
    model: parsed.model,
    mode: mode ?? parsed.preset.defaultMode,
    streamUsage: options.streamUsage ?? parsed.preset.streamUsage ?? false,
  });
}

/**
 * Builds the SDK client a preset describes; the key and URL come from options or the environment,
 * the SDK's client options are passed through (`httpRetries` as the SDK's `maxRetries`).
 */
export function createOpenAIClient(
  provider: string,
  preset: ProviderPreset,
  options: ConnectionOptions,
): OpenAI {
  const { apiKey: givenKey, baseURL: givenURL, httpRetries, ...sdkOptions } = options;
  const apiKey = givenKey ?? (preset.apiKeyEnv ? process.env[preset.apiKeyEnv] : undefined) ?? '';
  if (!apiKey && preset.apiKeyEnv && !preset.apiKeyOptional) {
    throw new ConfigurationError({
      message: `No API key for ${provider}: set ${preset.apiKeyEnv} or pass { apiKey }.`,
    });
  }
  const baseURL =
    givenURL ?? (preset.baseURLEnv ? process.env[preset.baseURLEnv] : undefined) ?? preset.baseURL;
  const clientOptions: ClientOptions = {
    ...withoutUndefined(sdkOptions),
    // Local servers take any key, but the SDK refuses to start without one.
    apiKey: apiKey || `${provider}-no-key`,
    ...(baseURL ? { baseURL } : {}),
    ...(httpRetries !== undefined ? { maxRetries: checkHttpRetries(httpRetries) } : {}),
  };
  return new OpenAI(clientOptions);
}

/** With an existing `OpenAI` instance, options that would build one would be silently ignored. */
export function checkNoConnectionOptions(connection: ConnectionOptions, where: string): void {
  const given = CONNECTION_OPTION_NAMES.filter((name) => connection[name] !== undefined);
  if (given.length === 0) return;
  throw new ConfigurationError({
    message: `${where}: \`client\` is used as is, so ${given.map((name) => `\`${name}\``).join(', ')} would be ignored; configure them on the OpenAI instance you pass (new OpenAI({ ... })) or leave \`client\` out.`,
  });
}

function checkHttpRetries(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigurationError({
      message: `httpRetries must be a whole number of HTTP retries, 0 or more; got ${String(value)}.`,
    });
  }
  return value;
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** The options named in `names` that are set, as a new object. */
export function pick<T extends object, K extends keyof T>(
  options: T,
  names: readonly K[],
): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const name of names) if (options[name] !== undefined) picked[name] = options[name];
  return picked as Pick<T, K>;
}
