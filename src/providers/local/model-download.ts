import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../errors';
import { redactSecrets } from '../../internal';

/** How far a model download has come; passed to `onProgress` as bytes arrive. */
export interface ModelDownloadProgress {
  /** Bytes on disk so far, including those of an earlier, interrupted try. */
  receivedBytes: number;
  /** Size of the whole file, when the server says; the last call on success always has it. */
  totalBytes: number | undefined;
  /** Bytes that were already on disk when this try began (0 for a fresh download). */
  resumedFromBytes: number;
}

/** Options of `downloadModel`. */
export interface ModelDownloadOptions {
  /** http(s) URL of the file (see `resolveModelUri` for `hf:` URIs). */
  url: string;
  /** Final file path; the partial download lives at `${destination}.partial`. */
  destination: string;
  /** Expected sha256, hex; a finished file that differs is deleted and the call fails. */
  sha256?: string;
  /** Called as bytes arrive, after they are written; throttling is the caller's job. */
  onProgress?: (progress: ModelDownloadProgress) => void;
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Aborting keeps the partial file and rejects with the signal's reason. */
  signal?: AbortSignal;
}

const MANUAL_ROUTE = 'download it yourself and set CLASS_INSTRUCTOR_LOCAL_MODEL to its path';

/**
 * Downloads `url` to `destination` unless it is already there, resuming an earlier partial try
 * with a Range request, and checks the sha256 when one is given. Resolves to `destination`.
 */
export async function downloadModel(options: ModelDownloadOptions): Promise<string> {
  const { url, destination, onProgress, signal } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const expected = checkSha256(options.sha256);
  const shownUrl = displayUrl(url);
  if ((await fileSize(destination)) !== undefined) return destination;

  const partial = `${destination}.partial`;
  await mkdir(path.dirname(destination), { recursive: true });
  const onDisk = (await fileSize(partial)) ?? 0;
  const hash = expected === undefined ? undefined : createHash('sha256');

  const fail = (reason: string, cause?: unknown): never => {
    if (signal?.aborted) throw signal.reason;
    throw new ConfigurationError({
      message:
        `Downloading the local model from ${shownUrl} failed: ${redactSecrets(reason, urlSecrets(url))}. ` +
        (existsSync(partial)
          ? `The partial file ${partial} is kept and the download resumes on the next try; `
          : 'Try again once the network is back; ') +
        `to get the model by hand, ${MANUAL_ROUTE}.`,
      cause,
    });
  };

  let response: Response;
  try {
    response = await fetchImpl(url, {
      // identity: Content-Length and Range must count the file's own bytes, not gzip's.
      headers: { 'accept-encoding': 'identity', ...(onDisk > 0 && { range: `bytes=${onDisk}-` }) },
      signal,
    });
  } catch (error) {
    return fail(describe(error), error);
  }

  if (response.status === 416 && onDisk > 0) {
    // The partial already holds every byte: an earlier try died between the last byte and the rename.
    await discard(response);
    if (hash) await hashFile(partial, hash);
  } else if (response.ok) {
    const resumed = response.status === 206 ? onDisk : 0;
    if (resumed > 0 && rangeStart(response) !== resumed) {
      // Appending bytes from another offset would corrupt the file for good; start over next time.
      await discard(response);
      await rm(partial, { force: true });
      throw new ConfigurationError({
        message:
          `Downloading the local model from ${shownUrl} failed: the server answered a Range request ` +
          `for bytes ${resumed}- with other bytes. The partial file was removed, so the next try ` +
          `starts over; to get the model by hand, ${MANUAL_ROUTE}.`,
      });
    }
    if (hash && resumed > 0) await hashFile(partial, hash);
    const totalBytes = totalSize(response, resumed);
    let receivedBytes = resumed;
    // undici types the body as ReadableStream<any>; a fetch body is bytes.
    const body: AsyncIterable<Uint8Array> | Uint8Array[] = response.body ?? [];
    let handle: FileHandle | undefined;
    try {
      // A 200 to a Range request means the server ignored it: 'w' starts the file over.
      handle = await open(partial, resumed > 0 ? 'a' : 'w');
      // Chunk by chunk, so a broken connection leaves every byte received so far on disk.
      for await (const chunk of body) {
        await writeAll(handle, chunk);
        hash?.update(chunk);
        receivedBytes += chunk.byteLength;
        onProgress?.({ receivedBytes, totalBytes, resumedFromBytes: resumed });
      }
    } catch (error) {
      return fail(describe(error), error);
    } finally {
      await handle?.close();
    }
    if (totalBytes !== undefined && receivedBytes !== totalBytes) {
      return fail(`the body ended after ${receivedBytes} of ${totalBytes} bytes`);
    }
    if (totalBytes === undefined) {
      onProgress?.({ receivedBytes, totalBytes: receivedBytes, resumedFromBytes: resumed });
    }
  } else {
    await discard(response);
    return fail(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }

  const actual = hash?.digest('hex');
  if (actual !== expected) {
    await rm(partial, { force: true });
    throw new ConfigurationError({
      message:
        `The local model downloaded from ${shownUrl} has sha256 ${actual} but ${expected} was expected. ` +
        `The file was removed; try again to download it afresh, or ${MANUAL_ROUTE}.`,
    });
  }
  await rename(partial, destination);
  return destination;
}

/**
 * Where local models are cached: `$CLASS_INSTRUCTOR_CACHE_DIR`, else the platform's user cache
 * directory (XDG on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows).
 */
export function defaultModelCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home?: string,
): string {
  if (env.CLASS_INSTRUCTOR_CACHE_DIR) return env.CLASS_INSTRUCTOR_CACHE_DIR;
  const homeDir = home ?? homedir();
  if (platform === 'win32') {
    return path.win32.join(
      env.LOCALAPPDATA || path.win32.join(homeDir, 'AppData', 'Local'),
      'class-instructor',
    );
  }
  if (platform === 'darwin')
    return path.posix.join(homeDir, 'Library', 'Caches', 'class-instructor');
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  const cacheHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(homeDir, '.cache');
  return path.posix.join(cacheHome, 'class-instructor');
}

