import { availableParallelism } from 'node:os';
import type * as NodeLlamaCpp from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { ConfigurationError } from '../../errors';
import type { LocalModelOptions } from '../connection-options';

export type LlamaModule = typeof NodeLlamaCpp;
export type Llama = NodeLlamaCpp.Llama;
export type LlamaModel = NodeLlamaCpp.LlamaModel;

export const INSTALL_COMMAND = 'npm install node-llama-cpp@3';

/**
 * node-llama-cpp is ESM with top-level await, so `require()` cannot load it. TypeScript keeps a
 * native `import()` in this CommonJS build, but other CommonJS transpilers (ts-jest among them)
 * rewrite `import()` into `require()`; evaluated text is out of their reach. A direct `eval`, not
 * `new Function`: it imports on behalf of this module (under jest, of this test file's module
 * registry, where a `new Function` import lands in the first test file's, torn down since).
 */
function importModule(specifier: string): Promise<unknown> {
  void specifier; // read by the evaluated text
  return eval('import(specifier)') as Promise<unknown>;
}

/** Fails early, while `fromProvider` runs, when the optional peer is not installed. */
export function assertNodeLlamaCppInstalled(): void {
  try {
    require.resolve('node-llama-cpp');
  } catch {
    throw new ConfigurationError({
      message: `local/ models run in-process with node-llama-cpp, an optional peer dependency that is not installed: ${INSTALL_COMMAND}`,
    });
  }
}

let runtime: Promise<{ module: LlamaModule; llama: Llama }> | undefined;

/**
 * The process's one node-llama-cpp runtime (it is meant to be loaded once). The first local
 * client decides its GPU setting. A failed load is forgotten, so a later call may try again.
 */
export function llamaRuntime(gpu: LocalModelOptions['gpu']): Promise<{
  module: LlamaModule;
  llama: Llama;
}> {
  runtime ??= (async () => {
    const module = (await importModule('node-llama-cpp')) as LlamaModule;
    const llama = await module.getLlama({
      gpu: gpu ?? false,
      // Never compile llama.cpp in the middle of a request: a missing prebuilt binary is an error.
      build: 'never',
      logLevel: module.LlamaLogLevel.error,
    });
    return { module, llama };
  })().catch((error: unknown) => {
    runtime = undefined;
    throw new ConfigurationError({
      message: `node-llama-cpp could not start (${error instanceof Error ? error.message : String(error)}). Reinstall it for this machine: ${INSTALL_COMMAND}`,
      cause: error,
    });
  });
  return runtime;
}

/** Threads for generation: half the cores (the other half serves the process), 1 to 8. */
export function defaultThreads(cores: number = availableParallelism()): number {
  return Math.min(8, Math.max(1, Math.floor(cores / 2)));
}

interface SharedModel {
  model: Promise<LlamaModel>;
  users: number;
}

const models = new Map<string, SharedModel>();

/**
 * The model at `path`, loaded once per process and shared by every client using it; `release`
 * frees it when the last one lets go.
 */
export function acquireModel(
  path: string,
  gpu: LocalModelOptions['gpu'],
): { model: Promise<LlamaModel>; release: () => Promise<void> } {
  let shared = models.get(path);
  if (shared === undefined) {
    const loading = llamaRuntime(gpu).then(({ llama }) =>
      llama.loadModel({ modelPath: path }).catch((error: unknown) => {
        throw new ConfigurationError({
          message: `Cannot load the GGUF model at ${path}: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        });
      }),
    );
    shared = { model: loading, users: 0 };
    models.set(path, shared);
    // A load that failed is not kept: the next client tries again.
    loading.catch(() => {
      if (models.get(path) === shared) models.delete(path);
    });
  }
  shared.users += 1;
  const entry = shared;
  let released = false;
  return {
    model: entry.model,
    release: async () => {
      if (released) return;
      released = true;
      entry.users -= 1;
      if (entry.users > 0) return;
      if (models.get(path) === entry) models.delete(path);
      const model = await entry.model.catch(() => undefined);
      await model?.dispose();
    },
  };
}

/** How many models are loaded now (for tests of `close()`). */
export function loadedModelCount(): number {
  return models.size;
}
