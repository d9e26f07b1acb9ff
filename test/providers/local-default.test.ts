// local/default and model URIs: which file they mean, and the first-use download through the
// real pipeline, against a loopback server serving the vendored tiny model (no model host is
// reachable from here, nor needed).
import 'reflect-metadata';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError, fromProvider, Mode, type Instructor } from '../../src';
import {
  DEFAULT_LOCAL_MODEL,
  ensureModelFile,
  LOCAL_MODEL_ENV,
  resolveLocalModel,
} from '../../src/providers/local/local-model.source';
import { messages, Person, TINY_MODEL } from './tiny-model.fixture';
import { failureOf, withEnv } from '../integration/support';

jest.setTimeout(60_000);

const MODEL = TINY_MODEL;

describe('which file a local model string means', () => {
  it('local/default is the pinned default model in the cache directory, checksummed', () => {
    const source = resolveLocalModel('default', {}, '/cache');

    expect(source.path).toBe(path.join('/cache', 'models', DEFAULT_LOCAL_MODEL.fileName));
    expect(source.download).toEqual({
      url: DEFAULT_LOCAL_MODEL.url,
      sha256: DEFAULT_LOCAL_MODEL.sha256,
      bytes: 491_400_032,
      label: DEFAULT_LOCAL_MODEL.name,
    });
    expect(DEFAULT_LOCAL_MODEL.url).toMatch(
      /^https:\/\/huggingface\.co\/Qwen\/Qwen2\.5-0\.5B-Instruct-GGUF\/resolve\/[0-9a-f]{40}\//,
    );
  });

  it(`${LOCAL_MODEL_ENV} points local/default at a file, which must exist`, () => {
    expect(resolveLocalModel('default', { [LOCAL_MODEL_ENV]: MODEL }, '/cache')).toEqual({
      path: MODEL,
    });
    const missing = path.join(__dirname, 'missing.gguf');
    expect(() => resolveLocalModel('default', { [LOCAL_MODEL_ENV]: missing }, '/cache')).toThrow(
      `${LOCAL_MODEL_ENV}=${missing}: no GGUF file at ${missing}`,
    );
  });

  it('a model URI is downloaded into the cache, apart from same-named files of other repos', () => {
    const source = resolveLocalModel('hf:owner/repo/sub/model-q4.gguf', {}, '/cache');

    expect(source.download?.url).toBe(
      'https://huggingface.co/owner/repo/resolve/main/sub/model-q4.gguf',
    );
    expect(path.basename(source.path)).toBe('model-q4.gguf');
    expect(source.path.startsWith(path.join('/cache', 'models'))).toBe(true);
    const other = resolveLocalModel('hf:other/repo/sub/model-q4.gguf', {}, '/cache');
    expect(other.path).not.toBe(source.path);
  });
});

describe('local/default downloaded on first use', () => {
  let server: Server;
  let baseUrl: string;
  let cacheDir: string;
  const requests: IncomingHttpHeaders[] = [];
  const clients: Instructor[] = [];

  beforeAll(async () => {
    const bytes = await readFile(MODEL);
    server = createServer((request, response) => {
      requests.push(request.headers);
      if (request.url !== '/models/stories260K.gguf') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-length': bytes.length }).end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(async () => {
    requests.length = 0;
    cacheDir = await mkdtemp(path.join(tmpdir(), 'class-instructor-cache-'));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await rm(cacheDir, { recursive: true, force: true });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const localDefault = (
    modelUri: string,
    onDownloadProgress?: (progress: { receivedBytes: number }) => void,
  ): Instructor => {
    const client = withEnv(
      { [LOCAL_MODEL_ENV]: modelUri, CLASS_INSTRUCTOR_CACHE_DIR: cacheDir },
      () =>
        fromProvider('local/default', {
          mode: Mode.JSON_SCHEMA,
          local: { threads: 1, ...(onDownloadProgress ? { onDownloadProgress } : {}) },
        }),
    );
    clients.push(client);
    return client;
  };

  it('the first call downloads the model with progress, runs it; later clients use the cache', async () => {
    const progress: number[] = [];
    const first = localDefault(`${baseUrl}/models/stories260K.gguf`, (p) =>
      progress.push(p.receivedBytes),
    );

    const person = await first.create({ messages, responseModel: Person });

    expect(person).toBeInstanceOf(Person);
    const size = (await stat(MODEL)).size;
    expect(progress[progress.length - 1]).toBe(size);
    expect(progress.length).toBeGreaterThan(1);
    expect(requests).toHaveLength(1);
    // Nothing is fetched before the first call, and nothing again once cached.
    const second = localDefault(`${baseUrl}/models/stories260K.gguf`);
    await second.create({ messages, responseModel: Person });
    expect(requests).toHaveLength(1);
  });

  it('two clients asking for the same uncached model at once share one download', async () => {
    const uri = `${baseUrl}/models/stories260K.gguf`;
    const [first, second] = [localDefault(uri), localDefault(uri)];

    const people = await Promise.all([
      first.create({ messages, responseModel: Person }),
      second.create({ messages, responseModel: Person }),
    ]);

    expect(people.map((person) => person instanceof Person)).toEqual([true, true]);
    expect(requests).toHaveLength(1);
  });

  it('a cached file of the wrong size is downloaded again', async () => {
    const bytes = await readFile(MODEL);
    const destination = path.join(cacheDir, 'cut-short.gguf');
    await writeFile(destination, bytes.subarray(0, 1000));

    const file = await ensureModelFile(
      {
        path: destination,
        download: {
          url: `${baseUrl}/models/stories260K.gguf`,
          bytes: bytes.length,
          label: 'tiny',
        },
      },
      () => undefined,
    );

    expect(file).toBe(destination);
    expect(requests).toHaveLength(1);
    expect((await readFile(destination)).equals(bytes)).toBe(true);
  });

  it('no network and nothing cached: the call fails with a ConfigurationError saying how to get one', async () => {
    const client = localDefault(`${baseUrl}/models/not-there.gguf`);

    const error = await failureOf(client.create({ messages, responseModel: Person }));

    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('404');
    expect((error as Error).message).toContain(LOCAL_MODEL_ENV);
  });
});
