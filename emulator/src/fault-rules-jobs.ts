import { errors, fail, ok } from './domain/kernel/errors';
import type { AssignmentState, DomainContext, JobState, JsonObject, OfferState } from './domain/state/model';
import { keepingStatus, type Rule } from './fault-rules';
import type { FaultName } from './faults';

/** The rules of a job's end: what cancel, close, complete and delete (and the notes they add) get wrong. */

const omit = <T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> => {
  const { [key]: _dropped, ...rest } = value;
  return rest;
};

/** Puts an assignment's capacity back on its worker, as if it had never been released. */
function rehold(ctx: DomainContext, assignment: AssignmentState, wasPending: boolean, idleSince: number | undefined): void {
  const worker = ctx.store.workers.get(assignment.workerId);
  assignment.holdsCapacity = true;
  if (wasPending) ctx.store.pendingCloses.add(assignment);
  if (worker) {
    worker.held.set(assignment.assignmentId, assignment);
    if (idleSince !== undefined) worker.idleSince = idleSince;
  }
}

/** Puts offers back on the job and the worker, as if they had never been revoked. */
function restoreOffers(ctx: DomainContext, job: JobState, offers: readonly OfferState[]): void {
  for (const offer of offers) {
    ctx.store.offers.set(offer.offerId, offer);
    job.offers.set(offer.offerId, offer);
    ctx.store.workers.get(offer.workerId)?.offers.set(offer.offerId, offer);
  }
}

/** Notes appended by `run` are rewritten by `rewrite` (which may drop the earlier ones too). */
function rewriteNotes<T>(ctx: DomainContext, jobId: string, run: () => T, rewrite: (notes: JobState['notes'], before: number) => JobState['notes']): T {
  const job = ctx.store.jobs.get(jobId);
  const before = job?.notes.length ?? 0;
  const result = run();
  if (job && job.notes.length > before) job.notes = rewrite(job.notes, before);
  return result;
}

const asciiOnly = (notes: JobState['notes'], before: number): JobState['notes'] =>
  notes.map((n, i) => (i >= before ? { ...n, message: n.message.replace(/[^\x20-\x7E]/g, '?') } : n));
const onlyNew = (notes: JobState['notes'], before: number): JobState['notes'] => notes.slice(before);

/** Notes appended by `run` lose their timestamp. */
function withoutTimestamps<T>(ctx: DomainContext, jobId: string, run: () => T): T {
  const job = ctx.store.jobs.get(jobId);
  const before = job?.notes.length ?? 0;
  const result = run();
  if (job) for (let i = before; i < job.notes.length; i += 1) job.notes[i] = { message: job.notes[i]?.message ?? '' };
  return result;
}

/** Undoes what a close recorded on the job (closedAt, status, disposition) but keeps the capacity it released. */
export function unrecordClose(job: JobState, assignment: AssignmentState, status: JobState['status'], disposition: string | undefined): void {
  delete assignment.closedAt;
  job.status = status;
  job.dispositionCode = disposition;
}

const TIMESTAMP_KEYS = new Set(['enqueuedAt', 'assignedAt', 'completedAt', 'closedAt', 'addedAt']);

function epochTimestamps(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && TIMESTAMP_KEYS.has(key)) return Date.parse(value);
  if (Array.isArray(value)) return value.map((item) => epochTimestamps(item));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, epochTimestamps(v, k)]));
}

