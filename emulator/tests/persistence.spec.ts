import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src';
import { decodeGraph, encodeGraph } from '../src/persistence/codec';
import { STATE_FILE } from '../src/persistence/state-file';
import { at, clientFor, setupOffered } from './client';
import { eventSink } from './event-sink';

test('the codec keeps Maps, Sets, Infinity and shared objects shared, and client keys that look like tags', () => {
  const offer = { offerId: 'o1', expiresAt: 5 };
  const graph = { offers: new Map([['o1', offer]]), worker: { offers: new Map([['o1', offer]]) }, never: new Map([['w', Number.POSITIVE_INFINITY]]), keys: new Set(['a']), doc: { $ref: 1, $id: 'x' } };
  const back = decodeGraph(JSON.parse(JSON.stringify(encodeGraph(graph)))) as typeof graph;
  expect(back.offers.get('o1')).toBe(back.worker.offers.get('o1'));
  expect(back.never.get('w')).toBe(Number.POSITIVE_INFINITY);
  expect([...back.keys]).toEqual(['a']);
  expect(back.doc).toEqual({ $ref: 1, $id: 'x' });
});

test('a restart on --location reads back jobs, workers and queues, and a pending closeAt still fires after it', async () => {
  const location = mkdtempSync(join(tmpdir(), 'jr-state-'));
  const first = await startEmulator({ location });
  const send = clientFor(first.url, first.accessKey);
  const offered = await setupOffered(send, 'keep');
  const accepted = await send('POST', `/routing/workers/${offered.workerId}/offers/${offered.offerId}:accept`);
  const assignmentId = String(at(accepted.body, 'assignmentId'));
  await send('POST', `/routing/jobs/${offered.jobId}/assignments/${assignmentId}:complete`);
  const closeAt = new Date(Date.now() + 2500).toISOString();
  expect((await send('POST', `/routing/jobs/${offered.jobId}/assignments/${assignmentId}:close`, { body: { closeAt } })).status).toBe(200);
  const before = await send('GET', `/routing/jobs/${offered.jobId}`);
  await first.close();
  expect(existsSync(join(location, STATE_FILE))).toBe(true);

  const second = await startEmulator({ location });
  try {
    expect(second.state?.restored.restored).toBe(true);
    const again = clientFor(second.url, second.accessKey);
    const job = await again('GET', `/routing/jobs/${offered.jobId}`);
    expect(job.status).toBe(200);
    expect(at(job.body, 'status')).toBe('completed');
    expect(at(job.body, 'etag')).toBe(at(before.body, 'etag'));
    expect(at(job.body, 'assignments', assignmentId, 'assignedAt')).toBe(at(before.body, 'assignments', assignmentId, 'assignedAt'));
    const worker = await again('GET', `/routing/workers/${offered.workerId}`);
    expect(at(worker.body, 'state')).toBe('active');
    expect(at(worker.body, 'loadRatio')).toBe(1);
    expect((await again('GET', '/routing/queues/keep-q')).status).toBe(200);
    expect((await again('GET', '/routing/distributionPolicies/keep-p')).status).toBe(200);
    await expect.poll(async () => at((await again('GET', `/routing/jobs/${offered.jobId}`)).body, 'status'), { timeout: 8000, intervals: [100] }).toBe('closed');
    await expect.poll(async () => at((await again('GET', `/routing/workers/${offered.workerId}`)).body, 'loadRatio'), { timeout: 3000 }).toBe(0);
  } finally {
    await second.close();
  }
});

test('a state file cut short by a crash is never read: the temporary file is left aside and the last whole state wins', async () => {
  const location = mkdtempSync(join(tmpdir(), 'jr-crash-'));
  const first = await startEmulator({ location });
  await clientFor(first.url, first.accessKey)('PATCH', '/routing/queues/survivor', { body: {} });
  await first.close();
  const whole = readFileSync(join(location, STATE_FILE), 'utf8');
  // What a crash between write and rename leaves: a half-written temporary file beside the complete one.
  writeFileSync(join(location, `${STATE_FILE}.4242.tmp`), whole.slice(0, whole.length / 2));
  const second = await startEmulator({ location });
  try {
    expect((await clientFor(second.url, second.accessKey)('GET', '/routing/queues/survivor')).status).toBe(200);
    expect(existsSync(join(location, `${STATE_FILE}.4242.tmp`))).toBe(false);
  } finally {
    await second.close();
  }
});

test('events not yet delivered when the emulator stops are delivered after the restart', async () => {
  const location = mkdtempSync(join(tmpdir(), 'jr-events-'));
  // A port that nothing listens on yet: the first emulator cannot deliver, so its events stay pending.
  const probe = await eventSink();
  const port = Number(new URL(probe.url).port);
  await new Promise((resolve) => probe.server.close(resolve));
  const first = await startEmulator({ location });
  const send = clientFor(first.url, first.accessKey);
  expect((await send('PUT', '/emulator/eventSubscriptions/later', { apiVersion: null, body: { endpointUrl: probe.url } })).status).toBe(201);
  await send('PATCH', '/routing/queues/pend-q', { body: {} });
  await send('PATCH', '/routing/jobs/pend-job', { body: { channelId: 'voice', queueId: 'pend-q' } });
  await expect.poll(async () => at((await send('GET', '/emulator/eventSubscriptions/later', { apiVersion: null })).body, 'pending'), { timeout: 3000 }).toBeGreaterThan(0);
  await first.close();
  const sink = await eventSink(port);
  const second = await startEmulator({ location });
  try {
    await expect.poll(() => sink.received.some((e) => e.type === 'Microsoft.Communication.RouterJobReceived' && e.subject.includes('pend-job')), { timeout: 10_000 }).toBe(true);
  } finally {
    await second.close();
    sink.server.close();
  }
});
