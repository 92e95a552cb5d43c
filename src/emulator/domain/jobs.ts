import type { Upserted } from './admin';
import { releaseAssignment } from './assignments';
import { parseDateTime } from './clock';
import { errors, fail, ok, type Result } from './errors';
import { FINISHED_STATUSES, touch, type DomainContext, type JobState, type JobStatus, type JsonObject, type NoteState } from './model';
import { jobCancelled, jobDeleted, jobQueued, jobReceived, jobWaitingForActivation } from './events';
import { addNote } from './notes';
import { revokeOffer } from './offers';
import { checkObject, checkRequired, isJsonObject, mergePatch, RESOURCE_SCHEMAS } from './schema';

/** Jobs: upsert, read, list, delete, cancel and queue position. Assignments live in assignments.ts. */
const WAITING: ReadonlySet<JobStatus> = new Set(['created', 'waitingForActivation', 'scheduled', 'pendingSchedule', 'pendingClassification']);

function matchingKind(doc: JsonObject): string {
  const mode = doc['matchingMode'];
  return isJsonObject(mode) && typeof mode['kind'] === 'string' ? mode['kind'] : 'queueAndMatch';
}

function statusForWaitingJob(doc: JsonObject): JobStatus {
  const kind = matchingKind(doc);
  if (kind === 'suspend') return 'waitingForActivation';
  if (kind === 'scheduleAndSuspend') return 'scheduled';
  if (typeof doc['queueId'] === 'string') return 'queued';
  return typeof doc['classificationPolicyId'] === 'string' ? 'pendingClassification' : 'created';
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
  const problem = checkObject({ ...doc, notes: patchedNotes }, RESOURCE_SCHEMAS.job) ?? checkRequired(patchedNotes, ['message'], 'notes');
  if (problem) return fail(errors.badRequest(problem));
  const job: JobState = existing ?? {
    id, etag: '', lastModified: 0, doc, status: 'created', sequence: ctx.nextSequence(), notes: [], assignments: new Map(),
    declinedBy: new Map(), offers: new Map(), settledOfferIds: [], unassignmentCount: 0, attachedWorkerSelectors: [], exceptionsTriggered: new Set(),
  };
  const previous = existing?.doc;
  job.doc = doc;
  if (patchedNotes !== undefined) job.notes = parseNotes(ctx, patchedNotes);
  if ('dispositionCode' in patch) job.dispositionCode = typeof doc['dispositionCode'] === 'string' ? doc['dispositionCode'] : undefined;
  if (previous && (previous['queueId'] !== doc['queueId'] || previous['channelId'] !== doc['channelId'])) {
    for (const offer of [...job.offers.values()]) revokeOffer(ctx, offer);
  }
  const before = existing ? job.status : undefined;
  if (!existing || WAITING.has(job.status)) {
    job.status = statusForWaitingJob(doc);
    if (job.status === 'queued') job.enqueuedAt ??= ctx.clock.now();
  }
  touch(ctx, job);
  ctx.store.jobs.set(id, job);
  if (!existing) ctx.emit(jobReceived(ctx, job));
  if (job.status !== before && job.status === 'queued') ctx.emit(jobQueued(ctx, job));
  if (job.status !== before && job.status === 'waitingForActivation') ctx.emit(jobWaitingForActivation(ctx, job));
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
  readonly estimatedWaitTimeMinutes: number;
}

/** Queue order: higher priority first, then first come first served. */
export function queueOrder(a: JobState, b: JobState): number {
  return priorityOf(b) - priorityOf(a) || a.sequence - b.sequence;
}

export function priorityOf(job: JobState): number {
  return typeof job.doc['priority'] === 'number' ? job.doc['priority'] : 1;
}

export function jobPosition(ctx: DomainContext, id: string): Result<QueuePosition> {
  const job = ctx.store.jobs.get(id);
  if (!job) return fail(errors.notFound('job', id));
  const queueId = job.doc['queueId'];
  if (job.status !== 'queued' || typeof queueId !== 'string') return fail(errors.badRequest(`The job "${id}" is ${job.status}, not queued.`));
  const queued = [...ctx.store.jobs.values()].filter((j) => j.status === 'queued' && j.doc['queueId'] === queueId).sort(queueOrder);
  return ok({ jobId: id, position: queued.indexOf(job) + 1, queueId, queueLength: queued.length, estimatedWaitTimeMinutes: 0 });
}
