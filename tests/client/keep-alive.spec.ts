import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '@playwright/test';
import { IDLE_CONNECTION_MS, TransportFailure, transmit, type RawRequest } from '../../src/client/transport';

/**
 * The transport keeps connections alive as the Azure SDK does, and reuses only an idle one: these prove what a verdict
 * relies on — each exchange has its connection to itself, a connection that closed or sat idle too long is not reused,
 * and a reset on a reused connection is still a reset (the action may have been applied), said as such.
 */

let server: Server;
let base: URL;
const connections: Socket[] = [];

test.beforeAll(async () => {
  server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    const path = req.url ?? '';
    req.resume();
    req.on('end', () => {
      if (path.includes('/drop')) return void req.socket.destroy();
      if (path.includes('/slow')) return void setTimeout(() => res.end('{}'), 150);
      if (path.includes('/long')) return void setTimeout(() => res.end('{"long":true}'), IDLE_CONNECTION_MS + 500);
      if (path.includes('/close')) res.setHeader('Connection', 'close');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path }));
    });
  });
  server.on('connection', (socket: Socket) => connections.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test.describe.configure({ mode: 'serial' });

const request = (method: string, path: string): RawRequest => ({
  url: base,
  method,
  pathAndQuery: path,
  headers: method === 'GET' ? {} : { 'content-type': 'application/json', 'content-length': '2' },
  body: method === 'GET' ? undefined : Buffer.from('{}'),
  timeoutMs: 5000,
});

/** Connections the server accepted while `run` ran. */
async function opened(run: () => Promise<unknown>): Promise<number> {
  const before = connections.length;
  await run();
  return connections.length - before;
}

test('exchanges one after another share one connection, whatever their method', async () => {
  const count = await opened(async () => {
    for (const method of ['GET', 'POST', 'GET', 'PATCH', 'DELETE', 'GET']) {
      const answer = await transmit(request(method, `/seq/${method}`));
      expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ path: `/seq/${method}` });
    }
  });
  expect(count).toBe(1);
});

test('exchanges at the same time each have a connection of their own', async () => {
  await sleep(IDLE_CONNECTION_MS + 300);
  const count = await opened(() => Promise.all([transmit(request('GET', '/slow/1')), transmit(request('POST', '/slow/2')), transmit(request('GET', '/slow/3'))]));
  expect(count).toBe(3);
});

test('an answer that closes its connection is not followed on it', async () => {
  await sleep(IDLE_CONNECTION_MS + 300);
  const count = await opened(async () => {
    await transmit(request('GET', '/close/1'));
    await transmit(request('GET', '/close/2'));
    await transmit(request('GET', '/after-close'));
  });
  expect(count).toBe(3);
});

test(`an answer that takes longer than the idle limit (${IDLE_CONNECTION_MS} ms) still arrives: the limit is for idle connections only`, async () => {
  const answer = await transmit(request('POST', '/long'));
  expect(answer.status).toBe(200);
  expect(answer.body.toString('utf8')).toBe('{"long":true}');
});

test(`a connection idle longer than ${IDLE_CONNECTION_MS} ms is closed, not reused`, async () => {
  await sleep(IDLE_CONNECTION_MS + 300);
  const count = await opened(async () => {
    await transmit(request('GET', '/idle/1'));
    await sleep(IDLE_CONNECTION_MS + 300);
    await transmit(request('GET', '/idle/2'));
  });
  expect(count).toBe(2);
});

test('a reset under a reused connection is a reset (the action may have been applied), and its sentence says the connection was reused', async () => {
  await sleep(IDLE_CONNECTION_MS + 300);
  await transmit(request('GET', '/warm'));
  const failure = await transmit(request('POST', '/drop')).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(TransportFailure);
  expect((failure as TransportFailure).kind).toBe('reset');
  expect((failure as TransportFailure).sentence).toMatch(/^Connection to http:\/\/127\.0\.0\.1:\d+ was closed before a response arrived\. \(It was sent on a kept-alive connection reused from an earlier exchange\.\)$/);
  // A reset on a connection of its own says nothing of reuse.
  await sleep(IDLE_CONNECTION_MS + 300);
  const fresh = await transmit(request('POST', '/drop')).catch((e: unknown) => e);
  expect((fresh as TransportFailure).sentence).not.toContain('reused');
});

test("a reused connection's first byte is this exchange's answer, not an earlier one's", async () => {
  await transmit(request('GET', '/first'));
  await sleep(200);
  const sentAt = Date.now();
  const answer = await transmit(request('GET', '/slow/second'));
  expect(answer.firstByteAt - sentAt).toBeGreaterThanOrEqual(140);
});
