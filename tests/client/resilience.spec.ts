import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { JobRouterClient, UnknownOutcome, type Outcome } from '../../src/client/client';
import { requestedDelayMs, RetryBudget, type RetrySettings } from '../../src/client/resilience';
import { HarnessError, type ExchangeRecord } from '../../src/contract/evidence';

/**
 * The client's resilience against a real loopback server that answers from a per-path script: each request takes the
 * next step (`429:1` = 429 with Retry-After 1 s, `503`, `reset` = drop the socket, `200`, `404`, …); the last step repeats.
 */
const KEY = Buffer.from('resilience-spec access key 0123456789').toString('base64');

let server: Server;
let base: string;
const scripts = new Map<string, string[]>();
const hits = new Map<string, number>();

test.beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const n = hits.get(path) ?? 0;
      hits.set(path, n + 1);
      const script = scripts.get(path) ?? ['200'];
      const step = script[Math.min(n, script.length - 1)] ?? '200';
      if (step === 'reset') {
        req.socket.destroy();
        return;
      }
      const [status = '200', wait] = step.split(':');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (wait?.startsWith('ms')) headers['retry-after-ms'] = wait.slice(2);
      else if (wait?.startsWith('x')) headers['x-ms-retry-after-ms'] = wait.slice(1);
      else if (wait === 'date') headers['retry-after'] = new Date(Date.now() + 1000).toUTCString();
      else if (wait !== undefined) headers['retry-after'] = wait;
      const code = Number(status);
      const body = code >= 400 ? { error: { code: `E${code}`, message: 'scripted' } } : { n: n + 1 };
      if (code >= 400) headers['x-ms-error-code'] = `E${code}`;
      res.writeHead(code, headers).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let counter = 0;
function scripted(...steps: string[]): string {
  counter += 1;
  const path = `/routing/jobs/case-${counter}:action`;
  scripts.set(path, steps);
  return path;
}

function settings(overrides: Partial<RetrySettings> = {}): RetrySettings {
  return { maxAttempts: 5, maxDelayMs: 5000, initialDelayMs: 20, budget: new RetryBudget(100), ...overrides };
}

function client(retry: RetrySettings | null = settings()): { client: JobRouterClient; records: ExchangeRecord[] } {
  const records: ExchangeRecord[] = [];
  const c = new JobRouterClient({ endpoint: base, auth: { kind: 'hmac', accessKey: KEY }, apiVersion: '2023-11-01', secrets: [KEY], onExchange: (r) => records.push(r), ...(retry ? { retry } : {}), timeoutMs: 2000 });
  return { client: c, records };
}

