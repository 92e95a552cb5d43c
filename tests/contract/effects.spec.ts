import { expect, test } from '@playwright/test';
import { diff, predict, unchangedFrame, type ActionInput, type ActionKind, type ActionResponse, type SeenEvent, type Snapshot, type Subject } from '../../src/contract/effects';

/** The effect model on hand-made states: a correct "after" has no findings; each kind of unasked change is one. */

const T0 = Date.parse('2026-01-01T10:00:00Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();
const window = { from: T0, to: T0 + 2000 };
const input = (body?: unknown, extra: Partial<ActionInput> = {}): ActionInput => ({ body, window, closeAtToleranceMs: 4000, ...extra });
const ok: ActionResponse = { status: 200, contentType: 'application/json; charset=utf-8', body: {}, date: T0 + 1000 };

const subject: Subject = { jobId: 'j1', workerId: 'w1', offerId: 'o1', assignmentId: 'a1' };

function job(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'j1', status: 'assigned', channelId: 'voice', channelReference: 'ref', queueId: 'q1', priority: 3, labels: { tier: 'gold' }, tags: { t: 'x' },
    enqueuedAt: at(-9000), notes: [{ message: 'first', addedAt: at(-8000) }], requestedWorkerSelectors: [], attachedWorkerSelectors: [],
    assignments: { a1: { assignmentId: 'a1', workerId: 'w1', assignedAt: at(-5000) } }, matchingMode: { kind: 'queueAndMatch' }, etag: '"1"', vendorExtra: 1, ...extra,
  };
}

function worker(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'w1', state: 'active', capacity: 10, queues: ['q1'], labels: {}, tags: {}, channels: [{ channelId: 'voice', capacityCostPerJob: 1 }],
    offers: [{ offerId: 'o9', jobId: 'j9', capacityCost: 1, offeredAt: at(-3000), expiresAt: at(300_000) }],
    assignedJobs: [{ assignmentId: 'a1', jobId: 'j1', capacityCost: 1, assignedAt: at(-5000) }], loadRatio: 0.2, availableForOffers: true, etag: '"w1"', ...extra,
  };
}

const snap = (j: unknown, w: unknown, events?: SeenEvent[]): Snapshot => ({ job: j, worker: w, events, date: T0 + 1000 });
const event = (name: string, data: Record<string, unknown>): SeenEvent => ({ id: `${name}-${String(data['jobId'])}`, name, subject: '', time: T0 + 500, data });
const jobData = { jobId: 'j1', channelId: 'voice', channelReference: 'ref', queueId: 'q1', labels: { tier: 'gold' }, tags: { t: 'x' } };

function findings(action: ActionKind, before: Snapshot, after: Snapshot, sent?: unknown, res: ActionResponse = ok, extra: Partial<ActionInput> = {}): string[] {
  const prediction = predict(action, subject, before, input(sent, extra), res);
  return diff(prediction, before, after, res).map((f) => f.path);
}

const closedJob = (extra: Record<string, unknown> = {}) => job({
  status: 'closed', dispositionCode: 'Done', etag: '"2"', vendorExtra: 2,
  notes: [{ message: 'first', addedAt: at(-8000) }, { message: 'bye', addedAt: at(500) }],
  assignments: { a1: { assignmentId: 'a1', workerId: 'w1', assignedAt: at(-5000), closedAt: at(500) } }, ...extra,
});
const released = worker({ assignedJobs: [], loadRatio: 0.1, etag: '"w2"' });

