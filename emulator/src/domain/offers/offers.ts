import { errors, fail, ok, type Result } from '../kernel/errors';
import { offerEvent, type OfferEnd } from '../state/events';
import { touch, type AssignmentState, type DomainContext, type JobState, type OfferState, type WorkerState } from '../state/model';

/**
 * Offer lifecycle: created by matching, then accepted, declined, revoked or expired. Each change is a change of the
 * worker (its offers, assignedJobs and loadRatio), so it gets a new etag and lastModified.
 */
export interface AcceptResult {
  readonly assignmentId: string;
  readonly jobId: string;
  readonly workerId: string;
}

export function createOffer(ctx: DomainContext, job: JobState, worker: WorkerState, capacityCost: number, expiresAfterSeconds: number): OfferState {
  const now = ctx.clock.now();
  const offer: OfferState = {
    offerId: ctx.ids.next('offer'),
    jobId: job.id,
    workerId: worker.id,
    capacityCost,
    channelId: String(job.doc['channelId']),
    offeredAt: now,
    expiresAt: now + expiresAfterSeconds * 1000,
  };
  ctx.store.offers.set(offer.offerId, offer);
  job.offers.set(offer.offerId, offer);
  worker.offers.set(offer.offerId, offer);
  touch(ctx, worker);
  ctx.wakeAt(offer.expiresAt);
  ctx.emit(offerEvent(ctx, 'RouterWorkerOfferIssued', offer));
  return offer;
}

/** Takes the offer off its worker and job; the capacity it reserved is free again. `end` is the event it sends (none when accepted). */
export function revokeOffer(ctx: DomainContext, offer: OfferState, end: OfferEnd | null = 'RouterWorkerOfferRevoked'): void {
  if (end !== null && ctx.store.offers.has(offer.offerId)) ctx.emit(offerEvent(ctx, end, offer));
  ctx.store.offers.delete(offer.offerId);
  ctx.store.jobs.get(offer.jobId)?.offers.delete(offer.offerId);
  const worker = ctx.store.workers.get(offer.workerId);
  if (worker?.offers.delete(offer.offerId)) touch(ctx, worker);
  ctx.markDirty();
}

function settle(ctx: DomainContext, job: JobState, offer: OfferState, outcome: 'accepted' | 'taken', assignmentId?: string): void {
  ctx.store.settledOffers.set(offer.offerId, { offer, outcome, ...(assignmentId === undefined ? {} : { assignmentId }) });
  job.settledOfferIds.push(offer.offerId);
}

/** Synchronous from check to commit, so of many simultaneous accepts exactly one wins. */
export function acceptOffer(ctx: DomainContext, workerId: string, offerId: string): Result<AcceptResult> {
  const worker = ctx.store.workers.get(workerId);
  if (!worker) return fail(errors.notFound('worker', workerId));
  const offer = worker.offers.get(offerId);
  if (!offer) return answerForSettled(ctx, workerId, offerId);
  const job = ctx.store.jobs.get(offer.jobId);
  const owner = ctx.store.workers.get(offer.workerId);
  if (!job || !owner) return fail(errors.notFound('offer', offerId));
  const now = ctx.clock.now();
  const assignment: AssignmentState = {
    assignmentId: ctx.ids.next('assignment'),
    jobId: job.id,
    workerId: owner.id,
    capacityCost: offer.capacityCost,
    channelId: offer.channelId,
    assignedAt: now,
    holdsCapacity: true,
  };
  revokeOffer(ctx, offer, null);
  ctx.emit(offerEvent(ctx, 'RouterWorkerOfferAccepted', offer, { assignmentId: assignment.assignmentId }));
  settle(ctx, job, offer, 'accepted', assignment.assignmentId);
  for (const other of [...job.offers.values()]) {
    revokeOffer(ctx, other);
    settle(ctx, job, other, 'taken');
  }
  job.assignments.set(assignment.assignmentId, assignment);
  owner.held.set(assignment.assignmentId, assignment);
  job.status = 'assigned';
  // The job reads differently now (status, a new assignment): a new entity tag, as for every other change.
  touch(ctx, job);
  ctx.markDirty();
  const result: AcceptResult = { assignmentId: assignment.assignmentId, jobId: job.id, workerId: owner.id };
  return ok(result);
}

function answerForSettled(ctx: DomainContext, workerId: string, offerId: string): Result<AcceptResult> {
  const settled = ctx.store.settledOffers.get(offerId);
  const mine = settled && settled.offer.workerId === workerId;
  if (!settled || !mine) return fail(errors.notFound('offer', offerId));
  if (settled.outcome === 'taken') return fail(errors.conflict(`The job "${settled.offer.jobId}" of offer "${offerId}" was already accepted by another worker.`));
  // Production answers an offer that is gone with 404 (observed for decline after accept).
  return fail(errors.notFound('offer', offerId));
}

export function declineOffer(ctx: DomainContext, workerId: string, offerId: string, retryOfferAt: number | undefined): Result<Record<string, never>> {
  const worker = ctx.store.workers.get(workerId);
  const offer = worker?.offers.get(offerId);
  if (!worker || !offer) return fail(errors.notFound('offer', offerId));
  revokeOffer(ctx, offer, 'RouterWorkerOfferDeclined');
  const job = ctx.store.jobs.get(offer.jobId);
  if (job) {
    const retryAt = retryOfferAt ?? Number.POSITIVE_INFINITY;
    job.declinedBy.set(workerId, retryAt);
    if (Number.isFinite(retryAt)) ctx.wakeAt(retryAt);
  }
  return ok({});
}