test('Retry-After is read as seconds, as an HTTP date, and as retry-after-ms / x-ms-retry-after-ms (which win)', () => {
  const now = Date.parse('2026-12-02T10:00:00Z');
  expect(requestedDelayMs({ 'retry-after': '2' }, now)).toBe(2000);
  expect(requestedDelayMs({ 'retry-after': 'Wed, 02 Dec 2026 10:00:03 GMT' }, now)).toBe(3000);
  expect(requestedDelayMs({ 'retry-after': 'Wed, 02 Dec 2026 09:59:00 GMT' }, now)).toBe(0);
  expect(requestedDelayMs({ 'retry-after': '5', 'retry-after-ms': '150' }, now)).toBe(150);
  expect(requestedDelayMs({ 'x-ms-retry-after-ms': '75' }, now)).toBe(75);
  expect(requestedDelayMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
  expect(requestedDelayMs({}, now)).toBeUndefined();
});

for (const status of [408, 429, 502, 503, 504]) {
  test(`a ${status} is retried and never returned as the answer`, async () => {
    const path = scripted(`${status}:ms30`, `${status}:ms30`, '200');
    const { client: c, records } = client();
    const res = await c.send('GET', path);
    expect(res.status).toBe(200);
    expect(records.map((r) => r.status)).toEqual([status, status, 200]);
    expect(records.slice(0, 2).every((r) => r.retry !== undefined)).toBe(true);
    expect(records[2]?.retry).toBeUndefined();
  });
}

test('the wait honours Retry-After (1 s), not the short exponential step', async () => {
  const path = scripted('429:1', '200');
  const { client: c, records } = client(settings({ initialDelayMs: 10 }));
  const started = Date.now();
  await c.send('POST', path, { json: {} });
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  expect(records[0]?.retry).toMatchObject({ cause: 'throttled', waitMs: 1000, attempt: 1 });
});

test('an HTTP-date Retry-After is honoured', async () => {
  const path = scripted('503:date', '200');
  const { client: c, records } = client();
  await c.send('GET', path);
  expect(records[0]?.retry?.cause).toBe('unavailable');
  expect(records[0]?.retry?.waitMs ?? 0).toBeGreaterThan(0);
  expect(records[0]?.retry?.waitMs ?? 5000).toBeLessThanOrEqual(1000);
});

test('a 500 is an answer: not retried', async () => {
  const path = scripted('500', '200');
  const { client: c, records } = client();
  expect((await c.send('GET', path)).status).toBe(500);
  expect(records).toHaveLength(1);
});

test('a throttle that outlasts the attempts ends as a HarnessError (error), never as the judged answer', async () => {
  const path = scripted('429:ms10');
  const { client: c, records } = client(settings({ maxAttempts: 3 }));
  await expect(c.send('GET', path)).rejects.toThrow(HarnessError);
  await expect(c.send('GET', path)).rejects.toThrow(/answered 429 .*gave up after 3 attempt/);
  expect(records.filter((r) => r.status === 429).length).toBe(6);
});

test('the retry budget is shared and, once spent, stops retrying', async () => {
  const budget = new RetryBudget(2);
  const { client: c } = client(settings({ budget }));
  await expect(c.send('GET', scripted('503:ms10'))).rejects.toThrow(/503/);
  expect(budget.used).toBe(2);
  const { client: other, records } = client(settings({ budget }));
  await expect(other.send('GET', scripted('503:ms10', '200'))).rejects.toThrow(/503/);
  expect(records).toHaveLength(1);
});

test('a Retry-After beyond the accepted maximum is not waited out', async () => {
  const path = scripted('429:120', '200');
  const { client: c, records } = client(settings({ maxDelayMs: 1000 }));
  await expect(c.send('GET', path)).rejects.toThrow(/asked to wait 120000 ms/);
  expect(records).toHaveLength(1);
});

test('without retry settings the client makes exactly one attempt (wire tests stay exact)', async () => {
  const path = scripted('429:ms10', '200');
  const { client: c, records } = client(null);
  expect((await c.send('GET', path)).status).toBe(429);
  expect(records).toHaveLength(1);
});

test('a dropped connection on a read is resent', async () => {
  const path = scripted('reset', '200');
  const { client: c, records } = client();
  expect((await c.send('GET', path)).status).toBe(200);
  expect(records[0]?.transportError).toContain('closed before a response');
  expect(records[0]?.retry?.cause).toBe('network');
});

test('a dropped POST without a probe is an UnknownOutcome (error), not resent', async () => {
  const path = scripted('reset', '200');
  const { client: c } = client();
  const error = await c.send('POST', path, { json: {} }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnknownOutcome);
  expect(error).toBeInstanceOf(HarnessError);
  expect(hits.get(path)).toBe(1);
});

for (const [outcome, resent] of [['not-applied', true], ['applied', false], ['unclear', false]] as const) {
  test(`a dropped POST whose probe says ${outcome} is ${resent ? 'resent and judged on the real answer' : 'reported as not judgeable'}`, async () => {
    const path = scripted('reset', '404');
    const { client: c } = client();
    let probed = 0;
    const probe = async (): Promise<Outcome> => {
      probed += 1;
      return outcome;
    };
    const result = await c.send('POST', path, { json: {}, probe }).then((r) => r.status, (e: unknown) => e);
    expect(probed).toBe(1);
    if (resent) expect(result).toBe(404);
    else expect(result).toBeInstanceOf(UnknownOutcome);
  });
}

test('a refused connection (nothing listening) is retried, then reported in one sentence', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const records: ExchangeRecord[] = [];
  const c = new JobRouterClient({ endpoint: `http://127.0.0.1:${port}`, auth: { kind: 'hmac', accessKey: KEY }, apiVersion: '2023-11-01', secrets: [KEY], onExchange: (r) => records.push(r), retry: settings({ maxAttempts: 3 }) });
  await expect(c.send('POST', '/routing/jobs/x:cancel', { json: {} })).rejects.toThrow(/connection refused\.$/);
  expect(records).toHaveLength(3);
  expect(records.slice(0, 2).map((r) => r.retry?.cause)).toEqual(['refused', 'refused']);
});

test('every attempt is signed afresh and the access key is in no record', async () => {
  const path = scripted('429:ms1100', '200');
  const { client: c, records } = client();
  await c.send('GET', path);
  const dates = records.map((r) => r.requestHeaders['x-ms-date']);
  expect(new Set(dates).size).toBe(2);
  expect(JSON.stringify(records)).not.toContain(KEY);
});

test('the retry budget grows with the requests made: a share of each on top of the floor', () => {
  const budget = new RetryBudget(1, 0.25);
  expect(budget.take()).toBe(true);
  expect(budget.take()).toBe(false);
  for (let i = 0; i < 8; i += 1) budget.noteRequest();
  expect(budget.total).toBe(3);
  expect(budget.take()).toBe(true);
  expect(budget.take()).toBe(true);
  expect(budget.take()).toBe(false);
});
