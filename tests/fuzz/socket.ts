import net from 'node:net';
import { API_VERSION } from '../../scripts/lib/http';
import type { Prng } from '../../scripts/lib/prng';

/**
 * Requests node's HTTP client refuses to send (lower-case methods, raw UTF-8 and spaces in the target, broken
 * framing), written straight to a socket. Most never reach the emulator's handler: node's parser answers them.
 */
export function socketCase(prng: Prng, world: { readonly host: string; readonly jobs: readonly string[] }): Buffer {
  const job = world.jobs.length > 0 ? encodeURIComponent(prng.pick(world.jobs)) : 'x';
  const target = `/routing/jobs/${job}?api-version=${API_VERSION}`;
  const head = (line: string, headers: readonly string[] = []): string => [line, `Host: ${world.host}`, 'Connection: close', ...headers, '', ''].join('\r\n');
  const body = '{"note":"x"}';
  return prng.pick<() => Buffer>([
    () => Buffer.from(head(`get ${target} HTTP/1.1`)),
    () => Buffer.from(head(`Post ${target.replace('?', ':cancel?')} HTTP/1.1`, ['Content-Length: 0'])),
    () => Buffer.from(head(`GET /routing/jobs/✓é😀?api-version=${API_VERSION} HTTP/1.1`)),
    () => Buffer.from(head(`GET /routing/jobs/a b?api-version=${API_VERSION} HTTP/1.1`)),
    () => Buffer.from(head(`GET /routing/jobs/a\tb HTTP/1.1`)),
    () => Buffer.from(`GET ${target} HTTP/1.0\r\n\r\n`),
    () => Buffer.from(head(`GET ${target} HTTP/2.0`)),
    () => Buffer.from(head(`GET ${target} HTTP/9.9`)),
    () => Buffer.from(head(`GET ${target}`)),
    () => Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a]),
    () => Buffer.from('\r\n\r\n\r\n'),
    () => Buffer.from(head(`GET ${target} HTTP/1.1`, ['NoColonHere'])),
    () => Buffer.from(head(`GET ${target} HTTP/1.1`, ['X-Folded: a', ' continued'])),
    () => Buffer.from(head(`POST ${target.replace('?', ':cancel?')} HTTP/1.1`, ['Content-Length: 12', 'Transfer-Encoding: chunked']) + body),
    () => Buffer.from(head(`POST ${target.replace('?', ':cancel?')} HTTP/1.1`, ['Transfer-Encoding: chunked']) + 'zz\r\nabc\r\n0\r\n\r\n'),
    () => Buffer.from(head(`POST ${target.replace('?', ':cancel?')} HTTP/1.1`, ['Content-Length: 12', 'Content-Length: 5']) + body),
    () => Buffer.from(head(`POST ${target.replace('?', ':cancel?')} HTTP/1.1`, ['Content-Length: -1'])),
    () => Buffer.from(head(`POST ${target.replace('?', ':cancel?')} HTTP/1.1`, ['Content-Length: abc'])),
    () => Buffer.from(head(`POST ${target.replace('?', ':cancel?')} HTTP/1.1`, ['Transfer-Encoding: gzip'])),
    () => Buffer.from(head(`GET ${target} HTTP/1.1`, ['X-Nul: a\u0000b'])),
    () => Buffer.from(head(`GET ${target.replace('jobs/', 'jobs/a\u0000')} HTTP/1.1`)),
    () => Buffer.from(head(`GET ${target} HTTP/1.1`, [`X-Big: ${'h'.repeat(prng.pick([17_000, 70_000]))}`])),
    () => Buffer.from(head(`GET ${target}&q=${'u'.repeat(20_000)} HTTP/1.1`)),
    () => Buffer.from(head(`GET http://${world.host}${target} HTTP/1.1`)),
    () => Buffer.from(head('OPTIONS * HTTP/1.1')),
    () => Buffer.from(head(`CONNECT ${world.host} HTTP/1.1`)),
    () => Buffer.from(head(`GET ${target} HTTP/1.1`).replace('Connection: close\r\n', '') + 'GARBAGE / HTTP/1.1\r\n\r\n'),
    () => Buffer.from(head(`POST ${target.replace('?', ':cancel?')} HTTP/1.1`, ['Expect: 100-continue', 'Content-Length: 2']) + '{}'),
  ])();
}

export type SocketOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer }
  | { readonly kind: 'closed' }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/** The first response on the connection, read leniently; a close without a response is an outcome, not a failure. */
function parseFirstResponse(data: Buffer): SocketOutcome | undefined {
  let start = 0;
  // Skip interim 1xx responses (Expect: 100-continue).
  for (;;) {
    const end = data.indexOf('\r\n\r\n', start);
    if (end < 0) return undefined;
    const headText = data.subarray(start, end).toString('latin1');
    const [statusLine = '', ...lines] = headText.split('\r\n');
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? 0);
    if (status >= 100 && status < 200) {
      start = end + 4;
      continue;
    }
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? NaN);
    const body = data.subarray(end + 4);
    if (Number.isFinite(length) && body.length < length) return undefined;
    return { kind: 'response', status, headers, body: Number.isFinite(length) ? body.subarray(0, length) : body };
  }
}

export function socketExchange(port: number, bytes: Buffer, timeoutMs: number): Promise<SocketOutcome | { readonly kind: 'hung' }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = (outcome: SocketOutcome | { readonly kind: 'hung' }): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish(parseFirstResponse(Buffer.concat(chunks)) ?? { kind: 'hung' }), timeoutMs);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const parsed = parseFirstResponse(Buffer.concat(chunks));
      if (parsed && parsed.kind === 'response' && parsed.headers['content-length'] !== undefined) finish(parsed);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(parseFirstResponse(Buffer.concat(chunks)) ?? { kind: 'error', code: error.code ?? 'ERROR', message: error.message }));
    socket.on('close', () => finish(parseFirstResponse(Buffer.concat(chunks)) ?? { kind: 'closed' }));
  });
}
