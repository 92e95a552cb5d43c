import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

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
  /** The budget of the whole exchange, body included: a trickling answer ends as a timeout too. */
  readonly timeoutMs: number;
  /** The largest response body read; a longer one ends the exchange as `oversize` (default DEFAULT_MAX_RESPONSE_BYTES). */
  readonly maxBodyBytes?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  /** Local epoch ms at which the first byte of the answer arrived: when the target answered, whatever the transfer took. */
  readonly firstByteAt: number;
}

/** What had arrived of an answer the kit stopped reading (too large, too slow): status, headers and the body's start. */
export interface PartialResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly head: Buffer;
  /** Body bytes received before the kit stopped. */
  readonly bytesRead: number;
  readonly firstByteAt: number;
}

/**
 * Why no usable response came: `refused` never reached the target (safe to resend anything); `reset` and `timeout` may
 * have been processed; `setup` (DNS, TLS, a bad URL) will not go away by trying again; `oversize` (an answer larger
 * than the kit reads) and `stalled` (an answer that began but did not finish in time) are the target's own answers,
 * which the same request would only get again.
 */
export type FailureKind = 'refused' | 'reset' | 'timeout' | 'setup' | 'oversize' | 'stalled';

/** A request that got no usable HTTP response; `sentence` is what a user should read. */
export class TransportFailure extends Error {
  override name = 'TransportFailure';
  constructor(
    readonly sentence: string,
    options?: { cause?: unknown },
    readonly kind: FailureKind = kindOf(options?.cause),
    /** What had arrived when the kit stopped reading, if the status line had. */
    readonly partial?: PartialResponse,
  ) {
    super(sentence, options);
  }
}

/** How much of an abandoned body is kept for the evidence (the evidence keeps less still). */
const PARTIAL_HEAD_BYTES = 256 * 1024;

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

/**
 * How long a connection may sit idle in the pool before it is closed rather than reused. Well below any server's own
 * idle timeout (node's 5 s, nginx's 75 s, Azure's load balancers' 4 min), so the kit does not send on a connection the
 * server is closing; a shorter `Keep-Alive: timeout=` hint from the server wins (node's agent keeps 1 s below it).
 */
export const IDLE_CONNECTION_MS = 1000;

/**
 * Connections are kept alive and reused, as the Azure SDK's own pipeline does: a connection per exchange cost the
 * target and the kit a TCP handshake and teardown per request (about a sixth of a default run's time against the
 * embedded emulator). Each exchange still has its connection to itself while it runs; only an idle one is reused,
 * and one the answer closed (`Connection: close`) or that failed is never reused. A connection the target drops under a
 * reused exchange is a `reset` like any other — the action may have been applied — and its sentence says it was reused.
 */
const POOL = { keepAlive: true, timeout: IDLE_CONNECTION_MS, scheduling: 'lifo' } as const;
const HTTP = { request: httpRequest, agent: new HttpAgent(POOL) };
const HTTPS = { request: httpsRequest, agent: new HttpsAgent(POOL) };

/** Sends one request and reads its answer within `timeoutMs` and `maxBodyBytes`; never holds more than the cap. */
export function transmit(raw: RawRequest): Promise<RawResponse> {
  const origin = `${raw.url.protocol}//${raw.url.host}`;
  const via = raw.url.protocol === 'https:' ? HTTPS : HTTP;
  const cap = raw.maxBodyBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return new Promise((resolve, reject) => {
    let settled = false;
    let firstByteAt: number | undefined;
    let partial: Omit<PartialResponse, 'bytesRead' | 'head'> | undefined;
    const chunks: Buffer[] = [];
    let bytesRead = 0;
    const partialNow = (): PartialResponse | undefined =>
      partial && { ...partial, bytesRead, head: Buffer.concat(chunks).subarray(0, PARTIAL_HEAD_BYTES) };
    const fail = (error: unknown, sentence?: string, kind?: FailureKind): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const failed = kind ?? kindOf(error);
      const reused = failed === 'reset' && req.reusedSocket && firstByteAt === undefined ? ' (It was sent on a kept-alive connection reused from an earlier exchange.)' : '';
      reject(new TransportFailure((sentence ?? describeTransportError(error, origin)) + reused, { cause: error }, failed, partialNow()));
      chunks.length = 0;
      req.destroy();
    };
    const req = via.request({
      protocol: raw.url.protocol,
      // URL keeps IPv6 literals bracketed; node:http wants them bare.
      hostname: raw.url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: raw.url.port || undefined,
      method: raw.method,
      path: raw.pathAndQuery,
      headers: raw.headers,
      agent: via.agent,
    });
    // The socket is this exchange's alone while it runs (a pooled one only once idle), so its first data is the first
    // byte of the answer; the listener goes with the exchange, so a reused socket never reports an earlier one's.
    const firstByte = (): void => void (firstByteAt ??= Date.now());
    req.once('socket', (socket) => {
      socket.once('data', firstByte);
      req.once('close', () => socket.off('data', firstByte));
    });
    // The budget covers the whole exchange, body included, not just socket idleness.
    const timer = setTimeout(() => {
      const sentence = partial
        ? `The answer from ${origin} (HTTP ${partial.status}) did not finish within ${raw.timeoutMs} ms: ${bytesRead} bytes of its body had arrived.`
        : `No response from ${origin} within ${raw.timeoutMs} ms.`;
      fail(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }), sentence, partial ? 'stalled' : 'timeout');
    }, raw.timeoutMs);
    const tooLarge = (declared?: number): void => {
      const seen = declared === undefined ? `the kit stopped reading after ${bytesRead} bytes` : `it announced ${declared} bytes (Content-Length)`;
      fail(new Error('oversize'), `The response from ${origin} is larger than ${cap} bytes (JOBROUTER_MAX_RESPONSE_BYTES): ${seen}.`, 'oversize');
    };
    req.on('error', (error) => fail(error));
    req.on('response', (res) => {
      firstByteAt ??= Date.now();
      partial = { status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), firstByteAt };
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > cap) return tooLarge(declared);
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        bytesRead += chunk.length;
        chunks.push(chunk);
        // Past the cap nothing more is read: the head of what came is kept for the evidence, the rest let go.
        if (bytesRead > cap) tooLarge();
      });
      res.on('error', (error) => fail(error));
      res.on('close', () => {
        if (!res.complete) fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), `The connection to ${origin} closed while the answer (HTTP ${res.statusCode ?? '?'}) was arriving: ${bytesRead} bytes of its body had come.`);
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks), firstByteAt: firstByteAt ?? Date.now() });
      });
    });
    req.end(raw.body);
  });
}
