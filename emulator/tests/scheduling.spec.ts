import { expect, test } from '@playwright/test';
import type { RouterEvent } from '../src/domain';
import { iso } from '../src/domain/kernel/clock';
import { upsertJob } from '../src/domain/jobs/jobs';
import { jobView } from '../src/domain/routing/views';
import { routerWith, value } from './domain-fixture';

/** Scheduled and suspended jobs on the fake clock: ScheduleAndSuspendMode, SuspendMode and activation by PATCH. */
const named = (events: readonly RouterEvent[], name: string): RouterEvent[] => events.filter((e) => e.name === name);

function scheduledRouter(inMs: number, extra = {}) {
  const r = routerWith();
  r.worker('w');
  const scheduleAt = iso(r.clock.now() + inMs);
  const job = r.job('j', { matchingMode: { kind: 'scheduleAndSuspend', scheduleAt }, ...extra });
  return { r, job, scheduleAt };
}

test.describe('scheduled jobs', () => {
  test('scheduleAndSuspend: pendingSchedule, then scheduled, then waitingForActivation at scheduleAt with its event', () => {
    const { r, job, scheduleAt } = scheduledRouter(60_000);
    expect(job.status).toBe('pendingSchedule');
    r.domain.tick();
    expect(job.status).toBe('scheduled');
    expect(jobView(r.ctx, job)).toMatchObject({ scheduledAt: scheduleAt, matchingMode: { kind: 'scheduleAndSuspend', scheduleAt } });
    r.domain.drain();
    r.advance(59_999);
    expect(job.status).toBe('scheduled');
    r.advance(1);
    expect(job.status).toBe('waitingForActivation');
    const events = r.domain.drain();
    expect(events.map((e) => e.name)).toEqual(['RouterJobWaitingForActivation']);
    expect(events[0]?.data).toMatchObject({ jobId: 'j', scheduledOn: scheduleAt, unavailableForMatching: true, expiredRequestedWorkerSelectors: [], expiredAttachedWorkerSelectors: [] });
    // Matching does not start on its own (the mode's description).
    r.advance(600_000);
    expect(r.offersOf('w')).toHaveLength(0);
    expect(job.enqueuedAt).toBeUndefined();
  });

  test('activation: a PATCH to queueAndMatch queues the job (RouterJobQueued, enqueuedAt) and it is offered', () => {
    const { r, job } = scheduledRouter(1_000);
    r.advance(1_000);
    r.domain.drain();
    value(upsertJob(r.ctx, 'j', { matchingMode: { kind: 'queueAndMatch' }, priority: 100 }));
    expect(job.status).toBe('queued');
    expect(job.enqueuedAt).toBe(r.clock.now());
    expect(named(r.domain.drain(), 'RouterJobQueued')).toHaveLength(1);
    expect(r.offersOf('w')).toHaveLength(1);
    expect(jobView(r.ctx, job)).toMatchObject({ matchingMode: { kind: 'queueAndMatch' } });
    expect(jobView(r.ctx, job)['scheduledAt']).toBeUndefined();
  });

  test('a scheduleAt in the past has arrived already: waitingForActivation on the first tick', () => {
    const { r, job } = scheduledRouter(-3_600_000);
    r.domain.tick();
    expect(job.status).toBe('waitingForActivation');
    expect(named(r.domain.drain(), 'RouterJobWaitingForActivation')).toHaveLength(1);
  });

  test('scheduleAt is required, and is echoed cut to whole seconds', () => {
    const r = routerWith();
    const missing = upsertJob(r.ctx, 'j', { channelId: 'voice', queueId: 'q', matchingMode: { kind: 'scheduleAndSuspend' } });
    expect(missing.ok ? 200 : missing.error.status).toBe(400);
    const job = r.job('k', { matchingMode: { kind: 'scheduleAndSuspend', scheduleAt: '2040-01-01T01:01:01.000000001Z' } });
    expect(jobView(r.ctx, job)).toMatchObject({ scheduledAt: '2040-01-01T01:01:01.000Z', matchingMode: { scheduleAt: '2040-01-01T01:01:01.000Z' } });
  });

  test('RouterJobReceived of a scheduled job says it is unavailable for matching and when it is due', () => {
    const { r, scheduleAt } = scheduledRouter(60_000);
    const received = named(r.domain.drain(), 'RouterJobReceived')[0];
    expect(received?.data).toMatchObject({ jobStatus: 'PendingSchedule', unavailableForMatching: true, scheduledOn: scheduleAt });
  });

  test('a job whose queue does not exist fails scheduling with RouterJobSchedulingFailed', () => {
    const r = routerWith();
    const job = r.job('j', { queueId: 'nowhere', matchingMode: { kind: 'scheduleAndSuspend', scheduleAt: iso(r.clock.now() + 1_000) } });
    r.domain.tick();
    expect(job.status).toBe('scheduleFailed');
    const failed = named(r.domain.drain(), 'RouterJobSchedulingFailed')[0];
    expect(failed?.data).toMatchObject({ jobId: 'j', queueId: 'nowhere', failureReason: expect.stringContaining('nowhere') });
    r.advance(5_000);
    expect(job.status).toBe('scheduleFailed');
  });

  test('a PATCH that does not name matchingMode, or sends the same schedule again, leaves a waiting job waiting', () => {
    const { r, job, scheduleAt } = scheduledRouter(1_000);
    r.advance(1_000);
    r.domain.drain();
    value(upsertJob(r.ctx, 'j', { labels: { x: 1 } }));
    value(upsertJob(r.ctx, 'j', { matchingMode: { kind: 'scheduleAndSuspend', scheduleAt } }));
    r.advance(1_000);
    expect(job.status).toBe('waitingForActivation');
    expect(r.domain.drain().map((e) => e.name)).toEqual([]);
  });

  test('a new scheduleAt schedules the job again', () => {
    const { r, job } = scheduledRouter(1_000);
    r.advance(1_000);
    value(upsertJob(r.ctx, 'j', { matchingMode: { kind: 'scheduleAndSuspend', scheduleAt: iso(r.clock.now() + 30_000) } }));
    expect(job.status).toBe('pendingSchedule');
    r.advance(29_000);
    expect(job.status).toBe('scheduled');
    r.advance(1_000);
    expect(job.status).toBe('waitingForActivation');
  });
});

