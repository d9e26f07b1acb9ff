import { AzureOpenAI } from 'openai';
import { ConfigurationError } from '../errors';
import { NO_OPENAI_ACCOUNT, sdkClientOptions } from './openai-compatible.client';
import type { ClientFactory } from './provider-presets';

type AzureClientOptions = NonNullable<ConstructorParameters<typeof AzureOpenAI>[0]>;

/**
 * `azure/<deployment>` through the SDK's `AzureOpenAI`: the deployment is the model of each call
 * (the SDK puts it in the URL, `/openai/deployments/<deployment>/chat/completions`), the key goes
 * in the `api-key` header and `api-version` in every query.
 */
export const azureClient: ClientFactory = ({ options, env }) => {
  const { apiKey: givenKey, baseURL, azure = {} } = options;
  const { endpoint: givenEndpoint, apiVersion: givenVersion, azureADTokenProvider } = azure;
  const endpoint = givenEndpoint ?? env.AZURE_OPENAI_ENDPOINT;
  if (!endpoint && !baseURL) {
    throw new ConfigurationError({
      message:
        'No endpoint for azure: set AZURE_OPENAI_ENDPOINT or pass { azure: { endpoint: "https://<resource>.openai.azure.com/" } }.',
    });
  }
  const apiVersion = givenVersion ?? env.AZURE_OPENAI_API_VERSION ?? env.OPENAI_API_VERSION;
  if (!apiVersion) {
    throw new ConfigurationError({
      message:
        'No api-version for azure: set AZURE_OPENAI_API_VERSION (or OPENAI_API_VERSION) or pass { azure: { apiVersion } }, e.g. "2024-10-21".',
    });
  }
  if (givenKey !== undefined && azureADTokenProvider !== undefined) {
    throw new ConfigurationError({
      message: 'azure: pass `apiKey` or `azure.azureADTokenProvider`, not both.',
    });
  }
  const apiKey = azureADTokenProvider ? undefined : (givenKey ?? env.AZURE_OPENAI_API_KEY);
  if (!apiKey && !azureADTokenProvider) {
    throw new ConfigurationError({
      message:
        'No API key for azure: set AZURE_OPENAI_API_KEY, pass { apiKey }, or pass { azure: { azureADTokenProvider } }.',
    });
  }
  return new AzureOpenAI({
    ...NO_OPENAI_ACCOUNT,
    ...(sdkClientOptions(options) as AzureClientOptions),
    apiVersion,
    // With a token provider, an explicit null keeps the SDK from reading AZURE_OPENAI_API_KEY
    // itself (and refusing the pair); its types only say `string | undefined`.
    ...(apiKey ? { apiKey } : { azureADTokenProvider, apiKey: null as unknown as undefined }),
    // The SDK reads OPENAI_BASE_URL itself, and refuses it next to an endpoint: say which one.
    ...(baseURL ? { baseURL } : { endpoint, baseURL: null }),
  });
};
