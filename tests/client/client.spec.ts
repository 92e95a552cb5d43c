import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { JobRouterClient, SchemaViolation, type ClientOptions } from '../../src/client/client';
import { contentHash, parseAuthorization, signatureMatches } from 'jobrouter-emulator/signer';
import { HarnessError, type ExchangeRecord } from '../../src/contract/evidence';

const KEY = Buffer.from('client-spec canary access key 0123456789').toString('base64');
const TOKEN = 'canary.bearer.token';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
let last: Seen | undefined;

/** Behaviour is chosen by path so tests stay independent of each other. */
test.beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      last = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      const path = req.url ?? '';
      if (path.includes('/hang')) return;
      if (path.includes('/text')) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
        return;
      }
      if (path.includes('/empty')) {
        res.writeHead(204).end();
        return;
      }
      if (path.includes('/job-ok')) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-multi': ['a', 'b'] });
        res.end(JSON.stringify({ id: 'j', etag: '"1"', status: 'someFutureStatus', extra: true }));
        return;
      }
      if (path.includes('/error')) {
        res.writeHead(404, { 'content-type': 'application/json', 'x-ms-error-code': 'NotFound' });
        res.end(JSON.stringify({ error: { code: 'NotFound', message: 'nope' } }));
        return;
      }
      // Default: echo, including whatever secret the request carried, to prove the record redacts responses too.
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(overrides: Partial<ClientOptions> = {}): { client: JobRouterClient; records: ExchangeRecord[] } {
  const records: ExchangeRecord[] = [];
  const options: ClientOptions = {
    endpoint: base,
    auth: { kind: 'hmac', accessKey: KEY },
    apiVersion: '2023-11-01',
    secrets: [KEY, TOKEN],
    onExchange: (record) => records.push(record),
    ...overrides,
  };
  return { client: new JobRouterClient(options), records };
}

function seen(): Seen {
  if (!last) throw new Error('the server saw no request');
  return last;
}

/** Verifies the request the server received exactly as the service would: path as sent, Host as sent. */
function verifies(request: Seen, key = KEY): boolean {
  const auth = parseAuthorization(String(request.headers.authorization ?? ''));
  if (!auth) return false;
  const input = {
    method: request.method,
    pathAndQuery: request.url,
    host: String(request.headers.host),
    date: String(request.headers['x-ms-date']),
    contentHash: String(request.headers['x-ms-content-sha256']),
  };
  return auth.signedHeaders === 'x-ms-date;host;x-ms-content-sha256' && signatureMatches(key, input, auth.signature);
}

test('a signed JSON request verifies on the server and is recorded redacted', async () => {
  const { client: c, records } = client();
  const res = await c.send('POST', '/routing/jobs/a%3Ab:cancel', { json: { note: KEY } });
  const req = seen();
  expect(req.url).toBe('/routing/jobs/a%3Ab:cancel?api-version=2023-11-01');
  expect(req.headers['content-type']).toBe('application/json');
  expect(req.headers['x-ms-content-sha256']).toBe(contentHash(req.body));
  expect(verifies(req)).toBe(true);
  expect(res.status).toBe(200);
  expect(records).toHaveLength(1);
  expect(res.exchange).toBe(records[0]);
  const recorded = JSON.stringify(records);
  expect(recorded).not.toContain(KEY);
  expect(records[0]?.requestHeaders['authorization']).toBe('HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<redacted>');
  expect(records[0]?.requestBody).toBe('{"note":"<redacted>"}');
  expect(records[0]?.curl).toContain("'Authorization: <redacted: re-sign with your access key>'");
});

test('the empty-body action sends no Content-Type and Content-Length 0', async () => {
  const { client: c } = client();
  await c.send('POST', '/routing/jobs/j:cancel');
  const req = seen();
  expect(req.headers['content-type']).toBeUndefined();
  expect(req.headers['content-length']).toBe('0');
  expect(req.body).toBe('');
  expect(req.headers['x-ms-content-sha256']).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  expect(verifies(req)).toBe(true);
});

test('PATCH bodies are merge-patch; contentType overrides and null removes it; rawBody goes verbatim', async () => {
  const { client: c } = client();
  await c.send('PATCH', '/routing/workers/w', { json: { capacity: 1 } });
  expect(seen().headers['content-type']).toBe('application/merge-patch+json');
  await c.send('POST', '/routing/jobs/j:cancel', { rawBody: '{"note":', contentType: 'text/plain' });
  expect(seen().body).toBe('{"note":');
  expect(seen().headers['content-type']).toBe('text/plain');
  expect(verifies(seen())).toBe(true);
  await c.send('POST', '/routing/jobs/j:cancel', { json: {}, contentType: null });
  expect(seen().headers['content-type']).toBeUndefined();
});

test('api-version goes last, can be overridden or omitted, and an endpoint path prefix is signed', async () => {
  const { client: c } = client({ endpoint: `${base}/prefix/` });
  await c.send('GET', '/routing/jobs', { query: { maxpagesize: '2', status: 'a b' } });
  expect(seen().url).toBe('/prefix/routing/jobs?maxpagesize=2&status=a%20b&api-version=2023-11-01');
  expect(verifies(seen())).toBe(true);
  await c.send('GET', '/routing/jobs', { apiVersion: '1999-01-01' });
  expect(seen().url).toBe('/prefix/routing/jobs?api-version=1999-01-01');
  await c.send('GET', '/routing/jobs', { apiVersion: null });
  expect(seen().url).toBe('/prefix/routing/jobs');
  expect(verifies(seen())).toBe(true);
  expect(seen().headers['content-length']).toBeUndefined();
});

