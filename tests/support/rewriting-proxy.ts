import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The plumbing of the kit's misbehaving proxies: every request goes to `upstream` unchanged; an answer `picks` chooses
 * (a 200 only) is read whole and handed to `rewrite` with its headers less Content-Length, every other is piped back.
 */
export interface RewritingProxy {
  readonly url: string;
  close(): Promise<void>;
}

export async function startRewritingProxy(
  upstream: string,
  picks: (req: IncomingMessage) => boolean,
  rewrite: (body: Buffer, headers: IncomingHttpHeaders, res: ServerResponse) => void,
): Promise<RewritingProxy> {
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const picked = picks(req);
    const upstreamReq = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      if (!picked || up.statusCode !== 200) {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const { 'content-length': _length, ...headers } = up.headers;
        res.on('error', () => undefined);
        rewrite(Buffer.concat(chunks), headers, res);
      });
    });
    upstreamReq.on('error', () => res.destroy());
    req.pipe(upstreamReq);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
