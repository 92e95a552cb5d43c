import type { Upserted } from '../admin/admin';
import { releaseAssignment } from './assignments';
import { iso, parseDateTime } from '../kernel/clock';
import { errors, fail, ok, type Result } from '../kernel/errors';
import { FINISHED_STATUSES, touch, type DomainContext, type JobState, type JobStatus, type JsonObject, type NoteState } from '../state/model';
import { jobCancelled, jobDeleted, jobQueued, jobReceived, type RouterEvent } from '../state/events';
import { addNote } from './notes';
import { revokeOffer } from '../offers/offers';
import { matchingKind, scheduleAtOf, waitingForActivationEvent } from '../scheduling/scheduling';
import { checkObject, checkRequired, isJsonObject, mergePatch, RESOURCE_SCHEMAS } from '../kernel/schema';
import { jobWaitEstimateMinutes, queuedJobs } from './statistics';

export { priorityOf, queueOrder } from './statistics';

/**
 * Jobs: upsert, read, list, delete, cancel and queue position. Assignments live in assignments.ts.
 * SUSPENDABLE: the statuses a PATCH that names matchingMode moves (activation, suspension, (re)scheduling).
 */
const SUSPENDABLE: ReadonlySet<JobStatus> = new Set(['queued', 'pendingSchedule', 'scheduled', 'scheduleFailed', 'waitingForActivation']);

/** Where a job goes for its matching mode: ScheduleAndSuspendMode starts pendingSchedule (observed, and the how-to). */
function statusForMode(doc: JsonObject): JobStatus {
  const kind = matchingKind(doc);
  if (kind === 'suspend') return 'waitingForActivation';
  if (kind === 'scheduleAndSuspend') return 'pendingSchedule';
  // A job naming a classification policy is classified even when it names a queue too (the .NET priority sample).
  if (typeof doc['classificationPolicyId'] === 'string') return 'pendingClassification';
  return typeof doc['queueId'] === 'string' ? 'queued' : 'created';
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** created/pendingClassification follow every PATCH; the others move only when a PATCH names matchingMode. */
function nextStatus(job: JobState, patch: JsonObject, previous: JsonObject | undefined): JobStatus {
  // A PATCH to a job that could not be classified (labels or policy fixed) tries again.
  if (!previous || job.status === 'created' || job.status === 'pendingClassification' || job.status === 'classificationFailed') return statusForMode(job.doc);
  if (!('matchingMode' in patch) || !SUSPENDABLE.has(job.status)) return job.status;
  const kind = matchingKind(job.doc);
  // Activation; a queued job stays as it is.
  if (kind === 'queueAndMatch') return job.status === 'queued' ? 'queued' : statusForMode(job.doc);
  // The same suspend or schedule sent again (a full-object update) changes nothing.
  if (job.status !== 'queued' && sameJson(previous['matchingMode'], job.doc['matchingMode'])) return job.status;
  return statusForMode(job.doc);
}

/** ScheduleAndSuspendMode requires scheduleAt (the OpenAPI); the schema only knows the kind. */
function matchingModeProblem(doc: JsonObject): string | undefined {
  if (matchingKind(doc) !== 'scheduleAndSuspend' || scheduleAtOf(doc) !== undefined) return undefined;
  return '"matchingMode.scheduleAt" is required for scheduleAndSuspend and must be an RFC 3339 date-time string';
}

/** RouterJobReceived says whether the job can be matched now and, when scheduled, for when. */
function receivedEvent(ctx: DomainContext, job: JobState): RouterEvent {
  const event = jobReceived(ctx, job);
  const kind = matchingKind(job.doc);
  if (kind === 'queueAndMatch') return event;
  const at = scheduleAtOf(job.doc);
  return { ...event, data: { ...event.data, unavailableForMatching: true, ...(kind === 'scheduleAndSuspend' && at !== undefined ? { scheduledOn: iso(at) } : {}) } };
}

function parseNotes(ctx: DomainContext, value: unknown): NoteState[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isJsonObject).map((n) => {
    const addedAt = typeof n['addedAt'] === 'string' ? parseDateTime(n['addedAt']) : undefined;
    return { message: String(n['message']), addedAt: addedAt ?? ctx.clock.now() };
  });
}

