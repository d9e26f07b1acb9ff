import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors';
import {
  defaultModelCacheDir,
  downloadModel,
  progressBarReporter,
  resolveModelUri,
  type ModelDownloadProgress,
} from '../../src/providers/local/model-download';

// 256 KB of deterministic, non-repeating bytes: several socket reads, so progress has steps.
const MODEL = (() => {
  const bytes = Buffer.alloc(256 * 1024);
  let state = 0x2545f491;
  for (let index = 0; index < bytes.length; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
})();
const HALF = MODEL.length / 2;
const MODEL_SHA256 = createHash('sha256').update(MODEL).digest('hex');

/**
 * How the loopback server answers: `serve` honours Range (206 + Content-Range); `cut-after-half`
 * sends the head and half the body, then destroys the socket once `cutWhen` settles.
 */
type Behaviour =
  'serve' | 'ignore-range' | 'wrong-range' | 'cut-after-half' | 'chunked' | 'not-found';

class ModelServer {
  behaviour: Behaviour = 'serve';
  cutWhen: Promise<void> = Promise.resolve();
  /** Headers of every request, in order. */
  readonly requests: IncomingHttpHeaders[] = [];

  private constructor(private readonly server: Server) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      this.requests.push(request.headers);
      void this.answer(request, response);
    });
  }

  static async start(): Promise<ModelServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ModelServer(server);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/models/tiny.gguf`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    switch (this.behaviour) {
      case 'not-found':
        response.writeHead(404).end('no such model');
        return;
      case 'chunked':
        response.writeHead(200).end(MODEL); // no Content-Length: the size is unknown
        return;
      case 'cut-after-half':
        response.writeHead(200, { 'content-length': MODEL.length });
        response.write(MODEL.subarray(0, HALF));
        await this.cutWhen;
        response.socket?.destroy();
        return;
      case 'wrong-range':
        response.writeHead(206, {
          'content-range': `bytes 0-${MODEL.length - 1}/${MODEL.length}`,
          'content-length': MODEL.length,
        });
        response.end(MODEL);
        return;
      case 'ignore-range':
        break;
      case 'serve':
        if (!range) break;
        if (start >= MODEL.length) {
          response.writeHead(416, { 'content-range': `bytes */${MODEL.length}` }).end();
          return;
        }
        response.writeHead(206, {
          'content-range': `bytes ${start}-${MODEL.length - 1}/${MODEL.length}`,
          'content-length': MODEL.length - start,
        });
        response.end(MODEL.subarray(start));
        return;
    }
    response.writeHead(200, { 'content-length': MODEL.length }).end(MODEL);
  }
}

let server: ModelServer;
let directory: string;
let destination: string;
let partial: string;

beforeEach(async () => {
  server = await ModelServer.start();
  directory = await mkdtemp(path.join(tmpdir(), 'model-download-'));
  // A directory that does not exist yet: downloadModel creates it.
  destination = path.join(directory, 'cache', 'nested', 'tiny.gguf');
  partial = `${destination}.partial`;
});

afterEach(async () => {
  await server.stop();
  await rm(directory, { recursive: true, force: true });
});

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The rejection of `promise`, which must reject. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection, got ${String(outcome)}`);
  return outcome;
}

/** An onProgress that records calls and resolves `halfReceived` once HALF bytes are on disk. */
function progressRecorder() {
  const calls: ModelDownloadProgress[] = [];
  let release = () => {};
  const halfReceived = new Promise<void>((resolve) => (release = resolve));
  const onProgress = (progress: ModelDownloadProgress) => {
    calls.push(progress);
    if (progress.receivedBytes >= HALF) release();
  };
  return { calls, halfReceived, onProgress };
}

