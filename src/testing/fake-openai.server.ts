import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { type ClientOptions } from 'openai';
import {
  errorBody,
  renderReply,
  type RecordedRequest,
  type RenderedReply,
  type ReplyScript,
  type ReplyScriptFactory,
} from './reply-script';

/** Options of `FakeOpenAIServer.start`. */
export interface FakeOpenAIServerOptions {
  /**
   * Port to listen on, on 127.0.0.1 only.
   * @default 0 (any free port)
   */
  port?: number;
}

// Any prefix: `/v1/...` for OpenAI-compatible clients, `/openai/deployments/<name>/...` for Azure.
const chatCompletionsPath = /\/chat\/completions$/;

/**
 * A loopback HTTP server speaking the Chat Completions wire format, so tests exercise the real
 * `openai` SDK end to end: queue replies with `reply(...)`, call through `client()`, then assert on
 * `requests`.
 *
 * @example
 * const server = await FakeOpenAIServer.start();
 * server.reply({ toolCall: { name: 'User', arguments: { name: 'Ada' } } });
 * await server.client().chat.completions.create({ model: 'gpt-4o', messages: [] });
 * expect(server.requests[0]?.model).toBe('gpt-4o');
 * await server.stop();
 */
export class FakeOpenAIServer {
  private readonly server: Server;
  private readonly queue: Array<ReplyScript | ReplyScriptFactory> = [];
  private recorded: RecordedRequest[] = [];
  private recordedHeaders: IncomingHttpHeaders[] = [];
  private recordedUrls: string[] = [];
  private rejectedCount = 0;
  private disconnectCount = 0;
  private stopped: Promise<void> | undefined;

  private constructor() {
    this.server = createServer((request, response) => this.handle(request, response));
  }

  /** Starts a server listening on 127.0.0.1 (never on other interfaces). */
  static async start(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
    const fake = new FakeOpenAIServer();
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(options.port ?? 0, '127.0.0.1', () => {
        fake.server.off('error', reject);
        resolve();
      });
    });
    return fake;
  }

  /** The `baseURL` to give an OpenAI client, e.g. `http://127.0.0.1:54321/v1`. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  /** Every chat-completions request body received since start or `reset()`, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return [...this.recorded];
  }

  /**
   * How many replies the client abandoned: it closed the connection before the reply ended (a
   * cancelled stream, an aborted or timed-out request).
   */
  get disconnects(): number {
    return this.disconnectCount;
  }

  /** The headers of each request in `requests`, same order (lower-cased names). */
  get requestHeaders(): readonly IncomingHttpHeaders[] {
    return [...this.recordedHeaders];
  }

  /** The path and query of each request in `requests`, same order (e.g. Azure's `api-version`). */
  get requestUrls(): readonly string[] {
    return [...this.recordedUrls];
  }

  /**
   * An OpenAI client pointed at this server, with the SDK's retries off so each call is one request.
   * @param options merged last, e.g. `{ maxRetries: 2 }` to exercise SDK retries
   */
  client(options: Partial<ClientOptions> = {}): OpenAI {
    return new OpenAI({ apiKey: 'sk-fake-test-key', baseURL: this.url, maxRetries: 0, ...options });
  }

  /**
   * Queues one reply per future request, first in first out. A function is called with its
   * request when that request arrives, so concurrent calls can each get a matching answer.
   */
  reply(...scripts: Array<ReplyScript | ReplyScriptFactory>): this {
    this.queue.push(...scripts);
    return this;
  }

  /** Forgets queued replies and recorded requests; request numbering starts again at 1. */
  reset(): void {
    this.queue.length = 0;
    // New arrays, so copies handed out earlier are not emptied under a test's feet.
    this.recorded = [];
    this.recordedHeaders = [];
    this.recordedUrls = [];
    this.rejectedCount = 0;
    this.disconnectCount = 0;
  }

  /** Closes the server and drops open connections (pending delayed replies included). Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      // Keep-alive sockets would hold the process (and jest) open; close() alone waits for them.
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.stopped;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    this.respond(request, response).catch(() => {
      // Only reachable when the client vanished mid-request: nobody is left to answer.
      response.destroy();
    });
  }

  private async respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method !== 'POST' || !chatCompletionsPath.test(path)) {
      const message = `FakeOpenAIServer: no route for ${request.method ?? 'GET'} ${path}; only POST .../chat/completions is served`;
      return this.reject(response, 404, message);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      return this.reject(response, 400, `FakeOpenAIServer: invalid JSON body: ${describe(error)}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return this.reject(response, 400, 'FakeOpenAIServer: the request body must be a JSON object');
    }
    // Recorded before the reply is computed, so a failing script still leaves its request visible.
    const recordedRequest = parsed as RecordedRequest;
    this.recorded.push(recordedRequest);
    this.recordedHeaders.push(request.headers);
    this.recordedUrls.push(request.url ?? '/');
    const requestNumber = this.recorded.length;
    const reply = this.computeReply(recordedRequest, requestNumber);
    response.once('close', () => {
      if (!response.writableFinished) this.disconnectCount += 1;
    });
    await deliver(response, reply, `req_fake_${requestNumber}`);
  }

  private computeReply(request: RecordedRequest, requestNumber: number): RenderedReply {
    const script = this.queue.shift();
    if (script === undefined) {
      return serverError(`FakeOpenAIServer: no reply queued for request ${requestNumber}`);
    }
    try {
      const resolved = typeof script === 'function' ? script(request) : script;
      return renderReply(resolved, { requestNumber, request, created: unixSeconds() });
    } catch (error) {
      const message = `FakeOpenAIServer: reply script for request ${requestNumber} threw: ${describe(error)}`;
      return serverError(message);
    }
  }

  private reject(response: ServerResponse, status: number, message: string): Promise<void> {
    this.rejectedCount += 1;
    const reply: RenderedReply = {
      status,
      contentType: 'application/json',
      body: errorBody(message, 'invalid_request_error'),
      headers: {},
      delayMs: 0,
    };
    return deliver(response, reply, `req_fake_rejected_${this.rejectedCount}`);
  }
}

function serverError(message: string): RenderedReply {
  return {
    status: 500,
    contentType: 'application/json',
    body: errorBody(message, 'server_error'),
    headers: {},
    delayMs: 0,
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Collect raw bytes and decode once, so multi-byte characters split across chunks survive.
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Writes `reply` after its delay; a client that disconnects meanwhile cancels the timer. */
function deliver(response: ServerResponse, reply: RenderedReply, requestId: string): Promise<void> {
  const write = (): void => {
    if (response.destroyed || response.writableEnded) return;
    response.writeHead(reply.status, {
      'content-type': reply.contentType,
      'x-request-id': requestId,
      ...reply.headers,
    });
    if (reply.ending === 'keep-open') {
      response.write(reply.body);
    } else if (reply.ending === 'hang-up') {
      response.write(reply.body, () => response.destroy());
    } else {
      response.end(reply.body);
    }
  };
  if (reply.delayMs <= 0) {
    write();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      write();
      resolve();
    }, reply.delayMs);
    response.once('close', onClose);
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
