import { expect, test } from '@playwright/test';
import { request, Agent } from 'node:http';
import { signedHeaders } from '../../src/client/signer';
import { startEmulator } from '../../src/emulator';

/** 10,000 generated malformed or hostile requests: no 5xx, and the server still answers afterwards. */
const PATHS = [
  '/routing/jobs/{id}', '/routing/jobs/{id}:cancel', '/routing/jobs/{id}/assignments/{id}:close', '/routing/jobs/{id}/assignments/{id}:complete',
  '/routing/jobs/{id}/assignments/{id}:unassign', '/routing/jobs/{id}/position', '/routing/workers/{id}', '/routing/workers/{id}/offers/{id}:accept',
  '/routing/workers/{id}/offers/{id}:decline', '/routing/queues/{id}', '/routing/distributionPolicies/{id}', '/routing/jobs', '/routing/workers',
  '/routing/queues', '/routing/exceptionPolicies/{id}', '/routing/{id}', '/{id}', '/routing/jobs/{id}:{id}',
];
const IDS = ['', 'a', '%', '%zz', '%E0%A4%A', '%3A', 'x%2Fy', '..', '%00', 'é', '::', 'a:b', '{id}', 'x'.repeat(3000), '%F0%9F%98%80', ' ', '+', ';,=!@'];
const VALUES: unknown[] = [null, true, 0, -1, 1.5, 2 ** 40, 'x', '', '2024-01-01T00:00:00Z', 'not-a-date', [], [1, 'a'], {}, { a: { b: [] } }, 'x'.repeat(500)];
const KEYS = ['note', 'dispositionCode', 'closeAt', 'retryOfferAt', 'capacity', 'queues', 'channels', 'availableForOffers', 'queueId', 'channelId',
  'priority', 'labels', 'tags', 'notes', 'matchingMode', 'mode', 'offerExpiresAfterSeconds', 'distributionPolicyId', 'requestedWorkerSelectors', '__proto__', 'constructor'];
const RAW_BODIES = ['', '{', '[]', 'null', '"x"', '1', '{"a":}', '\u0000', '{"__proto__":{"polluted":1}}', 'ÿþ', '{}'.repeat(100)];
const METHODS = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS', 'HEAD'];
const VERSIONS = ['2023-11-01', '2023-11-01', '2023-11-01', '', '2099-01-01', '%', '2023-11-01&api-version=x'];

function rng(seed: number) {
  let state = seed;
  return (n: number): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

test('fuzz: 10,000 hostile requests produce no 5xx and leave the server alive', async () => {
  test.setTimeout(60_000);
  const emulator = await startEmulator();
  const url = new URL(emulator.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const pick = rng(20231101);
  const choose = <T>(items: readonly T[]): T => items[pick(items.length)] as T;
  const body = (): string => {
    if (pick(3) === 0) return choose(RAW_BODIES);
    const object: Record<string, unknown> = {};
    for (let i = pick(4); i >= 0; i--) object[choose(KEYS)] = choose(VALUES);
    return JSON.stringify(pick(5) === 0 ? [object] : object);
  };
  const send = (i: number): Promise<number> => {
    const path = choose(PATHS).replace(/\{id\}/g, () => choose(IDS));
    const query = pick(6) === 0 ? '' : `?api-version=${choose(VERSIONS)}`;
    const method = choose(METHODS);
    const payload = method === 'GET' || method === 'HEAD' ? '' : body();
    const signed = signedHeaders(emulator.accessKey, { method, pathAndQuery: `${path}${query}`, host: url.host, date: new Date().toUTCString(), body: payload });
    const headers: Record<string, string> = { 'content-type': choose(['application/json', 'application/merge-patch+json', 'text/plain']) };
    const mode = i % 10;
    if (mode > 2) Object.assign(headers, signed);
    if (mode === 1) Object.assign(headers, signed, { authorization: 'HMAC-SHA256 SignedHeaders=x&Signature=' + 'A'.repeat(pick(100)) });
    if (mode === 2) Object.assign(headers, { authorization: choose(['Bearer ', 'Bearer x', 'Basic abc', '', 'HMAC-SHA256']), 'x-ms-date': choose(['', 'garbage', 'Mon, 01 Jan 1990 00:00:00 GMT']) });
    return new Promise((resolve) => {
      const req = request({ agent, host: url.hostname, port: url.port, method, path: `${path}${query}`, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(-1));
      req.end(payload);
    });
  };
  const statuses = new Map<number, number>();
  const total = 10_000;
  for (let start = 0; start < total; start += 200) {
    const batch = await Promise.all(Array.from({ length: Math.min(200, total - start) }, (_, k) => send(start + k)));
    for (const s of batch) statuses.set(s, (statuses.get(s) ?? 0) + 1);
  }
  agent.destroy();
  // 501 is the documented NotImplemented answer for API parts the emulator leaves out, not a failure.
  const serverErrors = [...statuses].filter(([s]) => (s >= 500 && s !== 501) || s === -1);
  expect(serverErrors, JSON.stringify([...statuses])).toEqual([]);
  expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(total);
  const alive = await fetch(`${emulator.url}/routing/jobs?api-version=2023-11-01`);
  expect(alive.status).toBe(401);
  await emulator.close();
});