test('auth modes: none, wrong-signature, stale-date and wrong-content-hash', async () => {
  const { client: c } = client();
  await c.send('POST', '/routing/jobs/j:cancel', { auth: 'none' });
  expect(Object.keys(seen().headers).filter((h) => h === 'authorization' || h.startsWith('x-ms-'))).toEqual([]);

  await c.send('POST', '/routing/jobs/j:cancel', { auth: 'wrong-signature' });
  expect(seen().headers.authorization).toMatch(/^HMAC-SHA256 /);
  expect(verifies(seen())).toBe(false);

  await c.send('POST', '/routing/jobs/j:cancel', { auth: 'stale-date' });
  expect(verifies(seen())).toBe(true);
  const age = Date.now() - new Date(String(seen().headers['x-ms-date'])).getTime();
  expect(age).toBeGreaterThan(19 * 60_000);
  expect(age).toBeLessThan(21 * 60_000);

  await c.send('POST', '/routing/jobs/j:cancel', { auth: 'wrong-content-hash', json: { note: 'n' } });
  expect(verifies(seen())).toBe(true);
  expect(seen().headers['x-ms-content-sha256']).not.toBe(contentHash(seen().body));
});

test('bearer auth sends the token and records it redacted', async () => {
  const { client: c, records } = client({ auth: { kind: 'bearer', token: TOKEN } });
  await c.send('GET', '/routing/jobs/j');
  expect(seen().headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(seen().headers['x-ms-date']).toBeUndefined();
  expect(JSON.stringify(records)).not.toContain(TOKEN);
  await expect(c.send('GET', '/routing/jobs/j', { auth: 'stale-date' })).rejects.toThrow(HarnessError);
});

test('responses: lower-case headers, parsed JSON, server date; a non-JSON body is undefined', async () => {
  const { client: c } = client();
  const ok = await c.send('GET', '/routing/jobs/job-ok', { expectSchema: 'RouterJob' });
  expect(ok.headers['x-multi']).toBe('a, b');
  expect(ok.contentType).toBe('application/json; charset=utf-8');
  expect(ok.body).toEqual({ id: 'j', etag: '"1"', status: 'someFutureStatus', extra: true });
  expect(ok.serverDate).toBeInstanceOf(Date);
  const text = await c.send('GET', '/routing/text', { expectSchema: 'RouterJob' });
  expect(text.status).toBe(500);
  expect(text.text).toBe('boom');
  expect(text.body).toBeUndefined();
  const empty = await c.send('DELETE', '/routing/empty');
  expect(empty.status).toBe(204);
  expect(empty.text).toBe('');
  expect(empty.body).toBeUndefined();
  const error = await c.send('GET', '/routing/error', { expectSchema: 'RouterJob' });
  expect(error.status).toBe(404);
});

test('a 2xx body that breaks its schema throws SchemaViolation, not HarnessError', async () => {
  const { client: c, records } = client();
  const failure = await c.send('POST', '/routing/jobs/j:cancel', { expectSchema: 'RouterWorker' }).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(SchemaViolation);
  expect(failure).not.toBeInstanceOf(HarnessError);
  const violation = failure as SchemaViolation;
  expect(violation.errors).toContain("(root): must have required property 'etag'");
  expect(violation.exchange).toBe(records[0]);
});

test('connection refused is one HarnessError sentence and is still recorded', async () => {
  const { client: c, records } = client({ endpoint: 'http://127.0.0.1:1' });
  const failure = await c.send('GET', '/routing/jobs').catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(HarnessError);
  expect((failure as Error).message).toBe('Cannot reach http://127.0.0.1:1: connection refused.');
  expect(records[0]?.transportError).toBe('Cannot reach http://127.0.0.1:1: connection refused.');
  expect(records[0]?.status).toBeUndefined();
  expect(records[0]?.curl).toContain("'http://127.0.0.1:1/routing/jobs?api-version=2023-11-01'");
});

test('no answer within the timeout is a HarnessError', async () => {
  const { client: c, records } = client({ timeoutMs: 300 });
  const failure = await c.send('GET', '/routing/hang').catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(HarnessError);
  expect((failure as Error).message).toBe(`No response from ${base} within 300 ms.`);
  expect(records[0]?.transportError).toContain('within 300 ms');
});

test('an unknown host and a TLS mismatch are one HarnessError sentence each', async () => {
  const dns = await client({ endpoint: 'http://no-such-host.invalid' }).client.send('GET', '/routing/jobs').catch((e: unknown) => e);
  expect(dns).toBeInstanceOf(HarnessError);
  expect((dns as Error).message).toBe('Cannot reach http://no-such-host.invalid: host name not found.');
  const tlsEndpoint = base.replace('http:', 'https:');
  const tls = await client({ endpoint: tlsEndpoint }).client.send('GET', '/routing/jobs').catch((e: unknown) => e);
  expect(tls).toBeInstanceOf(HarnessError);
  expect((tls as Error).message).toBe(`TLS handshake with ${tlsEndpoint} failed: wrong version number.`);
});
