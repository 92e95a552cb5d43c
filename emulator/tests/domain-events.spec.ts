import { expect, test } from '@playwright/test';
import { closeJob, completeJob, unassignJob } from '../src/domain/jobs/assignments';
import { iso } from '../src/domain/kernel/clock';
import type { RouterEvent } from '../src/domain';
import { cancelJob, deleteJob } from '../src/domain/jobs/jobs';
import { acceptOffer, declineOffer } from '../src/domain/offers/offers';
import { deleteWorker, upsertWorker } from '../src/domain/workers/workers';
import { routerWith, value } from './domain-fixture';

/** The domain's events, on the fake clock: which transition emits what, with which data, at which time. */
const names = (events: readonly RouterEvent[]): string[] => events.map((e) => e.name);

function offered(r: ReturnType<typeof routerWith>) {
  r.worker('w');
  r.job('j', { labels: { tier: 2, lang: 'en' }, tags: { t: 'x' } });
  const offer = r.offersOf('w')[0];
  if (!offer) throw new Error('no offer');
  return offer;
}

test.describe('domain events', () => {
  test('a job is received and queued, the worker registered, the offer issued with the worker\'s offer times', () => {
    const r = routerWith();
    const offer = offered(r);
    const events = r.domain.drain();
    expect(names(events)).toEqual(['RouterWorkerRegistered', 'RouterJobReceived', 'RouterJobQueued', 'RouterWorkerOfferIssued']);
    const received = events[1]!;
    expect(received.subject).toBe('job/j/channel/voice');
    // Labels and tags are string maps in the published data.
    expect(received.data).toMatchObject({ jobId: 'j', channelId: 'voice', queueId: 'q', jobStatus: 'Queued', labels: { tier: '2', lang: 'en' }, tags: { t: 'x' }, unavailableForMatching: false });
    const issued = events[3]!;
    expect(issued.subject).toBe('worker/w/job/j');
    expect(issued.data).toMatchObject({ offerId: offer.offerId, workerId: 'w', jobId: 'j', offeredOn: iso(offer.offeredAt), expiresOn: iso(offer.expiresAt) });
    expect(r.domain.drain()).toEqual([]);
  });

  test('accept, complete and close each emit theirs; the close carries the assignment, worker and disposition', () => {
    const r = routerWith();
    const offer = offered(r);
    r.domain.drain();
    const { assignmentId } = value(acceptOffer(r.ctx, 'w', offer.offerId));
    value(completeJob(r.ctx, 'j', assignmentId, undefined));
    value(closeJob(r.ctx, 'j', assignmentId, { dispositionCode: 'Resolved' }));
    const events = r.domain.drain();
    expect(names(events)).toEqual(['RouterWorkerOfferAccepted', 'RouterJobCompleted', 'RouterJobClosed']);
    expect(events[0]?.data).toMatchObject({ assignmentId, offerId: offer.offerId });
    expect(events[2]?.subject).toBe(`job/j/channel/voice/assignment/${assignmentId}`);
    expect(events[2]?.data).toMatchObject({ jobId: 'j', assignmentId, workerId: 'w', dispositionCode: 'Resolved' });
  });

  test('a future closeAt emits RouterJobClosed at closeAt on the clock, not before', () => {
    const r = routerWith();
    const offer = offered(r);
    const { assignmentId } = value(acceptOffer(r.ctx, 'w', offer.offerId));
    r.domain.drain();
    const closeAt = r.clock.now() + 5000;
    value(closeJob(r.ctx, 'j', assignmentId, { closeAt }));
    r.advance(4999);
    expect(names(r.domain.drain())).toEqual([]);
    r.advance(1);
    const [closed] = r.domain.drain();
    expect(closed?.name).toBe('RouterJobClosed');
    expect(closed?.time).toBe(closeAt);
    expect(closed?.data['dispositionCode']).toBe('Closed');
  });

  test('cancel revokes the offer and carries the default disposition and an empty note; a given one is kept', () => {
    const r = routerWith();
    offered(r);
    r.domain.drain();
    value(cancelJob(r.ctx, 'j', {}));
    const events = r.domain.drain();
    expect(names(events)).toEqual(['RouterWorkerOfferRevoked', 'RouterJobCancelled']);
    expect(events[1]?.data).toMatchObject({ dispositionCode: 'Cancelled', note: '' });
    r.job('k');
    r.domain.drain();
    value(cancelJob(r.ctx, 'k', { dispositionCode: 'Gone', note: 'n' }));
    expect(r.domain.drain().find((e) => e.name === 'RouterJobCancelled')?.data).toMatchObject({ dispositionCode: 'Gone', note: 'n' });
    value(deleteJob(r.ctx, 'k'));
    expect(names(r.domain.drain())).toEqual(['RouterJobDeleted']);
  });

  test('decline and expiry end an offer with their own event', () => {
    const r = routerWith({ expirySeconds: 10 });
    const offer = offered(r);
    r.domain.drain();
    value(declineOffer(r.ctx, 'w', offer.offerId, r.clock.now() + 1000));
    expect(names(r.domain.drain())).toEqual(['RouterWorkerOfferDeclined']);
    r.advance(1000);
    expect(names(r.domain.drain())).toEqual(['RouterWorkerOfferIssued']);
    r.advance(10_000);
    expect(names(r.domain.drain())).toContain('RouterWorkerOfferExpired');
  });

  test('unassign, worker updates, deregistration and deletion', () => {
    const r = routerWith();
    const offer = offered(r);
    const { assignmentId } = value(acceptOffer(r.ctx, 'w', offer.offerId));
    r.domain.drain();
    value(unassignJob(r.ctx, 'j', assignmentId, true));
    expect(names(r.domain.drain())).toEqual(['RouterJobUnassigned', 'RouterJobWaitingForActivation']);
    value(upsertWorker(r.ctx, 'w', { capacity: 3, labels: { a: 1 } }));
    const [updated] = r.domain.drain();
    expect(updated?.name).toBe('RouterWorkerUpdated');
    expect(updated?.data['updatedWorkerProperties']).toEqual(['TotalCapacity', 'Labels']);
    value(upsertWorker(r.ctx, 'w', { availableForOffers: false }));
    expect(names(r.domain.drain())).toEqual(['RouterWorkerDeregistered']);
    value(deleteWorker(r.ctx, 'w'));
    expect(names(r.domain.drain())).toEqual(['RouterWorkerDeleted']);
  });
});