/**
 * Turns `hf:owner/repo/path/to/file.gguf` into its Hugging Face download URL (main branch);
 * returns http(s) URLs unchanged.
 */
export function resolveModelUri(uri: string): string {
  if (/^https?:\/\//i.test(uri)) {
    if (!URL.canParse(uri))
      throw new ConfigurationError({ message: `"${uri}" is not a valid URL.` });
    return uri;
  }
  const segments = uri.startsWith('hf:') ? uri.slice(3).split('/') : [];
  const [owner = '', repo = '', ...file] = segments;
  const isName = (segment: string) => /^[\w.-]+$/.test(segment) && !/^\.\.?$/.test(segment);
  if (!isName(owner) || !isName(repo) || file.length === 0 || !file.every(isName)) {
    throw new ConfigurationError({
      message: `Cannot resolve the model URI "${uri}": expected hf:owner/repo/path/file.gguf or an http(s) URL.`,
    });
  }
  return `https://huggingface.co/${owner}/${repo}/resolve/main/${file.join('/')}`;
}

const BAR_WIDTH = 10;
const UNKNOWN_TOTAL_LINE_EVERY = 100_000_000;

/**
 * A progress callback drawing `label [####......] 45% 12.3/27.1 MB`: rewritten in place on a
 * terminal; in logs (not a TTY) one line per 10 % step, or per 100 MB when the size is unknown.
 * Make one per download: it goes quiet after the completion line.
 */
export function progressBarReporter(
  stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>,
  label: string,
): (progress: ModelDownloadProgress) => void {
  let lastLine = '';
  let lastStep = 0;
  let finished = false;
  return ({ receivedBytes, totalBytes }) => {
    if (finished) return;
    finished = receivedBytes === totalBytes;
    const fraction = totalBytes ? Math.min(receivedBytes / totalBytes, 1) : undefined;
    const line =
      fraction === undefined
        ? `${label} ${megabytes(receivedBytes)} MB`
        : `${label} [${'#'.repeat(Math.floor(fraction * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ` +
          `${Math.floor(fraction * 100)}% ${megabytes(receivedBytes)}/${megabytes(totalBytes ?? 0)} MB`;
    if (stream.isTTY) {
      // The text changes every 0.1 MB, chunks come every few KB: skip identical redraws.
      if (line === lastLine && !finished) return;
      // Pad so a shorter line fully covers the one it replaces.
      stream.write(`\r${line.padEnd(lastLine.length)}${finished ? '\n' : ''}`);
      lastLine = line;
      return;
    }
    // Per-step counters: 10 % steps, or 100 MB steps while the size is unknown; completion always prints.
    const step = finished
      ? Infinity
      : fraction === undefined
        ? Math.floor(receivedBytes / UNKNOWN_TOTAL_LINE_EVERY)
        : Math.floor(fraction * 10);
    if (step <= lastStep) return;
    lastStep = step;
    stream.write(`${line}\n`);
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

function checkSha256(sha256: string | undefined): string | undefined {
  if (sha256 === undefined) return undefined;
  if (!/^[0-9a-f]{64}$/i.test(sha256)) {
    throw new ConfigurationError({ message: `sha256 must be 64 hex digits, got "${sha256}".` });
  }
  return sha256.toLowerCase();
}

/** The URL as it may be shown: no user info, query or fragment (signed URLs carry tokens there). */
function displayUrl(url: string): string {
  if (!URL.canParse(url)) throw new ConfigurationError({ message: `"${url}" is not a valid URL.` });
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigurationError({
      message: `Models download over http(s) only, got "${parsed.protocol}".`,
    });
  }
  return `${parsed.origin}${parsed.pathname}`;
}

function urlSecrets(url: string): string[] {
  const { username, password, search } = new URL(url);
  return [username, password, search.slice(1)];
}

/** fetch's own message is "fetch failed"; the useful part (ECONNREFUSED, "other side closed") is its cause. */
function describe(error: unknown): string {
  const message = messageOf(error) ?? String(error);
  const cause = messageOf((error as { cause?: unknown } | null)?.cause);
  return cause ? `${message} (${cause})` : message;
}

// Duck-typed, not instanceof: undici's errors may come from another realm (as under Jest).
function messageOf(value: unknown): string | undefined {
  const message: unknown = (value as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

async function fileSize(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function hashFile(file: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let offset = 0; offset < chunk.byteLength;) {
    offset += (await handle.write(chunk, offset)).bytesWritten;
  }
}

/** Frees the connection of a reply whose body we do not want; a failure there changes nothing. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function rangeStart(response: Response): number | undefined {
  const match = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : undefined;
}

function totalSize(response: Response, resumed: number): number | undefined {
  const fromRange = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (fromRange) return Number(fromRange[1]);
  const length = response.headers.get('content-length');
  return length === null ? undefined : resumed + Number(length);
}
