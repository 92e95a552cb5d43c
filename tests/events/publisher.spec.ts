import { expect, test } from '@playwright/test';
import { startEmulator } from 'jobrouter-emulator';
import { EMULATOR_TOPIC, type EventSchema } from '../../emulator/src/events/envelope';
import { readEvent } from '../../src/events/received';
import { at, clientFor, setupOffered, type Send } from '../../emulator/tests/client';
import { aegType, deliveredEvents, notifications, standard, startHook, until, type Hook, type Json } from './hook';

/** The emulator's Event Grid delivery, observed by real loopback webhooks (tests/events/hook.ts). */
const closers: (() => Promise<void>)[] = [];
test.afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function hook(...args: Parameters<typeof startHook>): Promise<Hook> {
  const started = await startHook(...args);
  closers.push(() => started.close());
  return started;
}

async function emulatorWith(subs: readonly { name: string; url: string; schema?: EventSchema }[]) {
  const emulator = await startEmulator({
    quiet: true,
    events: { subscriptions: subs.map((s) => ({ name: s.name, destination: { kind: 'webhook' as const, url: s.url }, ...(s.schema ? { schema: s.schema } : {}) })) },
  });
  closers.push(() => emulator.close());
  return { emulator, send: clientFor(emulator.url, emulator.accessKey) };
}

