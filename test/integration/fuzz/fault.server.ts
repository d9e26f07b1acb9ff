import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TransportFault } from './call-scenario';

const FAULTS: ReadonlySet<string> = new Set<TransportFault>([
  'reset',
  'garbage',
  'truncated',
  'hang',
]);

/**
 * A loopback server that fails below HTTP, which FakeOpenAIServer never does: the first path
 * segment names the fault (`/reset/v1/chat/completions`). Hung requests are reported to `onHang`
 * and stay open until the client goes away or the server stops.
 */
export class FaultServer {
  /** Called with each request that hangs, once it has fully arrived. */
  onHang: (() => void) | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request: IncomingMessage) => {
      request.resume();
      request.once('end', () => this.play(request));
    });
  }

  static async start(): Promise<FaultServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FaultServer(server);
  }

  /** The `baseURL` under which every request suffers `fault`. */
  baseUrl(fault: TransportFault): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/${fault}/v1`;
  }

  stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private play(request: IncomingMessage): void {
    const fault = (request.url ?? '').split('/')[1] ?? '';
    const socket = request.socket;
    if (!FAULTS.has(fault) || fault === 'reset') {
      socket.destroy();
    } else if (fault === 'garbage') {
      socket.end('HTTP/1.1 banana\r\n\x00\x01\r\n\r\n');
    } else if (fault === 'truncated') {
      const head =
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n';
      socket.write(`${head}{"id":"chatcmpl-cut","choices":[{"index":0,"message":{"role":"assi`);
      setTimeout(() => socket.destroy(), 5);
    } else {
      this.onHang?.();
    }
  }
}
