import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A target that misbehaves on purpose, on loopback: each path answers with one kind of trouble a buggy implementation
 * can send — a body larger than the kit reads (streamed or announced), a body that trickles, bytes that are not UTF-8,
 * JSON nested thousands deep, markup and control characters, a redirect or a nextLink to another origin. A second
 * server (the "other origin") records every request it gets, so a test can prove no credential went there; a raw TCP
 * listener accepts connections and never answers.
 */

export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

export interface HostileServer {
  /** The misbehaving endpoint. */
  readonly url: string;
  /** Another origin; every request it receives is recorded in `stolen`. */
  readonly otherUrl: string;
  /** A TCP endpoint that accepts and never answers. */
  readonly silentUrl: string;
  readonly stolen: Seen[];
  /** Requests per path (query left out). */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

export interface HostileOptions {
  /** Bytes of the huge bodies (default 64 MiB); streamed from one reused chunk, so the server holds none of it. */
  readonly hugeBytes?: number;
  /** Interval between the trickled bytes (default 100 ms). */
  readonly trickleMs?: number;
  /** How long the slow answer takes to finish after its first byte (default 400 ms). */
  readonly slowMs?: number;
}

export const DEEP_LEVELS = 100_000;
export const MARKUP = '</script><img src=x onerror=alert(1)><b>bold</b>\u0000\u0007\u001b[2J\u202eevil\u202c';
const CHUNK = Buffer.alloc(64 * 1024, 'x');
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** Writes `bytes` of a JSON string body, honouring backpressure, until done or the client goes away. */
function stream(res: ServerResponse, bytes: number): void {
  let left = bytes - 2;
  res.write('"');
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end('"');
  };
  pump();
}

function answer(req: IncomingMessage, res: ServerResponse, options: Required<HostileOptions>, otherUrl: string): void {
  const path = (req.url ?? '').split('?')[0] ?? '';
  switch (path) {
    case '/routing/jobs/huge':
      res.writeHead(200, JSON_TYPE);
      return stream(res, options.hugeBytes);
    case '/routing/jobs/huge-declared':
      res.writeHead(200, { ...JSON_TYPE, 'content-length': String(options.hugeBytes) });
      return stream(res, options.hugeBytes);
    case '/routing/jobs/trickle': {
      res.writeHead(200, JSON_TYPE);
      res.write('{"id":"');
      const timer = setInterval(() => res.write('x'), options.trickleMs);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case '/routing/jobs/slow':
      // Answers at once, then takes `slowMs` to finish the body: the answer's time is its first byte.
      res.writeHead(200, JSON_TYPE);
      res.write('{"id":"slow"');
      return void setTimeout(() => res.end(',"etag":"\\"1\\""}'), options.slowMs);
    case '/routing/jobs/invalid-utf8':
      res.writeHead(200, JSON_TYPE);
      return void res.end(Buffer.concat([Buffer.from('{"id":"invalid-utf8","etag":"\\"1\\"","note":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]));
    case '/routing/jobs/deep':
      res.writeHead(200, JSON_TYPE);
      return void res.end(`${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}`);
    case '/routing/jobs/deep-extra':
      // A correct job with one extra property nested 1,500 levels: valid, and extra properties are allowed.
      res.writeHead(200, JSON_TYPE);
      return void res.end(`{"id":"deep-extra","etag":"\\"1\\"","status":"queued","extra":${'{"a":'.repeat(1500)}0${'}'.repeat(1500)}}`);
    case '/routing/jobs/deeper':
      // One level past the kit's own limit: the kit refuses it, and says the refusal is its own (error).
      res.writeHead(200, JSON_TYPE);
      return void res.end(`{"id":"deeper","extra":${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}}`);
    case '/routing/jobs/markup':
      res.writeHead(200, { ...JSON_TYPE, 'x-markup': '<b>header</b>' });
      return void res.end(JSON.stringify({ id: 'markup', etag: '"1"', status: 'queued', labels: { text: MARKUP }, notes: [{ message: MARKUP }] }));
    case '/routing/jobs/redirect':
      res.writeHead(302, { location: `${otherUrl}/routing/jobs/stolen`, 'content-type': 'text/plain' });
      return void res.end('moved');
    case '/routing/jobs':
    case '/routing/workers':
    case '/routing/queues':
    case '/routing/distributionPolicies':
      res.writeHead(200, JSON_TYPE);
      return void res.end(JSON.stringify({ value: [{ id: 'hostile-1' }], nextLink: `${otherUrl}${path}?page=2` }));
    default:
      res.writeHead(404, { ...JSON_TYPE, 'x-ms-error-code': 'NotFound' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: `no hostile case at ${path}` } }));
  }
}

function listen(server: Server | ReturnType<typeof createNetServer>): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

export async function startHostileServer(given: HostileOptions = {}): Promise<HostileServer> {
  const options: Required<HostileOptions> = { hugeBytes: 64 * 1024 * 1024, trickleMs: 100, slowMs: 400, ...given };
  const stolen: Seen[] = [];
  const hits = new Map<string, number>();
  const other = createHttpServer((req, res) => {
    stolen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, JSON_TYPE).end(JSON.stringify({ value: [] }));
  });
  const otherUrl = await listen(other);
  const server = createHttpServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    req.resume();
    req.on('end', () => answer(req, res, options, otherUrl));
  });
  const url = await listen(server);
  const sockets = new Set<Socket>();
  const silent = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  const silentUrl = await listen(silent);
  return {
    url,
    otherUrl,
    silentUrl,
    stolen,
    hits,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      other.closeAllConnections();
      await Promise.all([server, other, silent].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
