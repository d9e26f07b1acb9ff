import OpenAI from 'openai';
import { ConfigurationError } from '../../errors';
import { boundedJson } from '../../internal';
import { onClientClose } from '../provider-client';
import { NO_OPENAI_ACCOUNT, sdkClientOptions } from '../openai-compatible.client';
import type { ClientFactory } from '../provider-presets';
import { assertNodeLlamaCppInstalled } from './llama.runtime';
import { LocalChatEngine } from './local-chat.engine';
import { resolveLocalModel } from './local-model.source';

/** A host nothing resolves: requests never leave the process, the engine's fetch answers them. */
const LOCAL_BASE_URL = 'http://local.class-instructor.invalid/v1';

/**
 * `local/<path.gguf>`, `local/<model URI>` and `local/default`: an `OpenAI` client whose `fetch`
 * runs the model in-process, so every call takes the same SDK path as a remote one.
 */
export const localClient: ClientFactory = ({ model, options, env }) => {
  const { apiKey, baseURL, fetch, local = {}, httpRetries } = options;
  const refused = { apiKey, baseURL, fetch };
  for (const [name, value] of Object.entries(refused)) {
    if (value !== undefined) {
      throw new ConfigurationError({
        message: `local/ models run in-process: \`${name}\` has nothing to connect to; leave it out.`,
      });
    }
  }
  checkLocalOptions(local as Record<string, unknown>);
  assertNodeLlamaCppInstalled();
  const engine = new LocalChatEngine(resolveLocalModel(model, env), local);
  const client = new OpenAI({
    ...NO_OPENAI_ACCOUNT,
    // No network to retry: the SDK's retries are off unless asked for.
    ...sdkClientOptions({ ...options, httpRetries: httpRetries ?? 0 }),
    // Never sent anywhere; not a word that appears in messages (quoted keys are redacted).
    apiKey: 'class-instructor-local-model',
    baseURL: LOCAL_BASE_URL,
    fetch: engine.fetch,
  });
  onClientClose(client, () => engine.close());
  return client;
};

const LOCAL_OPTION_NAMES = new Set(['threads', 'contextSize', 'gpu', 'seed', 'onDownloadProgress']);
const GPU_VALUES = new Set([false, 'auto', 'cuda', 'vulkan', 'metal']);

function checkLocalOptions(local: Record<string, unknown>): void {
  if (typeof local !== 'object' || local === null) {
    throw new ConfigurationError({ message: '`local` must be an object of local-model options.' });
  }
  const unknown = Object.keys(local).filter((name) => !LOCAL_OPTION_NAMES.has(name));
  if (unknown.length > 0) {
    throw new ConfigurationError({
      message: `Unknown local option ${unknown.map((name) => `\`${name}\``).join(', ')}; known: ${[...LOCAL_OPTION_NAMES].join(', ')}.`,
    });
  }
  for (const name of ['threads', 'contextSize'] as const) {
    const value = local[name];
    if (
      value !== undefined &&
      (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    ) {
      throw new ConfigurationError({
        message: `local.${name} must be a whole number, 1 or more; got ${boundedJson(value)}.`,
      });
    }
  }
  if (local.gpu !== undefined && !GPU_VALUES.has(local.gpu as string)) {
    throw new ConfigurationError({
      message: `local.gpu must be false, 'auto', 'cuda', 'vulkan' or 'metal'; got ${boundedJson(local.gpu)}.`,
    });
  }
  if (local.seed !== undefined && !Number.isInteger(local.seed)) {
    throw new ConfigurationError({
      message: `local.seed must be a whole number; got ${boundedJson(local.seed)}.`,
    });
  }
  if (local.onDownloadProgress !== undefined && typeof local.onDownloadProgress !== 'function') {
    throw new ConfigurationError({ message: 'local.onDownloadProgress must be a function.' });
  }
}
