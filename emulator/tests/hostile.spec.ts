import { expect, test } from '@playwright/test';
import http from 'node:http';
import { signedHeaders } from '../src/signer';
import { startEmulator, type RunningEmulator } from '../src';
import { at, clientFor, type Send } from './client';
import { head, rawRequest, type RawAnswer } from './raw';

/** Regressions from the emulator fuzz test (tests/fuzz): each answer is a documented error, never a 5xx or an empty 400. */
let emulator: RunningEmulator;
let send: Send;
let host: string;
const Q = '?api-version=2023-11-01';

test.beforeAll(async () => {
  emulator = await startEmulator({ requestTimeoutMs: 2000 });
  send = clientFor(emulator.url, emulator.accessKey);
  host = new URL(emulator.url).host;
});
test.afterAll(async () => emulator.close());

function expectRawError(answer: RawAnswer, status: number, code: string): void {
  expect(answer.status, answer.raw.slice(0, 300)).toBe(status);
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(answer.headers['x-ms-error-code']).toBe(code);
  expect(answer.headers['api-supported-versions']).toContain('2023-11-01');
  expect(answer.headers['connection']).toBe('close');
  expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body, 'latin1'));
  const body: unknown = JSON.parse(answer.body);
  expect(at(body, 'error', 'code')).toBe(code);
  expect(typeof at(body, 'error', 'message')).toBe('string');
}

const nestedObjects = (depth: number, key: string): string => `{"${key}":`.repeat(depth) + '{}' + '}'.repeat(depth);
const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

test.describe('bodies nested deeper than 64 levels', () => {
  test('answer 400 BadRequest before any recursive walk, not 500', async () => {
    const bodies: [string, string][] = [
      [`/routing/queues/deep-q`, `{"labels":${nestedObjects(5000, 'a')}}`],
      [`/routing/jobs/deep-j`, `{"labels":{"a":${nestedArrays(5000)}}}`],
      [`/routing/queues/deep-n`, nestedObjects(10_000, 'name')],
      [`/routing/workers/deep-w`, `{"tags":${nestedObjects(50_000, 'b')}}`],
    ];
    for (const [path, rawBody] of bodies) {
      const answer = await send('PATCH', path, { rawBody });
      expect(answer.status, path).toBe(400);
      expect(answer.headers.get('x-ms-error-code')).toBe('BadRequest');
      expect(at(answer.body, 'error', 'message')).toBe('The request body nests deeper than 64 levels.');
    }
    const options = await send('POST', '/routing/jobs/deep-j:cancel', { rawBody: `{"note":${nestedArrays(20_000)}}`, contentType: 'application/json' });
    expect(at(options.body, 'error', 'message')).toBe('The request body nests deeper than 64 levels.');
  });

  test('64 levels pass the depth check; 65 do not', async () => {
    // The options object is level 1; an unknown property carries the rest. An unknown job then answers 404.
    const at64 = await send('POST', '/routing/jobs/no-such-job:cancel', { rawBody: `{"extra":${nestedObjects(62, 'x')}}`, contentType: 'application/json' });
    expect(at64.status).toBe(404);
    const at65 = await send('POST', '/routing/jobs/no-such-job:cancel', { rawBody: `{"extra":${nestedObjects(63, 'x')}}`, contentType: 'application/json' });
    expect(at65.status).toBe(400);
  });

  test('labels and tags values must be primitives (string, number, boolean)', async () => {
    for (const body of [{ labels: { a: { b: 1 } } }, { labels: { a: [1] } }, { tags: { t: {} } }]) {
      const answer = await send('PATCH', '/routing/workers/prim-w', { body: { capacity: 1, ...body } });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(String(at(answer.body, 'error', 'message'))).toMatch(/^"(labels|tags)\.\w+" must be a string, number or boolean$/);
    }
    const ok = await send('PATCH', '/routing/queues/prim-q', { body: { labels: { a: 'x', n: 1, b: true } } });
    expect(ok.status).toBe(201);
    expect(at(ok.body, 'labels')).toMatchObject({ a: 'x', n: 1, b: true });
    const removed = await send('PATCH', '/routing/queues/prim-q', { body: { labels: { a: null } } });
    expect(removed.status).toBe(200);
    expect(at(removed.body, 'labels', 'a')).toBeUndefined();
  });
});

