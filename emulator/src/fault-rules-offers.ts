import { errors, fail, ok } from './domain/kernel/errors';
import type { DomainContext, JobState, JsonObject } from './domain/state/model';
import { keepingStatus, type Rule } from './fault-rules';
import type { FaultName } from './faults';

/** The rules of offers: what accept and decline get wrong, and the offers a worker's view shows. */

function jobOfOffer(ctx: DomainContext, workerId: string, offerId: string): JobState | undefined {
  const offer = ctx.store.workers.get(workerId)?.offers.get(offerId);
  return offer ? ctx.store.jobs.get(offer.jobId) : undefined;
}

function mapOffers(view: JsonObject, shape: (offer: JsonObject) => JsonObject): JsonObject {
  const offers = Array.isArray(view['offers']) ? view['offers'] : [];
  return { ...view, offers: offers.map((o) => (typeof o === 'object' && o !== null ? shape(o as JsonObject) : o)) };
}

export const OFFER_RULES: Partial<Record<FaultName, Rule>> = {
  // Path parameters
  'accept-worker-ignored': (next) => ({
    // The offer is looked up across all workers, so another worker's id in the path still finds it.
    acceptOffer: (ctx, workerId, offerId) => {
      const owner = ctx.store.offers.get(offerId)?.workerId ?? ctx.store.settledOffers.get(offerId)?.offer.workerId;
      return next.acceptOffer(ctx, ctx.store.workers.has(workerId) && owner !== undefined ? owner : workerId, offerId);
    },
  }),

  // Accept
  'accept-leaves-job-queued': (next) => ({
    acceptOffer: (ctx, workerId, offerId) => keepingStatus(jobOfOffer(ctx, workerId, offerId), () => next.acceptOffer(ctx, workerId, offerId)),
  }),
  'accept-keeps-offer': (next) => ({
    // Forgotten everywhere except on the worker, which keeps listing it.
    acceptOffer: (ctx, workerId, offerId) => {
      const worker = ctx.store.workers.get(workerId);
      const offer = worker?.offers.get(offerId);
      const result = next.acceptOffer(ctx, workerId, offerId);
      if (result.ok && worker && offer) worker.offers.set(offerId, offer);
      return result;
    },
  }),
  'double-accept-wins': (next) => ({
    acceptOffer: (ctx, workerId, offerId) => {
      const result = next.acceptOffer(ctx, workerId, offerId);
      const settled = ctx.store.settledOffers.get(offerId);
      if (result.ok || !settled || settled.outcome !== 'accepted' || settled.assignmentId === undefined || settled.offer.workerId !== workerId) return result;
      return ok({ assignmentId: settled.assignmentId, jobId: settled.offer.jobId, workerId: settled.offer.workerId });
    },
  }),
  'conflict-as-409': (next) => ({
    acceptOffer: (ctx, workerId, offerId) => {
      const result = next.acceptOffer(ctx, workerId, offerId);
      const settled = ctx.store.settledOffers.get(offerId);
      if (result.ok || result.error.status !== 404 || settled?.outcome !== 'accepted' || settled.offer.workerId !== workerId) return result;
      return fail(errors.conflict(`The offer "${offerId}" was already accepted.`));
    },
  }),

  // Decline
  'decline-keeps-offer': (next) => ({
    declineOffer: (ctx, workerId, offerId, retryOfferAt) =>
      ctx.store.workers.get(workerId)?.offers.has(offerId) ? ok({}) : next.declineOffer(ctx, workerId, offerId, retryOfferAt),
  }),
  'retry-offer-at-ignored': (next) => ({
    declineOffer: (ctx, workerId, offerId, retryOfferAt) => next.declineOffer(ctx, workerId, offerId, retryOfferAt === undefined ? undefined : ctx.clock.now()),
  }),
  'retry-offer-at-never': (next) => ({
    declineOffer: (ctx, workerId, offerId) => next.declineOffer(ctx, workerId, offerId, Number.POSITIVE_INFINITY),
  }),

  // Resource shapes
  'offer-missing-fields': (next) => ({
    workerView: (ctx, worker) => mapOffers(next.workerView(ctx, worker), (o) => ({ offerId: o['offerId'], offeredAt: o['offeredAt'], expiresAt: o['expiresAt'] })),
  }),
  'offer-no-expiry': (next) => ({
    workerView: (ctx, worker) => mapOffers(next.workerView(ctx, worker), (o) => ({ offerId: o['offerId'], jobId: o['jobId'], capacityCost: o['capacityCost'] })),
  }),
};
