import net from 'node:net';

/** Raw bytes to the emulator and back, for requests node's HTTP client will not send; reads until the server closes. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Everything received, for pipelining checks. */
  readonly raw: string;
  /** From connect to the first byte of the answer. */
  readonly firstByteMs: number;
}

function parse(raw: string, firstByteMs: number): RawAnswer {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? NaN);
  const rest = end < 0 ? '' : raw.slice(end + 4);
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: Number.isFinite(length) ? rest.slice(0, length) : rest, raw, firstByteMs };
}

export function rawRequest(url: string, bytes: Buffer | string, options: { timeoutMs?: number; keepOpen?: boolean } = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: hostname, port: Number(port) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${options.timeoutMs ?? 10_000} ms; received ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 200))}`));
    }, options.timeoutMs ?? 10_000);
    // keepOpen: the request is written without ending our side, as a client still "sending" its body would.
    socket.on('connect', () => (options.keepOpen ? socket.write(bytes) : socket.end(bytes)));
    let firstByteMs = -1;
    socket.on('data', (chunk: Buffer) => {
      if (firstByteMs < 0) firstByteMs = Date.now() - started;
      chunks.push(chunk);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parse(Buffer.concat(chunks).toString('latin1'), firstByteMs));
    });
  });
}

/** A request head with CRLFs; `headers` are written as given. */
export function head(requestLine: string, host: string, headers: readonly string[] = []): string {
  return [requestLine, `Host: ${host}`, ...headers, '', ''].join('\r\n');
}
