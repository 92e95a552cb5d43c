import { expect, test } from '@playwright/test';
import { closeJob, completeJob, unassignJob } from '../src/domain/jobs/assignments';
import { deletePolicy, deleteQueue } from '../src/domain/admin/admin';
import { iso } from '../src/domain/kernel/clock';
import { cancelJob, deleteJob, jobPosition } from '../src/domain/jobs/jobs';
import { acceptOffer, declineOffer } from '../src/domain/offers/offers';
import { jobView, workerView } from '../src/domain/routing/views';
import { loadRatio } from '../src/domain/workers/workers';
import { routerWith, value } from './domain-fixture';

function assigned(r: ReturnType<typeof routerWith>, capacity = 1) {
  r.worker('w', capacity);
  r.job('j');
  const offer = r.offersOf('w')[0];
  if (!offer) throw new Error('no offer');
  return value(acceptOffer(r.ctx, 'w', offer.offerId));
}

test.describe('domain', () => {
  test('a queued job is offered to a matching worker and the offer counts toward load', () => {
    const r = routerWith();
    r.worker('w', 2);
    const job = r.job('j');
    expect(job.status).toBe('queued');
    const offers = r.offersOf('w');
    expect(offers).toHaveLength(1);
    expect(offers[0]?.expiresAt).toBe(r.clock.now() + 30_000);
    expect(loadRatio(r.ctx.store.workers.get('w')!)).toBe(0.5);
  });

  test('accept assigns the job, removes the offer and a second accept answers 404', () => {
    const r = routerWith();
    r.worker('w');
    r.job('j');
    const offerId = r.offersOf('w')[0]!.offerId;
    const result = value(acceptOffer(r.ctx, 'w', offerId));
    expect(result).toEqual({ assignmentId: expect.any(String), jobId: 'j', workerId: 'w' });
    expect(r.ctx.store.jobs.get('j')?.status).toBe('assigned');
    expect(r.offersOf('w')).toHaveLength(0);
    const again = acceptOffer(r.ctx, 'w', offerId);
    expect(again.ok ? 200 : again.error.status).toBe(404);
  });

  test('accepting an offer whose job another worker won answers 409', () => {
    const r = routerWith({ mode: { kind: 'longestIdle', minConcurrentOffers: 1, maxConcurrentOffers: 2 } });
    r.worker('a');
    r.worker('b');
    r.job('j');
    const a = r.offersOf('a')[0]!;
    const b = r.offersOf('b')[0]!;
    value(acceptOffer(r.ctx, 'a', a.offerId));
    const lost = acceptOffer(r.ctx, 'b', b.offerId);
    expect(lost.ok ? 200 : lost.error.status).toBe(409);
  });

  test('of many accepts of one offer exactly one wins', () => {
    const r = routerWith();
    r.worker('w');
    r.job('j');
    const offerId = r.offersOf('w')[0]!.offerId;
    const wins = Array.from({ length: 50 }, () => acceptOffer(r.ctx, 'w', offerId)).filter((x) => x.ok);
    expect(wins).toHaveLength(1);
  });

  test('offers expire after offerExpiresAfterSeconds and the job is offered again', () => {
    const r = routerWith({ expirySeconds: 10 });
    r.worker('w');
    r.job('j');
    const first = r.offersOf('w')[0]!.offerId;
    r.advance(9_999);
    expect(r.offersOf('w')[0]?.offerId).toBe(first);
    r.advance(1);
    const after = r.offersOf('w');
    expect(after).toHaveLength(1);
    expect(after[0]?.offerId).not.toBe(first);
  });

  test('decline without retryOfferAt never offers the job to that worker again', () => {
    const r = routerWith();
    r.worker('w');
    r.job('j');
    value(declineOffer(r.ctx, 'w', r.offersOf('w')[0]!.offerId, undefined));
    r.advance(3_600_000);
    expect(r.offersOf('w')).toHaveLength(0);
  });

  test('decline with retryOfferAt offers the job again from that time', () => {
    const r = routerWith();
    r.worker('w');
    r.job('j');
    value(declineOffer(r.ctx, 'w', r.offersOf('w')[0]!.offerId, r.clock.now() + 5_000));
    r.advance(4_999);
    expect(r.offersOf('w')).toHaveLength(0);
    r.advance(1);
    expect(r.offersOf('w')).toHaveLength(1);
  });

  test('roundRobin rotates offers across workers; longestIdle prefers the longest idle', () => {
    const rr = routerWith({ mode: { kind: 'roundRobin' } });
    rr.worker('a', 5);
    rr.worker('b', 5);
    rr.job('j1');
    rr.domain.tick();
    rr.job('j2');
    rr.domain.tick();
    expect(rr.offersOf('a').map((o) => o.jobId)).toEqual(['j1']);
    expect(rr.offersOf('b').map((o) => o.jobId)).toEqual(['j2']);
    const li = routerWith();
    li.worker('a', 5);
    li.advance(1000);
    li.worker('b', 5);
    li.job('j1');
    li.job('j2');
    expect(li.offersOf('a').map((o) => o.jobId)).toEqual(['j1', 'j2']);
    expect(li.offersOf('b')).toHaveLength(0);
  });

  test('maxNumberOfJobs and capacity bound the offers a worker holds', () => {
    const r = routerWith();
    r.worker('w', 10, { channels: [{ channelId: 'voice', capacityCostPerJob: 1, maxNumberOfJobs: 2 }] });
    r.job('j1');
    r.job('j2');
    r.job('j3');
    expect(r.offersOf('w')).toHaveLength(2);
    const small = routerWith();
    small.worker('w', 3, { channels: [{ channelId: 'voice', capacityCostPerJob: 2 }] });
    small.job('j1');
    small.job('j2');
    expect(small.offersOf('w')).toHaveLength(1);
  });

  test('close without closeAt releases capacity at once, closes the job and defaults dispositionCode to Closed', () => {
    const r = routerWith();
    const a = assigned(r);
    value(closeJob(r.ctx, 'j', a.assignmentId, {}));
    const job = r.ctx.store.jobs.get('j')!;
    expect(job.status).toBe('closed');
    expect(job.dispositionCode).toBe('Closed');
    expect(job.assignments.get(a.assignmentId)?.closedAt).toBe(r.clock.now());
    expect(workerView(r.ctx, r.ctx.store.workers.get('w')!)).toMatchObject({ assignedJobs: [], loadRatio: 0 });
  });

  test('a future closeAt holds capacity until then, then releases it and closes the job', () => {
    const r = routerWith();
    const a = assigned(r);
    const closeAt = r.clock.now() + 4_000;
    value(closeJob(r.ctx, 'j', a.assignmentId, { closeAt, dispositionCode: 'Done' }));
    r.advance(3_999);
    expect(workerView(r.ctx, r.ctx.store.workers.get('w')!)).toMatchObject({ assignedJobs: [{ assignmentId: a.assignmentId }], loadRatio: 1 });
    expect(r.ctx.store.jobs.get('j')?.status).toBe('assigned');
    r.advance(1);
    expect(workerView(r.ctx, r.ctx.store.workers.get('w')!)).toMatchObject({ assignedJobs: [], loadRatio: 0 });
    const job = jobView(r.ctx, r.ctx.store.jobs.get('j')!);
    expect(job).toMatchObject({ status: 'closed', dispositionCode: 'Done', assignments: { [a.assignmentId]: { closedAt: iso(closeAt) } } });
  });

  test('a past closeAt acts at once', () => {
    const r = routerWith();
    const a = assigned(r);
    value(closeJob(r.ctx, 'j', a.assignmentId, { closeAt: Date.parse('0001-01-01T00:00:00Z') }));
    expect(r.ctx.store.jobs.get('j')?.status).toBe('closed');
    expect(r.ctx.store.workers.get('w')?.held.size).toBe(0);
  });

  test('complete sets completedAt; notes on complete, close and cancel carry the clock time', () => {
    const r = routerWith();
    const a = assigned(r);
    r.advance(1000);
    value(completeJob(r.ctx, 'j', a.assignmentId, 'done'));
    const completedAt = r.clock.now();
    r.advance(1000);
    value(closeJob(r.ctx, 'j', a.assignmentId, { note: 'closing' }));
    const job = jobView(r.ctx, r.ctx.store.jobs.get('j')!);
    expect(job['notes']).toEqual([{ message: 'done', addedAt: iso(completedAt) }, { message: 'closing', addedAt: iso(r.clock.now()) }]);
    expect(job).toMatchObject({ assignments: { [a.assignmentId]: { completedAt: iso(completedAt) } } });
  });

  test('cancel defaults dispositionCode to Cancelled, revokes offers and releases capacity', () => {
    const r = routerWith();
    r.worker('w');
    r.job('j');
    expect(r.offersOf('w')).toHaveLength(1);
    value(cancelJob(r.ctx, 'j', { note: 'bye' }));
    const job = r.ctx.store.jobs.get('j')!;
    expect(job.status).toBe('cancelled');
    expect(job.dispositionCode).toBe('Cancelled');
    expect(job.notes).toEqual([{ message: 'bye', addedAt: r.clock.now() }]);
    expect(r.offersOf('w')).toHaveLength(0);
    const r2 = routerWith();
    assigned(r2);
    value(cancelJob(r2.ctx, 'j', { dispositionCode: 'Gone' }));
    expect(r2.ctx.store.jobs.get('j')?.dispositionCode).toBe('Gone');
    expect(loadRatio(r2.ctx.store.workers.get('w')!)).toBe(0);
  });

  test('only closed or cancelled jobs are deleted; in-use queues and policies are refused', () => {
    const r = routerWith();
    const a = assigned(r);
    const position = jobPosition(r.ctx, 'j');
    expect(position.ok ? 200 : position.error.status).toBe(400);
    const active = deleteJob(r.ctx, 'j');
    expect(active.ok ? 204 : active.error.status).toBe(409);
    const policy = deletePolicy(r.ctx, 'p');
    expect(policy.ok ? 204 : policy.error.status).toBe(400);
    const queue = deleteQueue(r.ctx, 'q');
    expect(queue.ok ? 204 : queue.error.message).toContain('There is active job with this queue');
    value(closeJob(r.ctx, 'j', a.assignmentId, {}));
    value(deleteJob(r.ctx, 'j'));
    expect(r.ctx.store.jobs.has('j')).toBe(false);
  });

  test('queue position orders by priority, then arrival', () => {
    const r = routerWith();
    r.job('low');
    r.job('high', { priority: 5 });
    expect(value(jobPosition(r.ctx, 'low'))).toMatchObject({ position: 2, queueLength: 2, queueId: 'q' });
    expect(value(jobPosition(r.ctx, 'high'))).toMatchObject({ position: 1 });
  });

  test('unassign puts the job back in the queue and it is offered again', () => {
    const r = routerWith();
    const a = assigned(r);
    expect(value(unassignJob(r.ctx, 'j', a.assignmentId, false))).toEqual({ jobId: 'j', unassignmentCount: 1 });
    expect(r.ctx.store.jobs.get('j')?.status).toBe('queued');
    expect(r.offersOf('w')).toHaveLength(1);
  });

  test('offer-delay holds offers back for 1.5 s after the job is queued', () => {
    const r = routerWith({ faults: ['offer-delay'] });
    r.worker('w');
    r.job('j');
    expect(r.offersOf('w')).toHaveLength(0);
    r.advance(1_500);
    expect(r.offersOf('w')).toHaveLength(1);
  });

  test('matching 2,000 jobs to 200 workers stays fast', () => {
    const r = routerWith();
    for (let i = 0; i < 200; i++) r.worker(`w${i}`, 2);
    for (let i = 0; i < 2000; i++) r.job(`j${i}`);
    const started = performance.now();
    r.domain.tick();
    expect(r.ctx.store.offers.size).toBe(400);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
