import type { DomainContext } from './domain/state/model';
import { revokeOffer } from './domain/offers/offers';
import type { Rule } from './fault-rules';
import type { FaultName } from './faults';

/**
 * Frame faults: an action does what its page says and also changes something no sentence mentions. Each is caught only
 * by judging the whole state after the action against the state before (the EFFECT-* requirements), which is why
 * they are kept apart from the catalog's older, single-property faults.
 */

const ok = (result: { readonly ok: boolean }): boolean => result.ok;

export const FRAME_RULES: Partial<Record<FaultName, Rule>> = {
  'cancel-clears-labels': (next) => ({
    cancelJob: (ctx, id, options) => {
      const result = next.cancelJob(ctx, id, options);
      const job = ctx.store.jobs.get(id);
      if (ok(result) && job) job.doc = { ...job.doc, labels: {} };
      return result;
    },
  }),
  'close-drops-note-times': (next) => ({
    closeJob: (ctx, jobId, assignmentId, options) => {
      const job = ctx.store.jobs.get(jobId);
      const earlier = job?.notes.length ?? 0;
      const result = next.closeJob(ctx, jobId, assignmentId, options);
      if (ok(result) && job) job.notes = job.notes.map((n, i) => (i < earlier ? { message: n.message } : n));
      return result;
    },
  }),
  'decline-drops-other-offers': (next) => ({
    declineOffer: (ctx: DomainContext, workerId, offerId, retryOfferAt) => {
      const result = next.declineOffer(ctx, workerId, offerId, retryOfferAt);
      const worker = ctx.store.workers.get(workerId);
      if (ok(result) && worker) for (const other of [...worker.offers.values()]) revokeOffer(ctx, other, null);
      return result;
    },
  }),
  'complete-sets-closed-at': (next) => ({
    completeJob: (ctx, jobId, assignmentId, note) => {
      const result = next.completeJob(ctx, jobId, assignmentId, note);
      const assignment = ctx.store.jobs.get(jobId)?.assignments.get(assignmentId);
      if (ok(result) && assignment) assignment.closedAt = ctx.clock.now();
      return result;
    },
  }),
  'accept-bumps-priority': (next) => ({
    acceptOffer: (ctx, workerId, offerId) => {
      const result = next.acceptOffer(ctx, workerId, offerId);
      const job = result.ok ? ctx.store.jobs.get(result.value.jobId) : undefined;
      if (job) job.doc = { ...job.doc, priority: typeof job.doc['priority'] === 'number' ? job.doc['priority'] + 1 : 2 };
      return result;
    },
  }),
};
