import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** A response as captured from the emulator: what the bare server will send back for every request. */
export interface CapturedResponse {
  readonly status: number;
  readonly headers: http.OutgoingHttpHeaders;
  readonly body: Buffer;
}

// Node writes these itself on every response; replaying them would duplicate or contradict its own.
const HOP_BY_HOP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export function capture(status: number, headers: http.IncomingHttpHeaders, body: Buffer): CapturedResponse {
  const kept: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  return { status, headers: kept, body };
}

/**
 * The floor for the ratio: a node:http server with the emulator's keep-alive setting that answers every request
 * with the captured bytes, after draining the request like any handler must.
 */
export async function startBareServer(response: CapturedResponse, tls?: { readonly cert: Buffer; readonly key: Buffer }): Promise<{ readonly url: string; close(): Promise<void> }> {
  const listener: http.RequestListener = (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    });
  };
  const server = tls ? https.createServer({ keepAliveTimeout: 5000, ...tls }, listener) : http.createServer({ keepAliveTimeout: 5000 }, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