describe('downloadModel', () => {
  it('downloads the file into a new directory, checks its sha256 and resolves to the destination', async () => {
    const { calls, onProgress } = progressRecorder();

    const result = await downloadModel({
      url: server.url,
      destination,
      sha256: MODEL_SHA256,
      onProgress,
    });

    expect(result).toBe(destination);
    expect((await readFile(destination)).equals(MODEL)).toBe(true);
    expect(await exists(partial)).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.range).toBeUndefined();
    expect(server.requests[0]?.['accept-encoding']).toBe('identity');
    // Several steps, each further along, the last one at the full size.
    expect(calls.length).toBeGreaterThan(1);
    const received = calls.map((call) => call.receivedBytes);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(new Set(received).size).toBe(received.length);
    expect(calls.at(-1)).toEqual({
      receivedBytes: MODEL.length,
      totalBytes: MODEL.length,
      resumedFromBytes: 0,
    });
    expect(calls.every((call) => call.totalBytes === MODEL.length)).toBe(true);
  });

  it('returns a destination that already exists without any request', async () => {
    await mkdir(path.dirname(destination), { recursive: true });
    await writeFile(destination, 'cached model');

    await expect(downloadModel({ url: server.url, destination })).resolves.toBe(destination);

    expect(server.requests).toHaveLength(0);
    expect(await readFile(destination, 'utf8')).toBe('cached model');
  });

  it('deletes a file whose sha256 differs and fails saying expected and got', async () => {
    const wrong = 'ab'.repeat(32);

    const error = await rejectionOf(downloadModel({ url: server.url, destination, sha256: wrong }));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(wrong);
    expect(error.message).toContain(MODEL_SHA256);
    expect(error.message).toMatch(/removed/);
    expect(await exists(destination)).toBe(false);
    expect(await exists(partial)).toBe(false);
  });

  it('keeps the partial file when the connection breaks and resumes it with a Range request', async () => {
    const first = progressRecorder();
    server.behaviour = 'cut-after-half';
    server.cutWhen = first.halfReceived;

    const error = await rejectionOf(
      downloadModel({
        url: server.url,
        destination,
        sha256: MODEL_SHA256,
        onProgress: first.onProgress,
      }),
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(`Downloading the local model from ${server.url} failed`);
    expect(error.message).toContain('resumes on the next try');
    expect(error.message).toContain(
      'download it yourself and set CLASS_INSTRUCTOR_LOCAL_MODEL to its path',
    );
    // The message names what broke, e.g. "terminated (other side closed)"; `cause` keeps the original.
    expect(error.cause).toBeDefined();
    expect(error.message).toContain(`failed: ${(error.cause as Error).message}`);
    expect(await exists(destination)).toBe(false);
    const kept = await readFile(partial);
    expect(kept.length).toBe(HALF);
    expect(kept.equals(MODEL.subarray(0, HALF))).toBe(true);

    server.behaviour = 'serve';
    const second = progressRecorder();
    await downloadModel({
      url: server.url,
      destination,
      sha256: MODEL_SHA256,
      onProgress: second.onProgress,
    });

    expect(server.requests[1]?.range).toBe(`bytes=${HALF}-`);
    expect((await readFile(destination)).equals(MODEL)).toBe(true);
    expect(await exists(partial)).toBe(false);
    expect(second.calls[0]?.receivedBytes).toBeGreaterThan(HALF);
    expect(second.calls.at(-1)).toEqual({
      receivedBytes: MODEL.length,
      totalBytes: MODEL.length,
      resumedFromBytes: HALF,
    });
  });

  it('starts over when the server ignores Range and answers 200', async () => {
    await mkdir(path.dirname(destination), { recursive: true });
    await writeFile(partial, Buffer.alloc(1000, 0xff)); // bytes that must not survive
    server.behaviour = 'ignore-range';

    await downloadModel({ url: server.url, destination, sha256: MODEL_SHA256 });

    expect(server.requests[0]?.range).toBe('bytes=1000-');
    expect((await readFile(destination)).equals(MODEL)).toBe(true);
  });

  it('takes a partial file the server answers 416 for as complete, once its sha256 matches', async () => {
    await mkdir(path.dirname(destination), { recursive: true });
    await writeFile(partial, MODEL);

    await downloadModel({ url: server.url, destination, sha256: MODEL_SHA256 });

    expect(server.requests[0]?.range).toBe(`bytes=${MODEL.length}-`);
    expect((await readFile(destination)).equals(MODEL)).toBe(true);
    expect(await exists(partial)).toBe(false);
  });

  it('drops the partial file when a 206 starts at another offset, so the next try starts over', async () => {
    await mkdir(path.dirname(destination), { recursive: true });
    await writeFile(partial, MODEL.subarray(0, HALF));
    server.behaviour = 'wrong-range';

    const error = await rejectionOf(downloadModel({ url: server.url, destination }));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(`bytes ${HALF}-`);
    expect(error.message).toContain('removed, so the next try starts over');
    expect(await exists(partial)).toBe(false);
    expect(await exists(destination)).toBe(false);
  });

  it('reports the size at the end when the server does not send it', async () => {
    const { calls, onProgress } = progressRecorder();
    server.behaviour = 'chunked';

    await downloadModel({ url: server.url, destination, sha256: MODEL_SHA256, onProgress });

    expect(calls.slice(0, -1).every((call) => call.totalBytes === undefined)).toBe(true);
    expect(calls.at(-1)).toEqual({
      receivedBytes: MODEL.length,
      totalBytes: MODEL.length,
      resumedFromBytes: 0,
    });
    expect((await readFile(destination)).equals(MODEL)).toBe(true);
  });

  it('fails on a 404 naming the status and the manual route, and creates no file', async () => {
    server.behaviour = 'not-found';

    const error = await rejectionOf(downloadModel({ url: server.url, destination }));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('HTTP 404 Not Found');
    expect(error.message).toContain('CLASS_INSTRUCTOR_LOCAL_MODEL');
    expect(await exists(destination)).toBe(false);
    expect(await exists(partial)).toBe(false);
  });

  it('names the cause when fetch itself fails, and keeps the query string out of the message', async () => {
    const refused = new TypeError('fetch failed', {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:9'),
    });
    const failingFetch: typeof fetch = () => Promise.reject(refused);

    const error = await rejectionOf(
      downloadModel({
        url: 'https://models.example/tiny.gguf?token=hf_supersecret',
        destination,
        fetch: failingFetch,
      }),
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('https://models.example/tiny.gguf failed');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('supersecret');
    expect(error.cause).toBe(refused);
  });

  it('rejects with the abort reason and keeps the partial file when the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const { halfReceived, onProgress } = progressRecorder();
    server.behaviour = 'cut-after-half';
    server.cutWhen = halfReceived;

    const error = await rejectionOf(
      downloadModel({
        url: server.url,
        destination,
        signal: controller.signal,
        onProgress: (progress) => {
          onProgress(progress);
          if (progress.receivedBytes >= HALF) controller.abort(reason);
        },
      }),
    );

    expect(error).toBe(reason);
    expect((await readFile(partial)).length).toBe(HALF);
  });

  it('checks its options before any request', async () => {
    const badSha = await rejectionOf(
      downloadModel({ url: server.url, destination, sha256: 'not-hex' }),
    );
    const badUrl = await rejectionOf(downloadModel({ url: 'file:///etc/passwd', destination }));

    expect(badSha).toBeInstanceOf(ConfigurationError);
    expect(badUrl).toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('defaultModelCacheDir', () => {
  it.each<[string, NodeJS.ProcessEnv, NodeJS.Platform, string, string]>([
    [
      'the override',
      { CLASS_INSTRUCTOR_CACHE_DIR: '/srv/models' },
      'linux',
      '/home/ada',
      '/srv/models',
    ],
    [
      'XDG on linux',
      { XDG_CACHE_HOME: '/var/cache/ada' },
      'linux',
      '/home/ada',
      '/var/cache/ada/class-instructor',
    ],
    ['~/.cache on linux', {}, 'linux', '/home/ada', '/home/ada/.cache/class-instructor'],
    [
      '~/.cache for a relative XDG',
      { XDG_CACHE_HOME: 'cache' },
      'linux',
      '/home/ada',
      '/home/ada/.cache/class-instructor',
    ],
    [
      '~/Library/Caches on macOS',
      { XDG_CACHE_HOME: '/ignored' },
      'darwin',
      '/Users/ada',
      '/Users/ada/Library/Caches/class-instructor',
    ],
    [
      '%LOCALAPPDATA% on Windows',
      { LOCALAPPDATA: 'D:\\Local' },
      'win32',
      'C:\\Users\\ada',
      'D:\\Local\\class-instructor',
    ],
    [
      '~\\AppData\\Local on Windows',
      {},
      'win32',
      'C:\\Users\\ada',
      'C:\\Users\\ada\\AppData\\Local\\class-instructor',
    ],
  ])('uses %s', (_case, env, platform, home, expected) => {
    expect(defaultModelCacheDir(env, platform, home)).toBe(expected);
  });
});

describe('resolveModelUri', () => {
  it('turns hf: URIs into Hugging Face download URLs on the main branch', () => {
    expect(resolveModelUri('hf:owner/repo/file.gguf')).toBe(
      'https://huggingface.co/owner/repo/resolve/main/file.gguf',
    );
    expect(resolveModelUri('hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/q4/model-Q4_K_M.gguf')).toBe(
      'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/q4/model-Q4_K_M.gguf',
    );
  });

  it('returns http(s) URLs as they are', () => {
    expect(resolveModelUri('https://example.com/m.gguf?x=1')).toBe(
      'https://example.com/m.gguf?x=1',
    );
    expect(resolveModelUri('http://127.0.0.1:8080/m.gguf')).toBe('http://127.0.0.1:8080/m.gguf');
  });

  it.each([
    'hf:owner/file.gguf',
    'hf:owner/repo/',
    'hf:owner/repo/../secrets',
    'hf:owner/repo:dev/file.gguf',
    'ftp://example.com/m.gguf',
    './model.gguf',
    'https://',
  ])('refuses %s with a ConfigurationError', (uri) => {
    expect(() => resolveModelUri(uri)).toThrow(ConfigurationError);
  });
});

describe('progressBarReporter', () => {
  const total = 27_100_000;
  const at = (receivedBytes: number, totalBytes: number | undefined) => ({
    receivedBytes,
    totalBytes,
    resumedFromBytes: 0,
  });
  function fakeStream(isTTY: boolean) {
    const writes: string[] = [];
    const stream = {
      isTTY,
      write: (chunk: string | Uint8Array) => writes.push(String(chunk)) > 0,
    };
    return { stream, writes };
  }

  it('redraws one line on a terminal and ends it at completion', () => {
    const { stream, writes } = fakeStream(true);
    const report = progressBarReporter(stream, 'local/default');

    report(at(12_300_000, total));
    report(at(12_300_001, total)); // same text: no redraw
    report(at(total, total));
    report(at(total, total)); // already finished

    expect(writes).toEqual([
      '\rlocal/default [####......] 45% 12.3/27.1 MB',
      '\rlocal/default [##########] 100% 27.1/27.1 MB\n',
    ]);
  });

  it('pads over a longer previous line', () => {
    const { stream, writes } = fakeStream(true);
    const report = progressBarReporter(stream, 'm');

    report(at(1_000_000_000, 2_000_000_000));
    report(at(2_000_000_000, undefined)); // shorter: "m 2000.0 MB"

    expect(writes[1]).toBe(`\r${'m 2000.0 MB'.padEnd(writes[0]!.length - 1)}`);
  });

  it('prints one line per 10 % step when not a terminal', () => {
    const { stream, writes } = fakeStream(false);
    const report = progressBarReporter(stream, 'model');

    for (let percent = 1; percent <= 100; percent++) report(at((total * percent) / 100, total));

    expect(writes).toHaveLength(10);
    expect(writes.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(writes[0]).toBe('model [#.........] 10% 2.7/27.1 MB\n');
    expect(writes.at(-1)).toBe('model [##########] 100% 27.1/27.1 MB\n');
  });

  it('shows megabytes received when the size is unknown, and the total at the end', () => {
    const tty = fakeStream(true);
    const log = fakeStream(false);
    for (const { stream } of [tty, log]) {
      const report = progressBarReporter(stream, 'model');
      report(at(50_000_000, undefined));
      report(at(150_000_000, undefined));
      report(at(250_000_000, undefined));
      report(at(250_000_000, 250_000_000)); // what downloadModel sends last
    }

    expect(tty.writes).toEqual([
      '\rmodel 50.0 MB',
      '\rmodel 150.0 MB',
      '\rmodel 250.0 MB',
      '\rmodel [##########] 100% 250.0/250.0 MB\n',
    ]);
    expect(log.writes).toEqual([
      'model 150.0 MB\n',
      'model 250.0 MB\n',
      'model [##########] 100% 250.0/250.0 MB\n',
    ]);
  });
});