export const JOB_RULES: Partial<Record<FaultName, Rule>> = {
  // Notes
  'note-dropped': (next) => ({
    cancelJob: (ctx, id, options) => next.cancelJob(ctx, id, omit(options, 'note')),
    completeJob: (ctx, jobId, assignmentId) => next.completeJob(ctx, jobId, assignmentId, undefined),
    closeJob: (ctx, jobId, assignmentId, options) => next.closeJob(ctx, jobId, assignmentId, omit(options, 'note')),
  }),
  'note-without-timestamp': (next) => ({
    cancelJob: (ctx, id, options) => withoutTimestamps(ctx, id, () => next.cancelJob(ctx, id, options)),
    completeJob: (ctx, jobId, assignmentId, note) => withoutTimestamps(ctx, jobId, () => next.completeJob(ctx, jobId, assignmentId, note)),
    closeJob: (ctx, jobId, assignmentId, options) => withoutTimestamps(ctx, jobId, () => next.closeJob(ctx, jobId, assignmentId, options)),
  }),
  'note-replaces-notes': (next) => ({
    cancelJob: (ctx, id, options) => rewriteNotes(ctx, id, () => next.cancelJob(ctx, id, options), onlyNew),
    completeJob: (ctx, jobId, assignmentId, note) => rewriteNotes(ctx, jobId, () => next.completeJob(ctx, jobId, assignmentId, note), onlyNew),
    closeJob: (ctx, jobId, assignmentId, options) => rewriteNotes(ctx, jobId, () => next.closeJob(ctx, jobId, assignmentId, options), onlyNew),
  }),
  'note-ascii-only': (next) => ({
    cancelJob: (ctx, id, options) => rewriteNotes(ctx, id, () => next.cancelJob(ctx, id, options), asciiOnly),
    completeJob: (ctx, jobId, assignmentId, note) => rewriteNotes(ctx, jobId, () => next.completeJob(ctx, jobId, assignmentId, note), asciiOnly),
    closeJob: (ctx, jobId, assignmentId, options) => rewriteNotes(ctx, jobId, () => next.closeJob(ctx, jobId, assignmentId, options), asciiOnly),
  }),

  // Path parameters
  'close-unknown-job-accepted': (next) => ({
    closeJob: (ctx, jobId, assignmentId, options) => (ctx.store.jobs.has(jobId) ? next.closeJob(ctx, jobId, assignmentId, options) : ok({})),
  }),
  'cancel-unknown-job-accepted': (next) => ({
    cancelJob: (ctx, id, options) => (ctx.store.jobs.has(id) ? next.cancelJob(ctx, id, options) : ok({})),
  }),
  'close-assignment-ignored': (next) => ({
    // The job's latest assignment, whatever id the path names.
    closeJob: (ctx, jobId, assignmentId, options) => {
      const latest = [...(ctx.store.jobs.get(jobId)?.assignments.values() ?? [])].at(-1);
      return next.closeJob(ctx, jobId, latest?.assignmentId ?? assignmentId, options);
    },
  }),

  // Cancel
  'cancel-status-not-set': (next) => ({
    cancelJob: (ctx, id, options) => keepingStatus(ctx.store.jobs.get(id), () => next.cancelJob(ctx, id, options)),
  }),
  'cancel-default-disposition-missing': (next) => ({
    cancelJob: (ctx, id, options) => {
      const result = next.cancelJob(ctx, id, options);
      const job = ctx.store.jobs.get(id);
      if (result.ok && job && options.dispositionCode === undefined) job.dispositionCode = undefined;
      return result;
    },
  }),
  'cancel-disposition-ignored': (next) => ({
    cancelJob: (ctx, id, options) => next.cancelJob(ctx, id, { ...options, dispositionCode: 'Cancelled' }),
  }),
  'cancel-keeps-offer': (next) => ({
    cancelJob: (ctx, id, options) => {
      const job = ctx.store.jobs.get(id);
      const offers = [...(job?.offers.values() ?? [])];
      const result = next.cancelJob(ctx, id, options);
      if (result.ok && job) restoreOffers(ctx, job, offers);
      return result;
    },
  }),
  'cancel-keeps-capacity': (next) => ({
    cancelJob: (ctx, id, options) => {
      const held = [...(ctx.store.jobs.get(id)?.assignments.values() ?? [])].filter((a) => a.holdsCapacity);
      const before = held.map((a) => ({ a, pending: ctx.store.pendingCloses.has(a), idleSince: ctx.store.workers.get(a.workerId)?.idleSince }));
      const result = next.cancelJob(ctx, id, options);
      if (result.ok) for (const { a, pending, idleSince } of before) rehold(ctx, a, pending, idleSince);
      return result;
    },
  }),

  // Close
  'close-keeps-capacity': (next) => ({
    // Only a close that takes effect at once keeps the capacity.
    closeJob: (ctx, jobId, assignmentId, options) => {
      const assignment = ctx.store.jobs.get(jobId)?.assignments.get(assignmentId);
      const idleSince = assignment ? ctx.store.workers.get(assignment.workerId)?.idleSince : undefined;
      const immediate = (options.closeAt ?? ctx.clock.now()) <= ctx.clock.now();
      const result = next.closeJob(ctx, jobId, assignmentId, options);
      if (result.ok && immediate && assignment) rehold(ctx, assignment, false, idleSince);
      return result;
    },
  }),
  'close-status-not-set': (next) => ({
    closeJob: (ctx, jobId, assignmentId, options) => {
      const job = ctx.store.jobs.get(jobId);
      const assignment = job?.assignments.get(assignmentId);
      const [status, disposition] = [job?.status, job?.dispositionCode];
      const result = next.closeJob(ctx, jobId, assignmentId, options);
      if (result.ok && job && assignment?.closedAt !== undefined && status !== undefined) unrecordClose(job, assignment, status, disposition);
      return result;
    },
  }),
  'close-requires-complete': (next) => ({
    closeJob: (ctx, jobId, assignmentId, options) => {
      const job = ctx.store.jobs.get(jobId);
      const assignment = job?.assignments.get(assignmentId);
      const open = assignment && assignment.closedAt === undefined && !ctx.store.pendingCloses.has(assignment) && job?.status !== 'closed' && job?.status !== 'cancelled';
      if (open && assignment.completedAt === undefined) {
        return fail(errors.conflict(`The assignment "${assignment.assignmentId}" must be completed before it is closed.`));
      }
      return next.closeJob(ctx, jobId, assignmentId, options);
    },
  }),
  'close-at-ignored': (next) => ({
    closeJob: (ctx, jobId, assignmentId, options) => {
      const now = ctx.clock.now();
      return next.closeJob(ctx, jobId, assignmentId, options.closeAt !== undefined && options.closeAt > now ? { ...options, closeAt: now } : options);
    },
  }),
  'close-at-never-honoured': (next) => ({
    closeJob: (ctx, jobId, assignmentId, options) => {
      const later = options.closeAt !== undefined && options.closeAt > ctx.clock.now();
      return next.closeJob(ctx, jobId, assignmentId, later ? { ...options, closeAt: Number.POSITIVE_INFINITY } : options);
    },
  }),
  'close-at-past-deferred': (next) => ({
    closeJob: (ctx, jobId, assignmentId, options) => {
      const past = options.closeAt !== undefined && options.closeAt <= ctx.clock.now();
      return next.closeJob(ctx, jobId, assignmentId, past ? { ...options, closeAt: Number.POSITIVE_INFINITY } : options);
    },
  }),
  'deferred-close-drops-disposition': (next) => ({
    closeJob: (ctx, jobId, assignmentId, options) => {
      const deferred = options.closeAt !== undefined && options.closeAt > ctx.clock.now();
      return next.closeJob(ctx, jobId, assignmentId, deferred ? omit(options, 'dispositionCode') : options);
    },
  }),
  'close-at-only-after-complete': (next) => ({
    closeJob: (ctx, jobId, assignmentId, options) => {
      const completed = ctx.store.jobs.get(jobId)?.assignments.get(assignmentId)?.completedAt !== undefined;
      return next.closeJob(ctx, jobId, assignmentId, completed ? options : omit(options, 'closeAt'));
    },
  }),
  'close-disposition-ignored': (next) => ({
    closeJob: (ctx, jobId, assignmentId, options) => next.closeJob(ctx, jobId, assignmentId, omit(options, 'dispositionCode')),
  }),

  // Complete and delete
  'complete-status-not-set': (next) => ({
    completeJob: (ctx, jobId, assignmentId, note) => {
      const job = ctx.store.jobs.get(jobId);
      const result = keepingStatus(job, () => next.completeJob(ctx, jobId, assignmentId, note));
      const assignment = job?.assignments.get(assignmentId);
      if (result.ok && assignment) delete assignment.completedAt;
      return result;
    },
  }),
  'delete-keeps-job': (next) => ({
    deleteJob: (ctx, id) => {
      const job = ctx.store.jobs.get(id);
      return job && (job.status === 'closed' || job.status === 'cancelled') ? ok(undefined) : next.deleteJob(ctx, id);
    },
  }),

  // Resource shapes
  'job-timestamps-not-iso': (next) => ({
    jobView: (ctx, job) => epochTimestamps(next.jobView(ctx, job)) as JsonObject,
  }),
};
