import { statSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../../errors';
import type { LocalModelOptions } from '../connection-options';
import {
  defaultModelCacheDir,
  downloadModel,
  progressBarReporter,
  resolveModelUri,
} from './model-download';

/** The environment variable that points `local/default` at another GGUF file or model URI. */
export const LOCAL_MODEL_ENV = 'CLASS_INSTRUCTOR_LOCAL_MODEL';

/**
 * The model `local/default` downloads: Qwen2.5-0.5B-Instruct (Apache-2.0), Qwen's own Q4_K_M
 * GGUF, pinned to one revision so the checksum holds. docs/providers.md says why this one.
 */
export const DEFAULT_LOCAL_MODEL = {
  name: 'Qwen2.5-0.5B-Instruct (Q4_K_M)',
  url: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/9217f5db79a29953eb74d5343926648285ec7e67/qwen2.5-0.5b-instruct-q4_k_m.gguf',
  fileName: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
  sha256: '74a4da8c9fdbcd15bd1f6d01d621410d31c6fc00986f5eb687824e7b93d7a9db',
  bytes: 491_400_032,
} as const;

/** Where a local model's file is, and how to fetch it when it is not there yet. */
export interface LocalModelSource {
  /** The GGUF file generation reads. */
  path: string;
  /** Set when the file may have to be downloaded first (a model URI or `local/default`). */
  download?: { url: string; sha256?: string; bytes?: number; label: string };
}

/**
 * Resolves the model part of `local/<model>`: `default` (or whatever `CLASS_INSTRUCTOR_LOCAL_MODEL`
 * names), a model URI (`hf:owner/repo/file.gguf`, `https://...`), or a path to a GGUF file, which
 * must exist now.
 */
export function resolveLocalModel(
  model: string,
  env: NodeJS.ProcessEnv,
  cacheDir: string = defaultModelCacheDir(env),
): LocalModelSource {
  if (model === 'default') {
    const override = env[LOCAL_MODEL_ENV];
    if (override) return resolveNamed(override, cacheDir, `${LOCAL_MODEL_ENV}=${override}`);
    return {
      path: path.join(cacheDir, 'models', DEFAULT_LOCAL_MODEL.fileName),
      download: {
        url: DEFAULT_LOCAL_MODEL.url,
        sha256: DEFAULT_LOCAL_MODEL.sha256,
        bytes: DEFAULT_LOCAL_MODEL.bytes,
        label: DEFAULT_LOCAL_MODEL.name,
      },
    };
  }
  return resolveNamed(model, cacheDir, `local/${model}`);
}

function resolveNamed(name: string, cacheDir: string, origin: string): LocalModelSource {
  if (/^(hf:|https?:\/\/)/i.test(name)) {
    const url = resolveModelUri(name);
    const fileName = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    if (!fileName) {
      throw new ConfigurationError({ message: `${origin}: the model URI names no file.` });
    }
    // The URL's host and path keep two files of the same name apart in the cache.
    const parsed = new URL(url);
    const folder = [parsed.host, ...parsed.pathname.split('/').slice(1, -1)]
      .join('_')
      .replace(/[^\w.-]/g, '_');
    return {
      path: path.join(cacheDir, 'models', folder, fileName),
      download: { url, label: fileName },
    };
  }
  const file = path.resolve(name);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    throw new ConfigurationError({
      message: `${origin}: no GGUF file at ${file}. Give the path of a .gguf file, a model URI (hf:owner/repo/file.gguf), or use local/default.`,
    });
  }
  return { path: file };
}

/** Downloads under way, by destination: clients asking for the same file share one. */
const downloads = new Map<string, Promise<string>>();

/** The model file, downloaded (with progress, checksum and resume) when it is not cached yet. */
export function ensureModelFile(
  source: LocalModelSource,
  onProgress: LocalModelOptions['onDownloadProgress'],
): Promise<string> {
  if (source.download === undefined) return Promise.resolve(source.path);
  let download = downloads.get(source.path);
  if (download === undefined) {
    download = startDownload(source.path, source.download, onProgress).finally(() =>
      downloads.delete(source.path),
    );
    downloads.set(source.path, download);
  }
  return download;
}

async function startDownload(
  destination: string,
  { url, sha256, bytes, label }: NonNullable<LocalModelSource['download']>,
  onProgress: LocalModelOptions['onDownloadProgress'],
): Promise<string> {
  // A cached file of the wrong size (a copy cut short outside our download) is ours to replace.
  const cached = await stat(destination).catch(() => undefined);
  if (bytes !== undefined && cached !== undefined && cached.size !== bytes) await rm(destination);
  return downloadModel({
    url,
    destination,
    ...(sha256 !== undefined ? { sha256 } : {}),
    onProgress: onProgress ?? progressBarReporter(process.stderr, `Downloading ${label}`),
  });
}
