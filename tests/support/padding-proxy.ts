import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy in front of a correct target (the emulator) that answers every job read with the job plus one huge extra
 * property — valid JSON, and extra properties are allowed — as an implementation with an oversized field would. The
 * padding is streamed from one shared buffer, chunked (no Content-Length), so the kit has to read to find out; it can
 * be paced, so a body keeps arriving long after the target answered.
 */
export interface PaddingProxy {
  readonly url: string;
  /** Job reads padded so far. */
  readonly padded: () => number;
  close(): Promise<void>;
}

const JOB_READ = /^\/routing\/jobs\/[^/:?]+(\?|$)/;

const PIECE = 256 * 1024;

/** `transferMs` paces the padding so each padded body takes about that long to arrive (a slow link), after its first byte. */
export async function startPaddingProxy(upstream: string, paddingBytes: number, transferMs = 0): Promise<PaddingProxy> {
  const target = new URL(upstream);
  const padding = Buffer.alloc(paddingBytes, 'x');
  let padded = 0;
  const server: Server = createServer((req, res) => {
    const pad = req.method === 'GET' && JOB_READ.test(req.url ?? '');
    const upstreamReq = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      if (!pad || up.statusCode !== 200) {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const json = Buffer.concat(chunks).toString('utf8').trimEnd();
        const { 'content-length': _length, ...headers } = up.headers;
        res.writeHead(200, headers);
        padded += 1;
        res.on('error', () => undefined);
        // {"id":…} → {"id":…,"padding":"xxxx…"}: the client may hang up part-way (it reads only so much).
        res.write(`${json.slice(0, -1)},"padding":"`);
        const pause = transferMs / Math.max(1, Math.ceil(padding.length / PIECE));
        const pump = (offset: number): void => {
          let at = offset;
          while (at < padding.length && !res.destroyed) {
            const next = Math.min(padding.length, at + PIECE);
            const more = res.write(padding.subarray(at, next));
            at = next;
            if (pause > 0) return void setTimeout(() => pump(at), pause);
            if (!more) return void res.once('drain', () => pump(at));
          }
          if (!res.destroyed) res.end('"}');
        };
        pump(0);
      });
    });
    upstreamReq.on('error', () => res.destroy());
    req.pipe(upstreamReq);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    padded: () => padded,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