export function upsertJob(ctx: DomainContext, id: string, patch: JsonObject): Result<Upserted<JobState>> {
  const existing = ctx.store.jobs.get(id);
  const { notes: patchedNotes, ...rest } = patch;
  const doc = mergePatch(existing?.doc ?? {}, rest);
  const problem = checkObject({ ...doc, notes: patchedNotes }, RESOURCE_SCHEMAS.job) ?? checkRequired(patchedNotes, ['message'], 'notes') ?? matchingModeProblem(doc);
  if (problem) return fail(errors.badRequest(problem));
  const now = ctx.clock.now();
  const job: JobState = existing ?? {
    id, etag: '', lastModified: 0, doc, status: 'created', sequence: ctx.nextSequence(), notes: [], assignments: new Map(),
    declinedBy: new Map(), offers: new Map(), settledOfferIds: [], unassignmentCount: 0, attachedWorkerSelectors: [], exceptionsTriggered: new Set(),
    createdAt: now, expiredSelectors: new Set(),
  };
  const previous = existing?.doc;
  job.doc = doc;
  if (patchedNotes !== undefined) job.notes = parseNotes(ctx, patchedNotes);
  if ('dispositionCode' in patch) job.dispositionCode = typeof doc['dispositionCode'] === 'string' ? doc['dispositionCode'] : undefined;
  const before = existing ? job.status : undefined;
  job.status = nextStatus(job, patch, previous);
  if (job.status === 'queued') job.enqueuedAt ??= now;
  const moved = previous && (previous['queueId'] !== doc['queueId'] || previous['channelId'] !== doc['channelId']);
  if (moved || (before === 'queued' && job.status !== 'queued')) for (const offer of [...job.offers.values()]) revokeOffer(ctx, offer);
  touch(ctx, job);
  ctx.store.jobs.set(id, job);
  if (!existing) ctx.emit(receivedEvent(ctx, job));
  if (job.status !== before && job.status === 'queued') ctx.emit(jobQueued(ctx, job));
  if (job.status !== before && job.status === 'waitingForActivation') ctx.emit(waitingForActivationEvent(ctx, job));
  ctx.markDirty();
  return ok({ created: !existing, entity: job });
}

export function getJob(ctx: DomainContext, id: string): Result<JobState> {
  const found = ctx.store.jobs.get(id);
  return found ? ok(found) : fail(errors.notFound('job', id));
}

export interface JobFilter {
  readonly status?: string;
  readonly queueId?: string;
  readonly channelId?: string;
  readonly classificationPolicyId?: string;
}

export function listJobs(ctx: DomainContext, filter: JobFilter): JobState[] {
  const status = filter.status ?? 'all';
  return [...ctx.store.jobs.values()].filter((job) => {
    if (status === 'active' ? FINISHED_STATUSES.has(job.status) : status !== 'all' && job.status !== status) return false;
    if (filter.queueId !== undefined && job.doc['queueId'] !== filter.queueId) return false;
    if (filter.channelId !== undefined && job.doc['channelId'] !== filter.channelId) return false;
    return filter.classificationPolicyId === undefined || job.doc['classificationPolicyId'] === filter.classificationPolicyId;
  });
}

export function deleteJob(ctx: DomainContext, id: string): Result<void> {
  const job = ctx.store.jobs.get(id);
  if (!job) return fail(errors.notFound('job', id));
  if (!FINISHED_STATUSES.has(job.status)) {
    return fail(errors.conflict(`The job "${id}" is ${job.status}; only closed or cancelled jobs can be deleted.`));
  }
  for (const offerId of job.settledOfferIds) ctx.store.settledOffers.delete(offerId);
  for (const offer of [...job.offers.values()]) revokeOffer(ctx, offer);
  for (const assignment of job.assignments.values()) ctx.store.pendingCloses.delete(assignment);
  ctx.emit(jobDeleted(ctx, job));
  ctx.store.jobs.delete(id);
  return ok(undefined);
}

export interface CancelOptions {
  readonly note?: string;
  readonly dispositionCode?: string;
}

export function cancelJob(ctx: DomainContext, id: string, options: CancelOptions): Result<Record<string, never>> {
  const job = ctx.store.jobs.get(id);
  if (!job) return fail(errors.notFound('job', id));
  if (FINISHED_STATUSES.has(job.status) || job.status === 'completed') {
    return fail(errors.conflict(`The job "${id}" is ${job.status} and can no longer be cancelled.`));
  }
  for (const offer of [...job.offers.values()]) revokeOffer(ctx, offer);
  for (const assignment of job.assignments.values()) if (assignment.holdsCapacity) releaseAssignment(ctx, assignment);
  job.status = 'cancelled';
  job.dispositionCode = options.dispositionCode ?? 'Cancelled';
  addNote(ctx, job, options.note);
  touch(ctx, job);
  ctx.emit(jobCancelled(ctx, job, options.note, job.dispositionCode));
  ctx.markDirty();
  return ok({});
}

export interface QueuePosition {
  readonly jobId: string;
  readonly position: number;
  readonly queueId: string;
  readonly queueLength: number;
  /** The queue statistics' estimate for the job's priority less what it already waited (statistics.ts). */
  readonly estimatedWaitTimeMinutes: number;
}

export function jobPosition(ctx: DomainContext, id: string): Result<QueuePosition> {
  const job = ctx.store.jobs.get(id);
  if (!job) return fail(errors.notFound('job', id));
  const queueId = job.doc['queueId'];
  if (job.status !== 'queued' || typeof queueId !== 'string') return fail(errors.badRequest(`The job "${id}" is ${job.status}, not queued.`));
  const queued = queuedJobs(ctx, queueId);
  const estimatedWaitTimeMinutes = jobWaitEstimateMinutes(ctx, job, ctx.clock.now());
  return ok({ jobId: id, position: queued.indexOf(job) + 1, queueId, queueLength: queued.length, estimatedWaitTimeMinutes });
}