test.describe('effect model', () => {
  test('a close that does exactly what the page says has no findings; etag and unknown properties may change', () => {
    const after = snap(closedJob(), released, [event('RouterJobClosed', { ...jobData, assignmentId: 'a1', workerId: 'w1', dispositionCode: 'Done' })]);
    expect(findings('close', snap(job(), worker(), []), after, { dispositionCode: 'Done', note: 'bye' })).toEqual([]);
  });

  test('a close that also clears labels, drops an earlier addedAt or keeps the capacity is caught, every finding at once', () => {
    const bad = closedJob({ labels: {}, notes: [{ message: 'first' }, { message: 'bye', addedAt: at(500) }] });
    const after = snap(bad, worker({ loadRatio: 0.2 }), undefined);
    expect(findings('close', snap(job(), worker(), undefined), after, { dispositionCode: 'Done', note: 'bye' }).sort())
      .toEqual(['job.labels.tier', 'job.notes.0.addedAt', 'worker.assignedJobs.a1'].sort());
  });

  test('a re-spelled instant is no change', () => {
    const respelled = closedJob({ enqueuedAt: at(-9000).replace('Z', '+00:00') });
    expect(findings('close', snap(job(), worker(), undefined), snap(respelled, released, undefined), { dispositionCode: 'Done', note: 'bye' })).toEqual([]);
  });

  test('complete that stamps closedAt, or accept that changes the priority, breaks the frame', () => {
    const completed = job({ status: 'completed', etag: '"2"', assignments: { a1: { assignmentId: 'a1', workerId: 'w1', assignedAt: at(-5000), completedAt: at(100), closedAt: at(100) } } });
    expect(findings('complete', snap(job(), worker(), undefined), snap(completed, worker(), undefined), {})).toEqual(['job.assignments.a1.closedAt']);
    const offered = job({ status: 'queued', assignments: {} });
    const offeredWorker = worker({ offers: [...(worker()['offers'] as unknown[]), { offerId: 'o1', jobId: 'j1', capacityCost: 1, offeredAt: at(-1000), expiresAt: at(300_000) }], assignedJobs: [], loadRatio: 0.2 });
    const accepted = { status: 200, contentType: 'application/json', body: { assignmentId: 'a2', jobId: 'j1', workerId: 'w1' }, date: T0 + 1000 };
    const assignedJob = job({ priority: 9, etag: '"2"', assignments: { a2: { assignmentId: 'a2', workerId: 'w1', assignedAt: at(100) } } });
    const holding = worker({ assignedJobs: [{ assignmentId: 'a2', jobId: 'j1', capacityCost: 1, assignedAt: at(100) }], loadRatio: 0.2, etag: '"w2"' });
    expect(findings('accept', snap(offered, offeredWorker, undefined), snap(assignedJob, holding, undefined), undefined, accepted)).toEqual(['job.priority']);
  });

  test('decline that also removes another offer is caught; a new offer of another job is not', () => {
    const before = worker({ offers: [...(worker()['offers'] as unknown[]), { offerId: 'o1', jobId: 'j1', capacityCost: 1, offeredAt: at(-1000), expiresAt: at(300_000) }], loadRatio: 0.3 });
    const queued = job({ status: 'queued', assignments: {} });
    const lost = worker({ offers: [], loadRatio: 0.1, etag: '"w2"' });
    expect(findings('decline', snap(queued, before, undefined), snap(queued, lost, undefined), {})).toEqual(['worker.offers.o9']);
    const newOffer = worker({ offers: [...(worker()['offers'] as unknown[]), { offerId: 'o7', jobId: 'j7', capacityCost: 1, offeredAt: at(900), expiresAt: at(300_000) }], loadRatio: 0.3, etag: '"w3"' });
    expect(findings('decline', snap(queued, before, undefined), snap(queued, newOffer, undefined), {})).toEqual([]);
  });

  test('an event with the wrong queueId or dispositionCode, and an event that must not come, are findings', () => {
    const queued = job({ status: 'queued', assignments: {} });
    const cancelled = job({ status: 'cancelled', dispositionCode: 'Cancelled', assignments: {}, etag: '"3"' });
    const w = worker({ assignedJobs: [], loadRatio: 0.1 });
    const events = [event('RouterJobCancelled', { ...jobData, queueId: 'elsewhere', dispositionCode: 'Nope', note: '' }), event('RouterJobClosed', { ...jobData })];
    expect(findings('cancel', snap(queued, w, []), snap(cancelled, w, events), {}).sort()).toEqual([
      'event RouterJobCancelled(jobId=j1).data.dispositionCode', 'event RouterJobCancelled(jobId=j1).data.queueId', 'event RouterJobClosed(jobId=j1)',
    ]);
  });

  test('an invalid body is predicted refused: a 200 and any change are findings', () => {
    const queued = job({ status: 'queued', assignments: {} });
    const w = worker({ assignedJobs: [], loadRatio: 0.1 });
    const prediction = predict('cancel', subject, snap(queued, w), input({ dispositionCode: 5 }), ok);
    expect(prediction.outcome).toBe('refused');
    expect(findings('cancel', snap(queued, w), snap(job({ status: 'cancelled', assignments: {}, etag: '"2"' }), w), { dispositionCode: 5 })).toEqual(['response.status', 'job.status']);
  });

  test('a deferred close is due at closeAt, never before, at most the tolerance after; pending, nothing is closed yet', () => {
    const closeAt = T0 + 3000;
    const body = { closeAt: new Date(closeAt).toISOString() };
    const closedAtAt = (ms: number) => closedJob({ dispositionCode: 'Closed', notes: [{ message: 'first', addedAt: at(-8000) }], assignments: { a1: { assignmentId: 'a1', workerId: 'w1', assignedAt: at(-5000), closedAt: at(ms) } } });
    const before = snap(job(), worker());
    expect(findings('close', before, snap(closedAtAt(3000), released), body)).toEqual([]);
    expect(findings('close', before, snap(closedAtAt(2999), released), body)).toEqual(['job.assignments.a1.closedAt']);
    expect(findings('close', before, snap(closedAtAt(7001), released), body)).toEqual(['job.assignments.a1.closedAt']);
    expect(findings('close', before, snap(job({ etag: '"9"' }), worker()), body, ok, { phase: 'pending' })).toEqual([]);
    expect(findings('close', before, snap(closedAtAt(1000), released), body, ok, { phase: 'pending' }).length).toBeGreaterThan(0);
  });

  test('loadRatio must fit the offers and assignments the worker lists', () => {
    const after = snap(closedJob(), worker({ assignedJobs: [], loadRatio: 0.2, etag: '"w2"' }));
    expect(findings('close', snap(job(), worker()), after, { dispositionCode: 'Done', note: 'bye' })).toEqual(['worker.loadRatio']);
  });

  test('a refused action must leave everything; a delete leaves a 404 and the worker as it was', () => {
    const before = snap(job(), worker());
    expect(diff(unchangedFrame('close', subject, before), before, snap(job({ etag: '"5"' }), worker()))).toEqual([]);
    expect(diff(unchangedFrame('close', subject, before), before, snap(job({ tags: {}, etag: '"5"' }), worker())).map((f) => f.path)).toEqual(['job.tags.t']);
    const gone: ActionResponse = { status: 204, body: undefined, date: T0 + 1000 };
    expect(findings('delete', snap(closedJob(), released), snap(null, released), undefined, gone)).toEqual([]);
    expect(findings('delete', snap(closedJob(), released), snap(closedJob(), released), undefined, gone)).toEqual(['job']);
  });

  test('an entity tag kept across a change is a finding; a new tag without a change, or a tag kept by an unchanged resource, is not', () => {
    const before = snap(job(), worker());
    const kept = (after: Snapshot): string[] => diff(unchangedFrame('close', subject, before), before, after).map((f) => f.path).sort();
    expect(kept(snap(job({ tags: {} }), worker()))).toEqual(['job.etag', 'job.tags.t']);
    expect(kept(snap(job(), worker({ queues: ['q2'] })))).toEqual(['worker.etag', 'worker.queues.0']);
    expect(kept(snap(job({ etag: '"7"' }), worker({ etag: '"w7"' })))).toEqual([]);
    expect(kept(snap(job(), worker()))).toEqual([]);
  });

  test('an event that lost its key is found by its subject and judged, not taken as not sent', () => {
    const queued = job({ status: 'queued', assignments: {} });
    const cancelled = job({ status: 'cancelled', dispositionCode: 'Cancelled', assignments: {}, etag: '"3"' });
    const w = worker({ assignedJobs: [], loadRatio: 0.1 });
    const keyless: SeenEvent = { id: 'e1', name: 'RouterJobCancelled', subject: 'job/j1/channel/voice', time: T0 + 500, data: { ...jobData, jobId: undefined, dispositionCode: 'Cancelled', note: '' } };
    const found = diff(predict('cancel', subject, snap(queued, w, []), input({}), ok), snap(queued, w, []), snap(cancelled, w, [keyless]), ok);
    expect(found.map((f) => f.path)).toEqual(['event RouterJobCancelled(jobId=j1).data.jobId']);
    expect(found.some((f) => f.missing)).toBe(false);
  });
});