test.describe('requests node’s HTTP parser refuses', () => {
  const target = `/routing/jobs/x${Q}`;
  const cases: [string, string][] = [
    ['an unknown method', head(`FOO ${target} HTTP/1.1`, 'H', ['Connection: close'])],
    ['a lower-case method', head(`get ${target} HTTP/1.1`, 'H')],
    ['a NUL byte in the path', head(`GET /routing/jobs/a\u0000b${Q} HTTP/1.1`, 'H')],
    ['raw non-ASCII bytes in the path', head(`GET /routing/jobs/\u00e9\u00ff${Q} HTTP/1.1`, 'H')],
    ['Content-Length with chunked', head(`POST /routing/jobs/x:cancel${Q} HTTP/1.1`, 'H', ['Content-Length: 2', 'Transfer-Encoding: chunked']) + '{}'],
    ['a bad chunk size', head(`POST /routing/jobs/x:cancel${Q} HTTP/1.1`, 'H', ['Transfer-Encoding: chunked']) + 'zz\r\nabc\r\n0\r\n\r\n'],
    ['TLS bytes', '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n'],
  ];
  for (const [name, bytes] of cases) {
    test(`${name} answers a complete 400 BadRequest JSON error`, async () => {
      const answer = await rawRequest(emulator.url, Buffer.from(bytes, 'latin1'));
      expectRawError(answer, 400, 'BadRequest');
      expect(String(at(JSON.parse(answer.body), 'error', 'message'))).toMatch(/^The request is not valid HTTP\/1\.1: .+\.$/);
    });
  }

  test('headers over 16 KiB answer 431 RequestHeaderFieldsTooLarge', async () => {
    for (const size of [17_000, 70_000]) {
      expectRawError(await rawRequest(emulator.url, head(`GET ${target} HTTP/1.1`, host, [`X-Big: ${'h'.repeat(size)}`])), 431, 'RequestHeaderFieldsTooLarge');
    }
  });

  test('CONNECT answers 405 MethodNotAllowed instead of a dropped connection', async () => {
    expectRawError(await rawRequest(emulator.url, head(`CONNECT ${host} HTTP/1.1`, host)), 405, 'MethodNotAllowed');
  });

  test('a bad request pipelined after a good one is answered after it, in order', async () => {
    const answer = await rawRequest(emulator.url, head(`GET ${target} HTTP/1.1`, host) + 'GARBAGE / HTTP/1.1\r\n\r\n');
    expect(answer.status).toBe(401);
    const statuses = [...answer.raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(statuses).toEqual(['401', '400']);
  });

  test('the observed error shape applies to parser errors too', async () => {
    const observed = await startEmulator({ errors: 'observed' });
    try {
      const answer = await rawRequest(observed.url, head(`FOO ${target} HTTP/1.1`, 'H'));
      expect(answer.status).toBe(400);
      expect(answer.headers['x-ms-error-code']).toBeUndefined();
      // Observed: target is the request path without the query string.
      expect(JSON.parse(answer.body)).toEqual({ communicationError: { code: 'BadRequest', message: expect.any(String), target: target.split('?')[0] } });
    } finally {
      await observed.close();
    }
  });
});

test.describe('x-ms-date', () => {
  const withDate = (date: string) => ({ headers: signedHeaders(emulator.accessKey, { method: 'GET', pathAndQuery: `/routing/jobs/x${Q}`, host, date, body: '' }) });

  test('must be RFC 1123: ISO 8601 and impossible dates answer 401', async () => {
    const now = new Date();
    const wrongWeekday = now.toUTCString().replace(/^\w{3}/, (day) => (day === 'Mon' ? 'Tue' : 'Mon'));
    for (const date of [now.toISOString(), wrongWeekday, now.toUTCString().replace('GMT', 'UTC'), String(now.getTime())]) {
      const answer = await send('GET', '/routing/jobs/x', withDate(date));
      expect(answer.status, date).toBe(401);
      expect(String(at(answer.body, 'error', 'message'))).toContain('RFC 1123');
    }
    expect((await send('GET', '/routing/jobs/x', withDate(now.toUTCString()))).status).toBe(404);
  });
});

test.describe('HEAD (carried over from the removed tests/emulator/fuzz.spec.ts)', () => {
  test('HEAD on any route answers below 500 with no body, and the server stays live', async () => {
    for (const path of ['/routing/jobs/x', '/routing/jobs', '/routing/workers/w/offers/o:accept', '/routing/queues/q', '/nothing']) {
      const answer = await send('HEAD', path);
      expect(answer.status, path).toBeLessThan(500);
      expect(answer.text).toBe('');
    }
    expect((await send('GET', '/routing/jobs/x')).status).toBe(404);
  });
});

test.describe('bodies over the 1 MiB limit and requests that never finish', () => {
  test('a declared Content-Length over the limit answers 413 at once, without the body being sent', async () => {
    for (const length of [2 * 1024 * 1024, 60 * 1024 * 1024, 100 * 1024 * 1024]) {
      const bytes = head(`POST /routing/jobs/x:cancel${Q} HTTP/1.1`, host, [`Content-Length: ${length}`, 'Content-Type: application/json']);
      const answer = await rawRequest(emulator.url, bytes, { keepOpen: true });
      expectRawError(answer, 413, 'PayloadTooLarge');
      expect(answer.firstByteMs).toBeLessThan(1000);
      expect([...answer.raw.matchAll(/HTTP\/1\.1 /g)]).toHaveLength(1);
    }
  });

  test('a client sending a body over the limit gets its 413, not a reset', async () => {
    const { hostname, port } = new URL(emulator.url);
    const body = Buffer.alloc(2 * 1024 * 1024 + 1, 0x61);
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => new Promise<string>((resolve) => {
      const agent = new http.Agent({ keepAlive: i % 2 === 0 });
      const req = http.request({ hostname, port, method: 'POST', path: `/routing/jobs/x:cancel${Q}`, agent, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      req.end(body);
    })));
    expect(statuses).toEqual(Array.from({ length: 8 }, () => '413'));
  });

  test('a request whose body never completes answers 408 after requestTimeout', async () => {
    const bytes = head(`POST /routing/jobs/x:cancel${Q} HTTP/1.1`, host, ['Content-Length: 100', 'Content-Type: application/json']) + '{"note":';
    const answer = await rawRequest(emulator.url, bytes, { keepOpen: true });
    expectRawError(answer, 408, 'RequestTimeout');
    expect(answer.firstByteMs).toBeGreaterThanOrEqual(1900);
    expect(answer.firstByteMs).toBeLessThan(5000);
  });
});
