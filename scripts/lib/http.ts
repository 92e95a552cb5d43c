import http from 'node:http';
import https from 'node:https';
import { signedHeaders } from 'jobrouter-emulator/signer';

/** One request exactly as it goes on the wire: the path bytes and headers are not normalised. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
}

export type RawOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: http.IncomingHttpHeaders; readonly body: Buffer; readonly ms: number }
  | { readonly kind: 'error'; readonly code: string; readonly message: string; readonly ms: number };

export interface Target {
  readonly hostname: string;
  readonly port: number;
  /** An https.Agent (which is an http.Agent) for an https:// target. */
  readonly agent: http.Agent;
  readonly https?: boolean;
}

export function targetOf(url: string, agent: http.Agent): Target & { readonly host: string } {
  const parsed = new URL(url);
  return { hostname: parsed.hostname, port: Number(parsed.port), host: parsed.host, agent, ...(parsed.protocol === 'https:' ? { https: true } : {}) };
}

/** Sends one request and settles with the full response or the transport error; never rejects. */
export function exchange(target: Target, request: RawRequest, timeoutMs: number): Promise<RawOutcome> {
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: RawOutcome): void => {
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
    const fail = (error: unknown): void => {
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'ERROR';
      settle({ kind: 'error', code, message: error instanceof Error ? error.message : String(error), ms: elapsed() });
    };
    let req: http.ClientRequest;
    try {
      // setHost false: the Host header is part of what is signed, so the caller sets it, byte for byte.
      req = (target.https ? https : http).request({ hostname: target.hostname, port: target.port, method: request.method, path: request.path, headers: request.headers, agent: target.agent, setHost: false });
    } catch (error) {
      fail(error);
      return;
    }
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no response within ${timeoutMs} ms`), { code: 'TIMEOUT' })));
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => settle({ kind: 'response', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: elapsed() }));
    });
    req.end(request.body);
  });
}

export const API_VERSION = '2023-11-01';

export function rfc1123(ms: number = Date.now()): string {
  return new Date(ms).toUTCString();
}

/** A correctly signed request; `extraHeaders` come last so a case can override anything on purpose. */
export function signedRequest(
  accessKey: string,
  host: string,
  method: string,
  path: string,
  body: Buffer | string = '',
  extraHeaders: Readonly<Record<string, string>> = {},
): RawRequest {
  const auth = signedHeaders(accessKey, { method, pathAndQuery: path, host, date: rfc1123(), body });
  const headers: Record<string, string> = { host, ...auth, 'content-length': String(Buffer.byteLength(body)) };
  if (Buffer.byteLength(body) > 0) headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  return { method, path, headers: { ...headers, ...extraHeaders }, body };
}

/** A signed request whose response must be 2xx JSON; for seeding and benchmarks, not for fuzzing. */
export async function callJson(target: Target & { readonly host: string }, accessKey: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const outcome = await exchange(target, signedRequest(accessKey, target.host, method, path, text), 10_000);
  if (outcome.kind === 'error') throw new Error(`${method} ${path}: ${outcome.code} ${outcome.message}`);
  const raw = outcome.body.toString('utf8');
  const json: unknown = raw.length > 0 ? JSON.parse(raw) : undefined;
  if (outcome.status < 200 || outcome.status > 299) throw new Error(`${method} ${path}: ${outcome.status} ${raw.slice(0, 300)}`);
  return { status: outcome.status, json };
}
