import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy in front of a correct target (the emulator) whose job and worker reads go bad mid-run: the first `passes`
 * reads of each job or worker are passed through (so setup confirms what it made), every later one is spoilt in
 * turn — cut off half-way (the connection closes before the announced length), bytes that are not UTF-8, or JSON cut
 * short (a complete HTTP message whose body is not JSON). The kit cannot read any of them, so no requirement that
 * needs them may be judged: `error`, never `failed`.
 */
export type Spoil = 'cut-off' | 'not-utf8' | 'not-json';

export interface CorruptingProxy {
  readonly url: string;
  /** Reads spoilt so far, by kind. */
  readonly spoilt: () => Readonly<Record<Spoil, number>>;
  close(): Promise<void>;
}

const STATE_READ = /^\/routing\/(?:jobs|workers)\/[^/:?]+(?:\?|$)/;
const KINDS: readonly Spoil[] = ['cut-off', 'not-utf8', 'not-json'];

export async function startCorruptingProxy(upstream: string, passes = 1): Promise<CorruptingProxy> {
  const target = new URL(upstream);
  const reads = new Map<string, number>();
  const spoilt: Record<Spoil, number> = { 'cut-off': 0, 'not-utf8': 0, 'not-json': 0 };
  let turn = 0;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const isRead = req.method === 'GET' && STATE_READ.test(req.url ?? '');
    const seen = isRead ? (reads.get(path) ?? 0) + 1 : 0;
    if (isRead) reads.set(path, seen);
    const upstreamReq = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      if (!isRead || seen <= passes || up.statusCode !== 200) {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const body = Buffer.concat(chunks);
        const { 'content-length': _length, ...headers } = up.headers;
        const kind = KINDS[turn++ % KINDS.length] ?? 'not-json';
        spoilt[kind] += 1;
        res.on('error', () => undefined);
        if (kind === 'cut-off') {
          res.writeHead(200, { ...headers, 'content-length': String(body.length) });
          res.write(body.subarray(0, Math.floor(body.length / 2)));
          setTimeout(() => res.destroy(), 20);
          return;
        }
        const sent = kind === 'not-utf8' ? Buffer.concat([body.subarray(0, body.length - 1), Buffer.from([0xff, 0xfe]), body.subarray(body.length - 1)]) : body.subarray(0, Math.floor(body.length / 2));
        res.writeHead(200, { ...headers, 'content-length': String(sent.length) });
        res.end(sent);
      });
    });
    upstreamReq.on('error', () => res.destroy());
    req.pipe(upstreamReq);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spoilt: () => ({ ...spoilt }),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
