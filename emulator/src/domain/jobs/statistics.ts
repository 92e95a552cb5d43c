import { errors, fail, ok, type Result } from '../kernel/errors';
import type { DomainContext, JobState } from '../state/model';
import { isExpedited } from '../scheduling/scheduling';

/**
 * Queue order, queue statistics (RouterQueueStatistics) and the wait estimate the queue position shares.
 * Production's estimator is not published; the emulator's is documented at waitEstimateMinutes.
 */
export interface QueueStatistics {
  readonly queueId: string;
  /** "total number of enqueued jobs" */
  readonly length: number;
  /** Per job priority, rounded up to the nearest minute. */
  readonly estimatedWaitTimeMinutes: Record<string, number>;
  /** How long the job enqueued longest has waited, in minutes (0 for an empty queue). */
  readonly longestJobWaitTimeMinutes: number;
}

const MINUTE_MS = 60_000;

export function priorityOf(job: JobState): number {
  return typeof job.doc['priority'] === 'number' ? job.doc['priority'] : 1;
}

/** Queue order: jobs with an active expedite selector first, then higher priority, then first come first served. */
export function queueOrder(a: JobState, b: JobState): number {
  return Number(isExpedited(b)) - Number(isExpedited(a)) || priorityOf(b) - priorityOf(a) || a.sequence - b.sequence;
}

/** The queued jobs of a queue, in queue order. */
export function queuedJobs(ctx: DomainContext, queueId: string): JobState[] {
  return [...ctx.store.jobs.values()].filter((j) => j.status === 'queued' && j.doc['queueId'] === queueId).sort(queueOrder);
}

const waited = (now: number, job: JobState): number => Math.max(0, now - (job.enqueuedAt ?? now)) / MINUTE_MS;

/** When the job first left the queue for a worker, if it did. */
function servedAt(job: JobState): number | undefined {
  let first: number | undefined;
  for (const a of job.assignments.values()) if (first === undefined || a.assignedAt < first) first = a.assignedAt;
  return first;
}

/**
 * Estimated wait of a job of this priority in this queue, in minutes (not rounded): the mean wait of the jobs of that
 * priority that this queue already handed to a worker (enqueuedAt → first assignedAt, among jobs not deleted), or,
 * with no such history, the head-of-line delay: how long the oldest queued job of that priority has waited.
 */
export function waitEstimateMinutes(ctx: DomainContext, queueId: string, priority: number, now: number): number {
  const served: number[] = [];
  let headOfLine = 0;
  for (const job of ctx.store.jobs.values()) {
    if (job.doc['queueId'] !== queueId || priorityOf(job) !== priority || job.enqueuedAt === undefined) continue;
    const at = servedAt(job);
    if (at !== undefined) served.push(Math.max(0, at - job.enqueuedAt) / MINUTE_MS);
    else if (job.status === 'queued') headOfLine = Math.max(headOfLine, waited(now, job));
  }
  return served.length > 0 ? served.reduce((sum, w) => sum + w, 0) / served.length : headOfLine;
}

/** The remaining wait of a queued job: the estimate for its priority less what it already waited, rounded up. */
export function jobWaitEstimateMinutes(ctx: DomainContext, job: JobState, now: number): number {
  const queueId = String(job.doc['queueId']);
  return Math.ceil(Math.max(0, waitEstimateMinutes(ctx, queueId, priorityOf(job), now) - waited(now, job)));
}

export function queueStatistics(ctx: DomainContext, queueId: string): Result<QueueStatistics> {
  if (!ctx.store.queues.has(queueId)) return fail(errors.notFound('queue', queueId));
  const now = ctx.clock.now();
  const queued = queuedJobs(ctx, queueId);
  const estimated: Record<string, number> = {};
  for (const priority of new Set(queued.map(priorityOf))) estimated[String(priority)] = Math.ceil(waitEstimateMinutes(ctx, queueId, priority, now));
  const longest = queued.reduce((max, job) => Math.max(max, waited(now, job)), 0);
  return ok({ queueId, length: queued.length, estimatedWaitTimeMinutes: estimated, longestJobWaitTimeMinutes: longest });
}
