import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * One HTTP exchange over node:http(s), with nothing added or normalised: the path is sent byte for byte (encoded
 * segments stay encoded) and only the headers given are set, so the kit controls exactly what the target sees.
 */
export interface RawRequest {
  readonly url: URL;
  readonly method: string;
  readonly pathAndQuery: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
  readonly timeoutMs: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * Why no response came: `refused` never reached the target (safe to resend anything); `reset` and `timeout` may have
 * been processed; `setup` (DNS, TLS, a bad URL) will not go away by trying again.
 */
export type FailureKind = 'refused' | 'reset' | 'timeout' | 'setup';

/** A request that got no HTTP response; `sentence` is what a user should read. */
export class TransportFailure extends Error {
  override name = 'TransportFailure';
  constructor(readonly sentence: string, options?: { cause?: unknown }, readonly kind: FailureKind = kindOf(options?.cause)) {
    super(sentence, options);
  }
}

function kindOf(error: unknown): FailureKind {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || message === 'socket hang up' || message === 'aborted') return 'reset';
  if (code === 'ETIMEDOUT') return 'timeout';
  return 'setup';
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/** OpenSSL messages carry a stack of internals; the reason after `routines:<fn>:` is the part a user can act on. */
function tlsReason(message: string): string {
  return (/SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message).trim();
}

export function describeTransportError(error: unknown, origin: string): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  if (code === 'ECONNREFUSED') return `Cannot reach ${origin}: connection refused.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Cannot reach ${origin}: host name not found.`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `Cannot reach ${origin}: network unreachable.`;
  if (code === 'ECONNRESET' || message === 'socket hang up') return `Connection to ${origin} was closed before a response arrived.`;
  if (TLS_CODE.test(code) || code === 'EPROTO' || message.includes('SSL routines')) return `TLS handshake with ${origin} failed: ${tlsReason(message)}.`;
  return `Cannot reach ${origin}: ${message.replace(/\.$/, '')}.`;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function transmit(raw: RawRequest): Promise<RawResponse> {
  const origin = `${raw.url.protocol}//${raw.url.host}`;
  const send = raw.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown, sentence?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new TransportFailure(sentence ?? describeTransportError(error, origin), { cause: error }));
    };
    const req = send({
      protocol: raw.url.protocol,
      // URL keeps IPv6 literals bracketed; node:http wants them bare.
      hostname: raw.url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: raw.url.port || undefined,
      method: raw.method,
      path: raw.pathAndQuery,
      headers: raw.headers,
      // A fresh connection per exchange: keep-alive sockets reused across tests made transport errors hard to attribute.
      agent: false,
    });
    // The budget covers the whole exchange, body included, not just socket idleness.
    const timer = setTimeout(() => {
      const sentence = `No response from ${origin} within ${raw.timeoutMs} ms.`;
      fail(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }), sentence);
      req.destroy();
    }, raw.timeoutMs);
    req.on('error', (error) => fail(error));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => fail(error));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks) });
      });
    });
    req.end(raw.body);
  });
}