test.describe('suspended jobs', () => {
  test('suspend waits for activation at once; queueAndMatch activates it', () => {
    const r = routerWith();
    r.worker('w');
    const job = r.job('j', { matchingMode: { kind: 'suspend' } });
    expect(job.status).toBe('waitingForActivation');
    expect(named(r.domain.drain(), 'RouterJobWaitingForActivation')[0]?.data).toMatchObject({ unavailableForMatching: true });
    expect(r.offersOf('w')).toHaveLength(0);
    value(upsertJob(r.ctx, 'j', { matchingMode: { kind: 'queueAndMatch' } }));
    expect(job.status).toBe('queued');
    expect(r.offersOf('w')).toHaveLength(1);
  });

  test('suspending a queued job takes its offers back', () => {
    const r = routerWith();
    r.worker('w');
    const job = r.job('j');
    expect(r.offersOf('w')).toHaveLength(1);
    r.domain.drain();
    value(upsertJob(r.ctx, 'j', { matchingMode: { kind: 'suspend' } }));
    expect(job.status).toBe('waitingForActivation');
    expect(r.offersOf('w')).toHaveLength(0);
    expect(r.domain.drain().map((e) => e.name)).toEqual(['RouterWorkerOfferRevoked', 'RouterJobWaitingForActivation']);
  });

  test('offer-delay still holds back a plain queued job (its status relabel is not a schedule)', () => {
    const r = routerWith({ faults: ['offer-delay'] });
    r.worker('w');
    const job = r.job('j');
    expect(r.offersOf('w')).toHaveLength(0);
    expect(job.status).toBe('queued');
    r.advance(1_500);
    expect(r.offersOf('w')).toHaveLength(1);
  });
});
