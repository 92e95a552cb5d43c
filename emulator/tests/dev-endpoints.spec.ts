import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src';
import { at, clientFor, setupOffered } from './client';
import { eventSink } from './event-sink';

test('with --clock manual, advancing past closeAt closes the job at once and JobClosed arrives', async () => {
  const sink = await eventSink();
  const emulator = await startEmulator({ clock: 'manual' });
  const send = clientFor(emulator.url, emulator.accessKey);
  try {
    expect((await send('PUT', '/emulator/eventSubscriptions/sink', { apiVersion: null, body: { endpointUrl: sink.url } })).status).toBe(201);
    const offered = await setupOffered(send, 'clk');
    const assignmentId = String(at((await send('POST', `/routing/workers/${offered.workerId}/offers/${offered.offerId}:accept`)).body, 'assignmentId'));
    await send('POST', `/routing/jobs/${offered.jobId}/assignments/${assignmentId}:complete`);
    const closeAt = new Date(Date.now() + 3_600_000).toISOString();
    await send('POST', `/routing/jobs/${offered.jobId}/assignments/${assignmentId}:close`, { body: { closeAt } });
    expect(at((await send('GET', `/routing/jobs/${offered.jobId}`)).body, 'status')).toBe('completed');
    const moved = await send('POST', '/emulator/clock', { apiVersion: null, body: { advanceMs: 3_601_000 } });
    expect(moved.status).toBe(200);
    expect(Date.parse(String(at(moved.body, 'now')))).toBeGreaterThan(Date.parse(closeAt));
    const advancedAt = Date.now();
    expect(at((await send('GET', `/routing/jobs/${offered.jobId}`)).body, 'status')).toBe('closed');
    await expect.poll(() => sink.received.find((e) => e.type === 'Microsoft.Communication.RouterJobClosed'), { timeout: 3000, intervals: [20] }).toBeTruthy();
    const closedEvent = sink.received.find((e) => e.type === 'Microsoft.Communication.RouterJobClosed');
    expect(closedEvent?.subject).toContain(offered.jobId);
    test.info().annotations.push({ type: 'JobClosed after the clock moved', description: `${(closedEvent?.at ?? 0) - advancedAt} ms` });
    expect((await send('POST', '/emulator/clock', { apiVersion: null, body: { set: '2001-01-01T00:00:00Z' } })).status).toBe(400);
    expect((await send('POST', '/emulator/clock', { apiVersion: null, body: { advanceMs: -1 } })).status).toBe(400);
  } finally {
    await emulator.close();
    sink.server.close();
  }
});

test('health answers, reset forgets everything, and clock control is off without --clock manual', async () => {
  const emulator = await startEmulator();
  const send = clientFor(emulator.url, emulator.accessKey);
  try {
    const health = await send('GET', '/emulator/health', { apiVersion: null });
    expect(health.status).toBe(200);
    expect(at(health.body, 'status')).toBe('healthy');
    expect(at(health.body, 'clock')).toBe('real');
    expect((await send('GET', '/emulator/health', { apiVersion: null, sign: false })).status).toBe(401);
    const off = await send('POST', '/emulator/clock', { apiVersion: null, body: { advanceMs: 1000 } });
    expect(off.status).toBe(404);
    expect(off.headers.get('x-ms-error-code')).toBe('NotFound');
    expect(String(at(off.body, 'error', 'message'))).toContain('--clock manual');
    const offered = await setupOffered(send, 'rst');
    expect((await send('POST', '/emulator/reset', { apiVersion: null })).status).toBe(204);
    for (const path of [`/routing/jobs/${offered.jobId}`, `/routing/workers/${offered.workerId}`, '/routing/queues/rst-q', '/routing/distributionPolicies/rst-p']) {
      expect((await send('GET', path)).status).toBe(404);
    }
    expect(at((await send('GET', '/routing/jobs')).body, 'value')).toEqual([]);
  } finally {
    await emulator.close();
  }
});

test('--loose takes "longest-idle" with a warning and answers in the spelling sent; without it the answer is 400', async () => {
  const warnings: string[] = [];
  const loose = await startEmulator({ loose: true, warn: (m) => warnings.push(m) });
  const strict = await startEmulator();
  try {
    const body = { offerExpiresAfterSeconds: 60, mode: { kind: 'longest-idle' } };
    const taken = await clientFor(loose.url, loose.accessKey)('PATCH', '/routing/distributionPolicies/loose-p', { body });
    expect(taken.status).toBe(201);
    expect(at(taken.body, 'mode', 'kind')).toBe('longest-idle');
    expect(warnings.join('\n')).toContain('longest-idle');
    const job = await clientFor(loose.url, loose.accessKey)('PATCH', '/routing/jobs/loose-j', { body: { channelId: 'voice', queueId: 'none', matchingMode: { kind: 'queue-and-match' } } });
    expect(at(job.body, 'matchingMode', 'kind')).toBe('queue-and-match');
    expect((await clientFor(strict.url, strict.accessKey)('PATCH', '/routing/distributionPolicies/loose-p', { body })).status).toBe(400);
  } finally {
    await loose.close();
    await strict.close();
  }
});

test('--debug writes one line per request and answer, without the signature', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'jr-debug-')), 'debug.jsonl');
  const emulator = await startEmulator({ debug: file });
  const send = clientFor(emulator.url, emulator.accessKey);
  await send('PATCH', '/routing/queues/dbg', { body: { labels: { team: 'a' } } });
  await send('GET', '/routing/queues/dbg');
  await emulator.close();
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { request: { method: string; headers: Record<string, string>; body?: string }; response: { status: number; body?: string } });
  expect(lines.map((l) => `${l.request.method} ${l.response.status}`)).toEqual(['PATCH 201', 'GET 200']);
  expect(lines[0]?.request.body).toContain('"team":"a"');
  expect(lines[0]?.request.headers['authorization']).toMatch(/^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<redacted>$/);
  expect(readFileSync(file, 'utf8')).not.toMatch(/Signature=[A-Za-z0-9+/]{20,}/);
});
