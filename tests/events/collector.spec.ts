import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { EMULATOR_TOPIC, validationEvent } from '../../emulator/src/events/envelope';
import { startCollector, type FeedPage, type RunningCollector } from '../../src/events/collector';

/** The kit's event collector, driven over real HTTP: the sink's handshakes and deliveries, and the workers' feed. */
const PREFIX = 'run7-';
let collector: RunningCollector;

test.beforeEach(async () => {
  collector = await startCollector({ runPrefix: PREFIX, host: '127.0.0.1', port: 0, webhook: true });
});
test.afterEach(async () => collector.close());

type Json = Record<string, unknown>;

function egEvent(data: Json, type = 'RouterJobReceived'): Json {
  const jobId = typeof data['jobId'] === 'string' ? data['jobId'] : 'none';
  return {
    id: randomUUID(), topic: EMULATOR_TOPIC, subject: `job/${jobId}/channel/voice`, eventType: `Microsoft.Communication.${type}`,
    eventTime: new Date().toISOString(), dataVersion: '1.0', metadataVersion: '1', data,
  };
}

function ceEvent(data: Json, type = 'RouterJobQueued'): Json {
  return { id: randomUUID(), source: EMULATOR_TOPIC, subject: 'job/x', type: `Microsoft.Communication.${type}`, specversion: '1.0', time: new Date().toISOString(), data };
}

function deliver(body: unknown, contentType = 'application/json'): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(collector.sinkUrl, { method: 'POST', headers: { 'content-type': contentType, 'aeg-event-type': 'Notification' }, body: text });
}

