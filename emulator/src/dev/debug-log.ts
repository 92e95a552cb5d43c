import { createWriteStream, type WriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * `--debug <file>`: one JSON line per exchange — the request as it arrived and the answer as it left — for a user
 * asking "what did my app send?". Secrets never reach the file: the Authorization value keeps its scheme and signed
 * header names but not the signature or token; connection-string keys, SAS signatures and anything shaped like a
 * JWT are replaced wherever they appear (headers, URL, bodies).
 */
const BODY_LIMIT = 64 * 1024;
const REDACTED = '<redacted>';

const PATTERNS: readonly [RegExp, string][] = [
  [/eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, REDACTED],
  [/((?:AccountKey|accesskey|SharedAccessKey|SharedAccessSignature)=)[^;"&\s]+/gi, `$1${REDACTED}`],
  [/([?&]sig=)[^&"\s]+/gi, `$1${REDACTED}`],
  [/(Signature=)[^&"\s]+/g, `$1${REDACTED}`],
];

export function redact(text: string): string {
  return PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

function redactAuthorization(value: string): string {
  if (/^Bearer\s/i.test(value)) return `Bearer ${REDACTED}`;
  const signed = /SignedHeaders=([^&]*)/.exec(value)?.[1];
  return signed === undefined ? REDACTED : `HMAC-SHA256 SignedHeaders=${signed}&Signature=${REDACTED}`;
}

function headersOf(raw: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[name.toLowerCase()] = name.toLowerCase() === 'authorization' ? redactAuthorization(text) : redact(text);
  }
  return out;
}

function bodyText(chunks: readonly Buffer[]): string | undefined {
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0) return undefined;
  const text = bytes.subarray(0, BODY_LIMIT).toString('utf8');
  return redact(bytes.length > BODY_LIMIT ? `${text}… (${bytes.length} bytes)` : text);
}

export interface DebugLog {
  /** Watches one exchange; writes its line when the answer has been sent. */
  observe(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

export function createDebugLog(path: string): DebugLog {
  const out: WriteStream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  let counter = 0;
  return {
    observe(req, res) {
      const started = Date.now();
      const id = ++counter;
      const requestChunks: Buffer[] = [];
      const responseChunks: Buffer[] = [];
      let requestBytes = 0;
      req.on('data', (chunk: Buffer) => {
        requestBytes += chunk.length;
        if (requestBytes <= BODY_LIMIT + chunk.length) requestChunks.push(chunk);
      });
      const capture = (chunk: unknown): void => {
        if (typeof chunk === 'string') responseChunks.push(Buffer.from(chunk));
        else if (chunk instanceof Uint8Array) responseChunks.push(Buffer.from(chunk));
      };
      const write = res.write.bind(res);
      const end = res.end.bind(res);
      res.write = ((chunk: unknown, ...rest: never[]) => {
        capture(chunk);
        return write(chunk as Buffer, ...rest);
      }) as typeof res.write;
      res.end = ((chunk?: unknown, ...rest: never[]) => {
        if (typeof chunk !== 'function') capture(chunk);
        return end(chunk as Buffer, ...rest);
      }) as typeof res.end;
      res.once('close', () => {
        const line = {
          id,
          at: new Date(started).toISOString(),
          ms: Date.now() - started,
          request: { method: req.method, url: redact(req.url ?? ''), headers: headersOf(req.headers), body: bodyText(requestChunks) },
          response: res.headersSent
            ? { status: res.statusCode, headers: headersOf(res.getHeaders()), body: bodyText(responseChunks) }
            : { status: null, note: 'no answer: the connection was dropped' },
        };
        out.write(`${JSON.stringify(line)}\n`);
      });
    },
    close: () => new Promise<void>((resolve) => out.end(() => resolve())),
  };
}
