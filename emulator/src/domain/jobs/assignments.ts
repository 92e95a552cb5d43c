import { errors, fail, ok, type Result } from '../kernel/errors';
import { touch, type AssignmentState, type DomainContext, type JobState } from '../state/model';
import { jobClosed, jobCompleted, jobQueued, jobUnassigned, jobWaitingForActivation } from '../state/events';
import { addNote } from './notes';

/** Complete, close (now or at closeAt) and unassign an assignment; releasing frees the worker's capacity. */
export function releaseAssignment(ctx: DomainContext, assignment: AssignmentState): void {
  assignment.holdsCapacity = false;
  ctx.store.pendingCloses.delete(assignment);
  const worker = ctx.store.workers.get(assignment.workerId);
  if (worker) {
    worker.held.delete(assignment.assignmentId);
    if (worker.held.size === 0) worker.idleSince = ctx.clock.now();
    touch(ctx, worker);
  }
  ctx.markDirty();
}

type Located = { readonly job: JobState; readonly assignment: AssignmentState };

function locate(ctx: DomainContext, jobId: string, assignmentId: string): Result<Located> {
  const job = ctx.store.jobs.get(jobId);
  if (!job) return fail(errors.notFound('job', jobId));
  const assignment = job.assignments.get(assignmentId);
  if (!assignment) return fail(errors.notFound('assignment', assignmentId));
  return ok({ job, assignment });
}

export function completeJob(ctx: DomainContext, jobId: string, assignmentId: string, note: string | undefined): Result<Record<string, never>> {
  const found = locate(ctx, jobId, assignmentId);
  if (!found.ok) return found;
  const { job, assignment } = found.value;
  if (assignment.completedAt !== undefined || assignment.closedAt !== undefined || job.status !== 'assigned') {
    return fail(errors.conflict(`The assignment "${assignmentId}" cannot be completed: the job is ${job.status}.`));
  }
  assignment.completedAt = ctx.clock.now();
  job.status = 'completed';
  addNote(ctx, job, note);
  touch(ctx, job);
  ctx.emit(jobCompleted(ctx, job, assignment));
  return ok({});
}

export interface CloseOptions {
  readonly dispositionCode?: string;
  /** Milliseconds since the epoch; undefined = now. */
  readonly closeAt?: number;
  readonly note?: string;
}

export function closeJob(ctx: DomainContext, jobId: string, assignmentId: string, options: CloseOptions): Result<Record<string, never>> {
  const found = locate(ctx, jobId, assignmentId);
  if (!found.ok) return found;
  const { job, assignment } = found.value;
  if (assignment.closedAt !== undefined || ctx.store.pendingCloses.has(assignment) || job.status === 'closed' || job.status === 'cancelled') {
    return fail(errors.conflict(`The assignment "${assignment.assignmentId}" is already closed or closing.`));
  }
  const now = ctx.clock.now();
  const closeAt = options.closeAt ?? now;
  const disposition = options.dispositionCode;
  addNote(ctx, job, options.note);
  if (closeAt <= now) {
    finishClose(ctx, job, assignment, disposition);
  } else {
    assignment.closeAt = closeAt;
    if (disposition !== undefined) assignment.closeDisposition = disposition;
    ctx.store.pendingCloses.add(assignment);
    ctx.wakeAt(closeAt);
  }
  touch(ctx, job);
  return ok({});
}

function finishClose(ctx: DomainContext, job: JobState, assignment: AssignmentState, disposition: string | undefined): void {
  ctx.store.pendingCloses.delete(assignment);
  releaseAssignment(ctx, assignment);
  assignment.closedAt = ctx.clock.now();
  job.status = 'closed';
  job.dispositionCode = disposition ?? 'Closed';
  ctx.emit(jobClosed(ctx, job, assignment, job.dispositionCode));
}

/** Carries out every close whose closeAt has come. */
export function runDueCloses(ctx: DomainContext, now: number): void {
  for (const assignment of [...ctx.store.pendingCloses]) {
    if (assignment.closeAt === undefined || assignment.closeAt > now) continue;
    const job = ctx.store.jobs.get(assignment.jobId);
    if (!job) {
      ctx.store.pendingCloses.delete(assignment);
      continue;
    }
    finishClose(ctx, job, assignment, assignment.closeDisposition);
    touch(ctx, job);
  }
}

export interface UnassignResult {
  readonly jobId: string;
  readonly unassignmentCount: number;
}

export function unassignJob(ctx: DomainContext, jobId: string, assignmentId: string, suspendMatching: boolean): Result<UnassignResult> {
  const found = locate(ctx, jobId, assignmentId);
  if (!found.ok) return found;
  const { job, assignment } = found.value;
  if (job.status !== 'assigned' || !assignment.holdsCapacity) {
    return fail(errors.conflict(`The job "${jobId}" is ${job.status}; only an assigned job can be unassigned.`));
  }
  releaseAssignment(ctx, assignment);
  job.assignments.delete(assignmentId);
  job.unassignmentCount++;
  job.status = suspendMatching ? 'waitingForActivation' : 'queued';
  touch(ctx, job);
  ctx.emit(jobUnassigned(ctx, job, assignment));
  ctx.emit(suspendMatching ? jobWaitingForActivation(ctx, job) : jobQueued(ctx, job));
  return ok({ jobId, unassignmentCount: job.unassignmentCount });
}