async function feed(query = ''): Promise<FeedPage> {
  const res = await fetch(`${collector.feedUrl}${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as FeedPage;
}

const idOf = (raw: unknown): unknown => (typeof raw === 'object' && raw !== null ? (raw as Json)['id'] : undefined);
const keptIds = (page: FeedPage): unknown[] => page.events.map((e) => idOf(e.raw));

test('answers the Event Grid validation handshake with the code, and keeps nothing of it', async () => {
  const { body, code } = validationEvent();
  const res = await fetch(collector.sinkUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'aeg-event-type': 'SubscriptionValidation' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ validationResponse: code });
  // A single validation event (not in an array) is answered too.
  const single = validationEvent();
  const again = await deliver(single.body[0]);
  expect(await again.json()).toEqual({ validationResponse: single.code });
  const page = await feed();
  expect(page.stats).toMatchObject({ validations: 2, kept: 0, malformed: 0 });
});

test('echoes WebHook-Request-Origin in the CloudEvents OPTIONS handshake', async () => {
  for (const origin of ['eventgrid.azure.net', 'events.example.org']) {
    const res = await fetch(collector.sinkUrl, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': origin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('webhook-allowed-origin')).toBe(origin);
  }
});

test('a batch with one malformed event keeps the others and counts one malformed', async () => {
  const good = [egEvent({ jobId: `${PREFIX}m1` }), egEvent({ jobId: `${PREFIX}m2` })];
  const bad = egEvent({ jobId: `${PREFIX}m3` });
  delete bad['eventTime'];
  const res = await deliver([good[0], bad, good[1]]);
  expect(res.status).toBe(200);
  const page = await feed();
  expect(keptIds(page).sort()).toEqual(good.map((e) => e['id']).sort());
  expect(page.stats.malformed).toBe(1);
  expect(page.stats.kept).toBe(2);
  expect(page.stats.problems.join()).toContain('eventTime');
});

test('duplicates by id are counted, not kept twice', async () => {
  const a = egEvent({ jobId: `${PREFIX}d1` });
  const b = egEvent({ jobId: `${PREFIX}d2` });
  for (const batch of [[a, b], [a], [b, b]]) expect((await deliver(batch)).status).toBe(200);
  // A different event that reuses an id is still a duplicate: the id is what counts.
  expect((await deliver([{ ...egEvent({ jobId: `${PREFIX}d3` }), id: a['id'] }])).status).toBe(200);
  const page = await feed();
  expect(keptIds(page).sort()).toEqual([a['id'], b['id']].sort());
  expect(page.stats).toMatchObject({ kept: 2, duplicates: 4 });
});

test('events of another run prefix (or of no resource) are counted foreign and not kept', async () => {
  const own = egEvent({ jobId: `${PREFIX}own` });
  const others = [egEvent({ jobId: 'run8-other' }), egEvent({ workerId: 'someone-else' }, 'RouterWorkerRegistered'), egEvent({ channelId: 'voice' }), ceEvent({ jobId: 'run70-x' })];
  expect((await deliver([own, ...others])).status).toBe(200);
  const page = await feed();
  expect(keptIds(page)).toEqual([own['id']]);
  expect(page.stats).toMatchObject({ kept: 1, foreign: 4, malformed: 0 });
});

test('CloudEvents and Event Grid deliveries to one collector are both kept', async () => {
  const eg = egEvent({ jobId: `${PREFIX}mix` });
  const ce = ceEvent({ jobId: `${PREFIX}mix`, workerId: `${PREFIX}w` });
  expect((await deliver([ce], 'application/cloudevents-batch+json; charset=utf-8')).status).toBe(200);
  expect((await deliver([eg])).status).toBe(200);
  const page = await feed();
  expect(keptIds(page)).toEqual([ce['id'], eg['id']]);
  expect(page.events.map((e) => 'specversion' in (e.raw as Json))).toEqual([true, false]);
  expect(page.stats).toMatchObject({ kept: 2, malformed: 0 });
});

test('a body that is not JSON answers 400 and is counted malformed', async () => {
  const res = await deliver('{"id": "truncated"', 'application/json');
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ error: { code: 'BadRequest' } });
  const page = await feed();
  expect(page.stats).toMatchObject({ malformed: 1, kept: 0 });
});

test('a body over 4 MiB answers 413; exactly 4 MiB is taken; the collector keeps serving', async () => {
  const LIMIT = 4 * 1024 * 1024;
  const event = egEvent({ jobId: `${PREFIX}big` });
  const json = JSON.stringify([event]);
  const padded = (size: number): string => `${json}${' '.repeat(size - Buffer.byteLength(json))}`;
  const over = await deliver(padded(LIMIT + 1));
  expect(over.status).toBe(413);
  expect(await over.json()).toMatchObject({ error: { code: 'PayloadTooLarge' } });
  expect(keptIds(await feed())).toEqual([]);
  const huge = await deliver(padded(3 * LIMIT));
  expect(huge.status).toBe(413);
  const atLimit = await deliver(padded(LIMIT));
  expect(atLimit.status).toBe(200);
  const page = await feed();
  expect(keptIds(page)).toEqual([event['id']]);
});

test('the feed answers only on its token path', async () => {
  expect((await deliver([egEvent({ jobId: `${PREFIX}t` })])).status).toBe(200);
  const base = new URL(collector.feedUrl).origin;
  const token = new URL(collector.feedUrl).pathname.split('/')[2] ?? '';
  expect(token).toMatch(/^[0-9a-f]{32}$/);
  for (const path of ['/_kit/events', `/_kit/${'0'.repeat(32)}/events`, `/_kit/${token}`, `/_kit/${token}/events/extra`]) {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(`${PREFIX}t`);
  }
  // Outside /_kit/ a GET is a method the sink refuses; it never serves events.
  const outside = await fetch(`${base}/${token}/events`);
  expect(outside.status).toBe(405);
  expect(await outside.text()).not.toContain(`${PREFIX}t`);
  expect((await fetch(collector.feedUrl, { method: 'POST', body: '[]' })).status).toBe(404);
  expect(collector.sinkUrl).not.toContain(token);
});

test('the feed filters by jobId / workerId with ids=, and pages with after=', async () => {
  const jobA = egEvent({ jobId: `${PREFIX}a` });
  const jobB = egEvent({ jobId: `${PREFIX}b` });
  const offer = egEvent({ jobId: `${PREFIX}a`, workerId: `${PREFIX}w` }, 'RouterWorkerOfferIssued');
  const worker = egEvent({ workerId: `${PREFIX}w` }, 'RouterWorkerRegistered');
  expect((await deliver([jobA, jobB, offer, worker])).status).toBe(200);
  const ids = async (query: string): Promise<unknown[]> => keptIds(await feed(query));
  expect(await ids(`?ids=${PREFIX}a`)).toEqual([jobA['id'], offer['id']]);
  expect(await ids(`?ids=${PREFIX}w`)).toEqual([offer['id'], worker['id']]);
  expect(await ids(`?ids=${PREFIX}a,${PREFIX}b`)).toEqual([jobA['id'], jobB['id'], offer['id']]);
  expect(await ids(`?ids=${PREFIX}nobody`)).toEqual([]);
  expect(await ids('?ids=')).toHaveLength(4);

  const first = await feed();
  const later = egEvent({ jobId: `${PREFIX}a` });
  expect((await deliver([later])).status).toBe(200);
  expect(await ids(`?after=${first.cursor}`)).toEqual([later['id']]);
  expect(await ids(`?ids=${PREFIX}b&after=${first.cursor}`)).toEqual([]);
});

test('200 events in 10 parallel POSTs, then all of them again in parallel, are kept exactly once', async () => {
  const events = Array.from({ length: 200 }, (_, i) => egEvent({ jobId: `${PREFIX}c${i}`, workerId: `${PREFIX}cw${i % 7}` }));
  const batches = (offset: number): Json[][] => Array.from({ length: 10 }, (_, b) => events.filter((_e, i) => (i + offset) % 10 === b));
  const started = Date.now();
  const first = await Promise.all(batches(0).map((batch) => deliver(batch)));
  const second = await Promise.all(batches(3).map((batch) => deliver(batch)));
  expect([...first, ...second].map((r) => r.status)).toEqual(new Array(20).fill(200));
  const page = await feed();
  expect(page.stats).toMatchObject({ kept: 200, duplicates: 200, malformed: 0, foreign: 0 });
  expect(new Set(keptIds(page)).size).toBe(200);
  expect(keptIds(page).sort()).toEqual(events.map((e) => e['id']).sort());
  expect(new Set(page.events.map((e) => e.seq)).size).toBe(200);
  expect(page.cursor).toBe(200);
  for (const e of page.events) expect(e.receivedAt).toBeGreaterThanOrEqual(started);
});

test('a collector without a webhook serves the feed but no sink', async () => {
  const feedOnly = await startCollector({ runPrefix: PREFIX, host: '127.0.0.1', port: 0, webhook: false });
  try {
    const res = await fetch(feedOnly.sinkUrl, { method: 'POST', body: JSON.stringify([egEvent({ jobId: `${PREFIX}x` })]) });
    expect(res.status).toBe(404);
    await feedOnly.store.add([egEvent({ jobId: `${PREFIX}queue` })]);
    const page = (await (await fetch(feedOnly.feedUrl)).json()) as FeedPage;
    expect(page.stats.kept).toBe(1);
  } finally {
    await feedOnly.close();
  }
});
