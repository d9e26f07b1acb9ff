// Every preset of SPEC §9, each against the testing server standing in for its API: the request
// reaches the preset's URL with its auth header and its default mode; a missing key names the
// variable. Azure's URL shape and api-version are checked on the wire.
import 'reflect-metadata';
import { ConfigurationError, fromProvider, Mode, SUPPORTED_PROVIDERS } from '../../src';
import { PROVIDER_PRESETS } from '../../src/providers';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { withEnv } from '../integration/support';

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const jason = { name: 'Jason', age: 25 };

const REMOTE = Object.entries(PROVIDER_PRESETS).filter(
  ([name]) => name !== 'azure' && name !== 'local',
);

describe('provider presets', () => {
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  it('SPEC §9 lists exactly these providers', () => {
    expect([...SUPPORTED_PROVIDERS].sort()).toEqual(
      [
        'openai',
        'azure',
        'anthropic',
        'gemini',
        'groq',
        'together',
        'fireworks',
        'deepseek',
        'mistral',
        'openrouter',
        'xai',
        'ollama',
        'lmstudio',
        'vllm',
        'llamacpp',
        'local',
      ].sort(),
    );
  });

  it.each(REMOTE)(
    '%s: the request reaches its API with its key and its default mode',
    async (name, preset) => {
      const key = `${name}-secret-key-123`;
      // Local servers read their URL from a variable; hosted ones take it as an option here.
      const env = {
        ...(preset.apiKeyEnv ? { [preset.apiKeyEnv]: key } : {}),
        ...(preset.baseURLEnv ? { [preset.baseURLEnv]: server.url } : {}),
      };
      const client = withEnv(env, () =>
        fromProvider(`${name}/some-model`, preset.baseURLEnv ? {} : { baseURL: server.url }),
      );
      server.reply(
        preset.defaultMode === Mode.TOOLS
          ? { toolCall: { name: 'User', arguments: jason } }
          : { content: JSON.stringify(jason) },
      );

      const user = await client.create({ messages, responseModel: User });

      expect(user).toEqual(jason);
      expect(client.mode).toBe(preset.defaultMode);
      const [request] = server.requests;
      expect(request!.model).toBe('some-model');
      if (preset.defaultMode === Mode.TOOLS) {
        expect(request!.tool_choice).toEqual({ type: 'function', function: { name: 'User' } });
      } else {
        expect(request!.response_format).toMatchObject({ type: 'json_schema' });
      }
      expect(server.requestUrls[0]).toBe('/v1/chat/completions');
      const auth = server.requestHeaders[0]!.authorization;
      expect(auth).toBe(preset.apiKeyEnv ? `Bearer ${key}` : `Bearer ${name}-no-key`);
    },
  );

  it.each(REMOTE.filter(([, preset]) => preset.baseURL !== undefined))(
    '%s: without a baseURL option the SDK points at the preset URL',
    (name, preset) => {
      const env = {
        ...(preset.apiKeyEnv ? { [preset.apiKeyEnv]: 'k-123456' } : {}),
        ...(preset.baseURLEnv ? { [preset.baseURLEnv]: undefined } : {}),
      };
      const client = withEnv(env, () => fromProvider(`${name}/m`));
      expect(client.client.baseURL).toBe(preset.baseURL);
    },
  );

  it.each(REMOTE.filter(([, preset]) => preset.apiKeyEnv && !preset.apiKeyOptional))(
    '%s: a missing key is a ConfigurationError naming its variable',
    (name, preset) => {
      withEnv({ [preset.apiKeyEnv!]: undefined }, () => {
        expect(() => fromProvider(`${name}/m`)).toThrow(ConfigurationError);
        expect(() => fromProvider(`${name}/m`)).toThrow(`set ${preset.apiKeyEnv}`);
      });
    },
  );

  it("OpenAI's organization and project ids from the environment go to OpenAI only", async () => {
    const account = { OPENAI_ORG_ID: 'org-abc', OPENAI_PROJECT_ID: 'proj_abc' };
    const [openai, groq] = withEnv(account, () => [
      fromProvider('openai/gpt-4.1-mini', { apiKey: 'sk-test-123456', baseURL: server.url }),
      fromProvider('groq/llama', { apiKey: 'gsk-test-123456', baseURL: server.url }),
    ]);
    server.reply(
      { toolCall: { name: 'User', arguments: jason } },
      { toolCall: { name: 'User', arguments: jason } },
    );

    await openai.create({ messages, responseModel: User });
    await groq.create({ messages, responseModel: User });

    expect(server.requestHeaders[0]!['openai-organization']).toBe('org-abc');
    expect(server.requestHeaders[0]!['openai-project']).toBe('proj_abc');
    expect(server.requestHeaders[1]!['openai-organization']).toBeUndefined();
    expect(server.requestHeaders[1]!['openai-project']).toBeUndefined();
  });

  it('openai uses the SDK default URL', () => {
    const client = withEnv({ OPENAI_API_KEY: 'sk-test-123456', OPENAI_BASE_URL: undefined }, () =>
      fromProvider('openai/gpt-4.1-mini'),
    );
    expect(client.client.baseURL).toBe('https://api.openai.com/v1');
  });

  describe('azure', () => {
    const azureEnv = {
      AZURE_OPENAI_ENDPOINT: undefined,
      AZURE_OPENAI_API_KEY: undefined,
      AZURE_OPENAI_API_VERSION: undefined,
      OPENAI_API_VERSION: undefined,
      OPENAI_BASE_URL: undefined,
    };
    const endpoint = (): string => server.url.replace(/\/v1$/, '');

    it('sends to /openai/deployments/<deployment>/chat/completions with api-version and api-key', async () => {
      const client = withEnv(azureEnv, () =>
        fromProvider('azure/my-gpt-deployment', {
          apiKey: 'azure-secret-key',
          azure: { endpoint: endpoint(), apiVersion: '2024-10-21' },
        }),
      );
      server.reply({ toolCall: { name: 'User', arguments: jason } });

      const user = await client.create({ messages, responseModel: User });

      expect(user).toEqual(jason);
      expect(client.mode).toBe(Mode.TOOLS);
      expect(server.requestUrls).toEqual([
        '/openai/deployments/my-gpt-deployment/chat/completions?api-version=2024-10-21',
      ]);
      expect(server.requestHeaders[0]!['api-key']).toBe('azure-secret-key');
      expect(server.requestHeaders[0]!.authorization).toBeUndefined();
    });

    it('reads endpoint, key and api-version from the AZURE_OPENAI_* variables', async () => {
      const client = withEnv(
        {
          ...azureEnv,
          AZURE_OPENAI_ENDPOINT: endpoint(),
          AZURE_OPENAI_API_KEY: 'env-azure-key',
          AZURE_OPENAI_API_VERSION: '2025-01-01-preview',
        },
        () => fromProvider('azure/dep'),
      );
      server.reply({ toolCall: { name: 'User', arguments: jason } });

      await client.create({ messages, responseModel: User });

      expect(server.requestUrls[0]).toBe(
        '/openai/deployments/dep/chat/completions?api-version=2025-01-01-preview',
      );
      expect(server.requestHeaders[0]!['api-key']).toBe('env-azure-key');
    });

    it('takes an Entra ID token provider instead of a key', async () => {
      const client = withEnv(azureEnv, () =>
        fromProvider('azure/dep', {
          azure: {
            endpoint: endpoint(),
            apiVersion: '2024-10-21',
            azureADTokenProvider: () => Promise.resolve('entra-token'),
          },
        }),
      );
      server.reply({ toolCall: { name: 'User', arguments: jason } });

      await client.create({ messages, responseModel: User });

      expect(server.requestHeaders[0]!.authorization).toBe('Bearer entra-token');
    });

    it.each([
      [
        { azure: { apiVersion: 'v', endpoint: undefined }, apiKey: 'k' },
        /set AZURE_OPENAI_ENDPOINT/,
      ],
      [
        { azure: { endpoint: 'https://r.openai.azure.com' }, apiKey: 'k' },
        /set AZURE_OPENAI_API_VERSION/,
      ],
      [
        { azure: { endpoint: 'https://r.openai.azure.com', apiVersion: 'v' } },
        /set AZURE_OPENAI_API_KEY/,
      ],
      [
        {
          apiKey: 'k',
          azure: {
            endpoint: 'https://r.openai.azure.com',
            apiVersion: 'v',
            azureADTokenProvider: () => Promise.resolve('t'),
          },
        },
        /not both/,
      ],
    ])('what is missing is a ConfigurationError naming its variable (%#)', (options, message) => {
      withEnv(azureEnv, () => {
        expect(() => fromProvider('azure/dep', options)).toThrow(ConfigurationError);
        expect(() => fromProvider('azure/dep', options)).toThrow(message);
      });
    });

    it('azure options on another provider are refused', () => {
      expect(() =>
        fromProvider('openai/gpt-4.1-mini', { apiKey: 'sk-123456', azure: { apiVersion: 'v' } }),
      ).toThrow(/The `azure` options are for "azure\/..." models/);
    });

    it('a key echoed in an error body is redacted', async () => {
      const client = withEnv(azureEnv, () =>
        fromProvider('azure/dep', {
          apiKey: 'azure-secret-key',
          azure: { endpoint: endpoint(), apiVersion: '2024-10-21' },
        }),
      );
      server.reply({
        error: { status: 401, message: 'Access denied: key azure-secret-key is not valid' },
      });

      const error = await client.create({ messages, responseModel: User }).catch((e: unknown) => e);

      expect((error as Error).name).toBe('ProviderError');
      expect((error as Error).message).toContain('Access denied: key [redacted] is not valid');
      expect((error as Error).message).not.toContain('azure-secret-key');
    });
  });
});
