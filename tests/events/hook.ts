import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real loopback webhook for the publisher tests: records every request and answers as its behaviour says. */
export type Json = Record<string, unknown>;

export interface Hit {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  /** When the request had fully arrived. */
  readonly at: number;
  status: number;
  answeredAt: number;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export type Behaviour = (hit: Hit, hits: readonly Hit[]) => Reply | Promise<Reply>;

export interface Hook {
  readonly url: string;
  readonly hits: Hit[];
  close(): Promise<void>;
}

export const aegType = (hit: Hit | undefined): unknown => hit?.headers['aeg-event-type'];

/** A well-behaved endpoint: answers both handshakes and takes every delivery. */
export function standard(hit: Hit): Reply {
  if (hit.method === 'OPTIONS') return { status: 200, headers: { 'WebHook-Allowed-Origin': String(hit.headers['webhook-request-origin'] ?? '') } };
  if (aegType(hit) === 'SubscriptionValidation' && Array.isArray(hit.body)) {
    const first: unknown = hit.body[0];
    const data = typeof first === 'object' && first !== null ? (first as Json)['data'] : undefined;
    const code = typeof data === 'object' && data !== null ? (data as Json)['validationCode'] : undefined;
    return { status: 200, body: { validationResponse: code } };
  }
  return { status: 200 };
}

export async function startHook(behave: Behaviour = standard): Promise<Hook> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        // Kept as text.
      }
      const hit: Hit = { method: req.method ?? '', headers: req.headers, body, at: Date.now(), status: 0, answeredAt: 0 };
      hits.push(hit);
      void Promise.resolve(behave(hit, hits)).then((reply) => {
        hit.status = reply.status;
        hit.answeredAt = Date.now();
        const json = reply.body === undefined ? {} : { 'content-type': 'application/json' };
        res.writeHead(reply.status, { ...reply.headers, ...json });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hits,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** The requests that carried events (not handshakes). */
export const notifications = (hook: Hook): Hit[] => hook.hits.filter((h) => aegType(h) === 'Notification');

/** Every event in these requests' batches, in arrival order. */
export function deliveredEvents(hits: readonly Hit[]): Json[] {
  return hits.flatMap((h) => (Array.isArray(h.body) ? h.body : [])).filter((e): e is Json => typeof e === 'object' && e !== null);
}

/** Resolves once `predicate` holds, polling every 20 ms; throws naming `what` after `timeoutMs`. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
