import { expect, test } from '@playwright/test';
import { manualClock } from '../src/domain/kernel/clock';
import { jobPosition } from '../src/domain/jobs/jobs';
import { acceptOffer } from '../src/domain/offers/offers';
import { queueStatistics } from '../src/domain/jobs/statistics';
import { startEmulator, type RunningEmulator } from '../src';
import { at, clientFor, type Send } from './client';
import { routerWith, value } from './domain-fixture';

/** RouterQueueStatistics and the queue position's estimate, on the fake clock and on the wire. */
test.describe('queue statistics (domain)', () => {
  test('length counts queued jobs; the longest wait is from the oldest enqueuedAt, in minutes', () => {
    const r = routerWith();
    expect(value(queueStatistics(r.ctx, 'q'))).toEqual({ queueId: 'q', length: 0, estimatedWaitTimeMinutes: {}, longestJobWaitTimeMinutes: 0 });
    r.job('a');
    r.advance(90_000);
    r.job('b', { priority: 5 });
    r.advance(30_000);
    expect(value(queueStatistics(r.ctx, 'q'))).toEqual({
      queueId: 'q',
      length: 2,
      // No job of either priority has reached a worker yet: the head-of-line delay, rounded up.
      estimatedWaitTimeMinutes: { '5': 1, '1': 2 },
      longestJobWaitTimeMinutes: 2,
    });
    const missing = queueStatistics(r.ctx, 'nope');
    expect(missing.ok ? 200 : missing.error.status).toBe(404);
  });

  test('once jobs of a priority reached workers, their mean wait is the estimate; the position gives what remains', () => {
    const r = routerWith();
    r.job('first');
    r.job('second');
    r.advance(150_000);
    r.worker('w');
    value(acceptOffer(r.ctx, 'w', r.offersOf('w')[0]!.offerId));
    // "first" waited 2.5 minutes for its worker; "second" has waited 2.5 minutes too.
    expect(value(queueStatistics(r.ctx, 'q'))).toMatchObject({ length: 1, estimatedWaitTimeMinutes: { '1': 3 }, longestJobWaitTimeMinutes: 2.5 });
    expect(value(jobPosition(r.ctx, 'second'))).toEqual({ jobId: 'second', position: 1, queueId: 'q', queueLength: 1, estimatedWaitTimeMinutes: 0 });
    r.job('third');
    r.advance(30_000);
    expect(value(jobPosition(r.ctx, 'third'))).toMatchObject({ position: 2, estimatedWaitTimeMinutes: 2 });
  });
});

test.describe('queue statistics (http)', () => {
  const clock = manualClock(Date.now());
  let emulator: RunningEmulator;
  let send: Send;

  test.beforeAll(async () => {
    emulator = await startEmulator({ clock });
    send = clientFor(emulator.url, emulator.accessKey);
  });
  test.afterAll(async () => emulator.close());

  test('GET statistics answers RouterQueueStatistics without an ETag; unknown queue 404; other methods 405', async () => {
    await send('PATCH', '/routing/distributionPolicies/st-p', { body: { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } } });
    await send('PATCH', '/routing/queues/st-q', { body: { distributionPolicyId: 'st-p' } });
    await send('PATCH', '/routing/jobs/st-j', { body: { channelId: 'voice', queueId: 'st-q', priority: 3 } });
    clock.advance(45_000);
    const answer = await send('GET', '/routing/queues/st-q/statistics');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ queueId: 'st-q', length: 1, estimatedWaitTimeMinutes: { '3': 1 }, longestJobWaitTimeMinutes: 0.75 });
    expect(answer.headers.get('etag')).toBeNull();
    const position = await send('GET', '/routing/jobs/st-j/position');
    expect(position.body).toEqual({ jobId: 'st-j', position: 1, queueId: 'st-q', queueLength: 1, estimatedWaitTimeMinutes: 0 });
    const missing = await send('GET', '/routing/queues/none/statistics');
    expect(missing.status).toBe(404);
    expect(at(missing.body, 'error', 'code')).toBe('NotFound');
    expect((await send('POST', '/routing/queues/st-q/statistics', { body: {} })).status).toBe(405);
  });
});

test.describe('observed error shape: target', () => {
  test('the target is the decoded request path, without the query', async () => {
    const observed = await startEmulator({ errors: 'observed' });
    try {
      const answer = await clientFor(observed.url, observed.accessKey)('GET', '/routing/jobs/caf%C3%A9%20job%2F1?extra=1');
      expect(answer.status).toBe(404);
      expect(at(answer.body, 'communicationError', 'target')).toBe('/routing/jobs/café job/1');
      const undecodable = await clientFor(observed.url, observed.accessKey)('GET', '/routing/jobs/%E0%A4%A');
      expect(at(undecodable.body, 'communicationError', 'target')).toBe('/routing/jobs/%E0%A4%A');
    } finally {
      await observed.close();
    }
  });
});