/** A queue with `count` jobs and no workers: RouterJobReceived + RouterJobQueued per job. */
async function jobs(send: Send, prefix: string, count: number): Promise<string[]> {
  await send('PATCH', `/routing/distributionPolicies/${prefix}-p`, { body: { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } } });
  await send('PATCH', `/routing/queues/${prefix}-q`, { body: { distributionPolicyId: `${prefix}-p` } });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-j${i}`;
    expect((await send('PATCH', `/routing/jobs/${id}`, { body: { channelId: 'voice', queueId: `${prefix}-q` } })).status).toBe(201);
    ids.push(id);
  }
  return ids;
}

const info = async (send: Send, name: string): Promise<unknown> => (await send('GET', `/emulator/eventSubscriptions/${name}`, { apiVersion: null })).body;
const ROUTER_TYPE = /^Microsoft\.Communication\.Router[A-Za-z]+$/;
const isIso = (value: unknown): boolean => typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;

test('Event Grid schema: validation first, nothing before the echo, then batches of at most 10 well-formed events', async () => {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => { release = resolve; });
  const sink = await hook(async (hit, hits) => {
    // The validation answer waits until every job exists, so the events pile up behind the handshake.
    if (hits.length === 1) await held;
    return standard(hit);
  });
  const { send } = await emulatorWith([{ name: 'eg-sub', url: sink.url }]);
  const ids = await jobs(send, 'a', 15);
  await until(() => sink.hits.length >= 1, 'the validation request');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(sink.hits).toHaveLength(1);
  release();
  await until(() => deliveredEvents(notifications(sink)).length >= 30, '30 events');

  const [first, ...rest] = sink.hits;
  expect(first?.method).toBe('POST');
  expect(aegType(first)).toBe('SubscriptionValidation');
  expect(at(first?.body, 0, 'eventType')).toBe('Microsoft.EventGrid.SubscriptionValidationEvent');
  expect(typeof at(first?.body, 0, 'data', 'validationCode')).toBe('string');
  for (const hit of rest) {
    expect(hit.at).toBeGreaterThanOrEqual(first?.answeredAt ?? Infinity);
    expect(aegType(hit)).toBe('Notification');
    expect(hit.headers['content-type']).toMatch(/^application\/json/);
    expect(Array.isArray(hit.body)).toBe(true);
    expect((hit.body as unknown[]).length).toBeLessThanOrEqual(10);
  }
  // The backlog of 30 events went in full batches.
  expect(Math.max(...rest.map((h) => (h.body as unknown[]).length))).toBe(10);
  const events = deliveredEvents(rest);
  for (const e of events) {
    expect(typeof e['id']).toBe('string');
    expect(e['topic']).toBe(EMULATOR_TOPIC);
    expect(e['subject']).toMatch(/^job\/a-j\d+\/channel\/voice$/);
    expect(e['eventType']).toMatch(ROUTER_TYPE);
    expect(isIso(e['eventTime'])).toBe(true);
    expect(e['dataVersion']).toBe('1.0');
    expect(e['metadataVersion']).toBe('1');
    expect((await readEvent(e, Date.now())).envelope).toBe('eventgrid');
  }
  expect(new Set(events.map((e) => e['id'])).size).toBe(30);
  for (const id of ids) {
    const types = events.filter((e) => at(e, 'data', 'jobId') === id).map((e) => e['eventType']).sort();
    expect(types).toEqual(['Microsoft.Communication.RouterJobQueued', 'Microsoft.Communication.RouterJobReceived']);
  }
});

test('an endpoint that echoes the wrong validation code never gets a delivery', async () => {
  const wrong = await hook((hit) => (aegType(hit) === 'SubscriptionValidation' ? { status: 200, body: { validationResponse: 'not-the-code' } } : { status: 200 }));
  const good = await hook();
  const { send } = await emulatorWith([{ name: 'wrong-code', url: wrong.url }, { name: 'reference', url: good.url }]);
  await setupOffered(send, 'b');
  await until(() => wrong.hits.length >= 3 && notifications(good).length > 0, 'three validation attempts and a reference delivery');

  expect(wrong.hits.every((h) => h.method === 'POST' && aegType(h) === 'SubscriptionValidation')).toBe(true);
  expect(notifications(wrong)).toHaveLength(0);
  const shown = await info(send, 'wrong-code');
  expect(at(shown, 'validated')).toBe(false);
  expect(at(shown, 'delivered')).toBe(0);
  expect(at(shown, 'pending')).toBeGreaterThan(0);
  expect(at(shown, 'failedAttempts')).toBeGreaterThan(0);
  expect(at(shown, 'lastError')).toMatch(/validation/);
  expect(at(await info(send, 'reference'), 'validated')).toBe(true);
});

test('CloudEvents: OPTIONS handshake first, no delivery without WebHook-Allowed-Origin, batches of 1.0 events', async () => {
  const good = await hook();
  // Answers 200 to everything, but never names an allowed origin.
  const refusing = await hook(() => ({ status: 200 }));
  const { send } = await emulatorWith([
    { name: 'ce-good', url: good.url, schema: 'cloudevents' },
    { name: 'ce-refusing', url: refusing.url, schema: 'cloudevents' },
  ]);
  const offered = await setupOffered(send, 'c');
  await until(() => deliveredEvents(notifications(good)).some((e) => e['type'] === 'Microsoft.Communication.RouterWorkerOfferIssued'), 'the offer event');
  await until(() => refusing.hits.length >= 2, 'two refused handshakes');

  expect(good.hits[0]?.method).toBe('OPTIONS');
  expect(good.hits[0]?.headers['webhook-request-origin']).toBe('eventgrid.azure.net');
  expect(refusing.hits.every((h) => h.method === 'OPTIONS')).toBe(true);
  expect(at(await info(send, 'ce-refusing'), 'validated')).toBe(false);
  const posts = good.hits.slice(1);
  expect(posts.length).toBeGreaterThan(0);
  for (const hit of posts) {
    expect(hit.method).toBe('POST');
    expect(hit.headers['content-type']).toMatch(/^application\/cloudevents-batch\+json/);
    expect((hit.body as unknown[]).length).toBeLessThanOrEqual(10);
  }
  const events = deliveredEvents(posts);
  for (const e of events) {
    expect(e['specversion']).toBe('1.0');
    expect(e['type']).toMatch(ROUTER_TYPE);
    expect(e['source']).toBe(EMULATOR_TOPIC);
    expect(isIso(e['time'])).toBe(true);
    expect(typeof e['id']).toBe('string');
    expect('eventType' in e).toBe(false);
    expect((await readEvent(e, Date.now())).envelope).toBe('cloudevents');
  }
  expect(events.some((e) => at(e, 'data', 'jobId') === offered.jobId && e['type'] === 'Microsoft.Communication.RouterJobReceived')).toBe(true);
});

test('retries: three 503 answers, then every event arrives (none lost), with backoff between attempts', async () => {
  let notified = 0;
  const flaky = await hook((hit) => {
    if (aegType(hit) !== 'Notification') return standard(hit);
    notified += 1;
    return notified <= 3 ? { status: 503 } : { status: 200 };
  });
  const reference = await hook();
  const { send, emulator } = await emulatorWith([{ name: 'flaky', url: flaky.url }, { name: 'reference', url: reference.url }]);
  await setupOffered(send, 'd');
  await jobs(send, 'd2', 5);
  expect(await emulator.events.drained(15_000)).toBe(true);

  const expected = new Set(deliveredEvents(notifications(reference)).map((e) => String(e['id'])));
  expect(expected.size).toBeGreaterThanOrEqual(14);
  const attempts = notifications(flaky);
  const failed = attempts.filter((h) => h.status === 503);
  const got = new Set(deliveredEvents(attempts.filter((h) => h.status === 200)).map((e) => String(e['id'])));
  expect(failed).toHaveLength(3);
  expect([...expected].filter((id) => !got.has(id))).toEqual([]);
  expect(attempts.slice(0, 4).map((h) => h.headers['aeg-delivery-count'])).toEqual(['1', '2', '3', '4']);
  for (let i = 1; i < 4; i++) expect((attempts[i]?.at ?? 0) - (attempts[i - 1]?.answeredAt ?? Infinity)).toBeGreaterThanOrEqual(100);
  const shown = await info(send, 'flaky');
  expect(at(shown, 'failedAttempts')).toBe(3);
  expect(at(shown, 'dropped')).toBe(0);
  expect(at(shown, 'pending')).toBe(0);
  test.info().annotations.push({ type: 'requests', description: `${attempts.length} delivery requests (${failed.length} answered 503) for ${expected.size} events` });
});

test('a subscription added at run time gets only the events that happen after it', async () => {
  const sink = await hook();
  const { send, emulator } = await emulatorWith([]);
  const before = await setupOffered(send, 'f1');
  const put = await send('PUT', '/emulator/eventSubscriptions/late-sub', { apiVersion: null, body: { endpointUrl: sink.url } });
  expect(put.status).toBe(201);
  const after = await setupOffered(send, 'f2');
  await until(() => deliveredEvents(notifications(sink)).some((e) => e['eventType'] === 'Microsoft.Communication.RouterWorkerOfferIssued'), 'the later offer');
  expect(await emulator.events.drained(5000)).toBe(true);

  const events = deliveredEvents(notifications(sink));
  const about = (ids: readonly string[]): Json[] => events.filter((e) => ids.includes(String(at(e, 'data', 'jobId'))) || ids.includes(String(at(e, 'data', 'workerId'))));
  expect(about([before.jobId, before.workerId])).toEqual([]);
  const types = about([after.jobId, after.workerId]).map((e) => e['eventType']);
  expect(types).toEqual(expect.arrayContaining([
    'Microsoft.Communication.RouterWorkerRegistered', 'Microsoft.Communication.RouterJobReceived', 'Microsoft.Communication.RouterWorkerOfferIssued',
  ]));
});

test('RouterJobClosed: not before closeAt for a deferred close, within 1 s for an immediate one', async () => {
  const sink = await hook();
  const { send } = await emulatorWith([{ name: 'close-sub', url: sink.url }]);
  const assigned = async (prefix: string) => {
    const o = await setupOffered(send, prefix);
    const accepted = await send('POST', `/routing/workers/${o.workerId}/offers/${o.offerId}:accept`);
    expect(accepted.status).toBe(200);
    return { ...o, assignmentId: String(at(accepted.body, 'assignmentId')) };
  };
  const closedOf = (jobId: string) => notifications(sink).flatMap((h) => deliveredEvents([h]).map((e) => ({ e, at: h.at })))
    .find(({ e }) => e['eventType'] === 'Microsoft.Communication.RouterJobClosed' && at(e, 'data', 'jobId') === jobId);

  const deferred = await assigned('g1');
  const closeAt = Date.now() + 1500;
  const late = await send('POST', `/routing/jobs/${deferred.jobId}/assignments/${deferred.assignmentId}:close`, { body: { dispositionCode: 'Later', closeAt: new Date(closeAt).toISOString() } });
  expect(late.status).toBe(200);
  await until(() => closedOf(deferred.jobId) !== undefined, 'the deferred RouterJobClosed', 6000);
  const lateEvent = closedOf(deferred.jobId);
  expect(lateEvent?.at).toBeGreaterThanOrEqual(closeAt);
  expect(Date.parse(String(lateEvent?.e['eventTime']))).toBeGreaterThanOrEqual(closeAt);
  expect(lateEvent?.e['data']).toMatchObject({ jobId: deferred.jobId, assignmentId: deferred.assignmentId, workerId: deferred.workerId, dispositionCode: 'Later' });

  const now = await assigned('g2');
  const sent = Date.now();
  const closed = await send('POST', `/routing/jobs/${now.jobId}/assignments/${now.assignmentId}:close`, { body: { dispositionCode: 'Resolved' } });
  expect(closed.status).toBe(200);
  await until(() => closedOf(now.jobId) !== undefined, 'the immediate RouterJobClosed', 1000);
  const nowEvent = closedOf(now.jobId);
  expect((nowEvent?.at ?? Infinity) - sent).toBeLessThan(1000);
  expect(nowEvent?.e['data']).toMatchObject({ jobId: now.jobId, assignmentId: now.assignmentId, workerId: now.workerId, dispositionCode: 'Resolved' });
  test.info().annotations.push({ type: 'latency', description: `deferred +${(lateEvent?.at ?? 0) - closeAt} ms after closeAt; immediate in ${(nowEvent?.at ?? 0) - sent} ms` });
});
