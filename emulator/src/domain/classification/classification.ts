import type { Upserted } from '../admin/admin';
import { iso } from '../kernel/clock';
import { allSelectors, selectQueue } from './classification-attach';
import { parsePolicy, type PolicyPlan } from '../rules/classification-parse';
import { jobClassificationFailed, jobClassified } from './classification-view';
import { errors, fail, ok, type Result } from '../kernel/errors';
import { jobQueued } from '../state/events';
import { FINISHED_STATUSES, touch, type DomainContext, type JobState, type JobStatus, type JsonObject, type QueueState, type ClassificationPolicyState } from '../state/model';
import { revokeOffer } from '../offers/offers';
import { done, failed, ruleValue, type Evaluated } from '../rules/rules';
import { isJsonObject, mergePatch } from '../kernel/schema';

/**
 * Classification policies and the classification of jobs that name one: policy CRUD, then pendingClassification →
 * queued (RouterJobClassified, RouterJobQueued) or classificationFailed (RouterJobClassificationFailed).
 * Queue precedence: a queue picked by the queue selectors, else the job's own queueId, else the policy's
 * fallbackQueueId ("used when queue selectors … are unable to select a queue and the job does not have a queueId",
 * Job classification concepts; escalate-job moves a queued job to the queue its reclassification selects).
 */

/** A patched rule of another kind replaces the old one instead of merging into it (no stale `expression`). */
function basis(existing: JsonObject, patch: JsonObject): JsonObject {
  const before = existing['prioritizationRule'];
  const after = patch['prioritizationRule'];
  if (!isJsonObject(before) || !isJsonObject(after) || after['kind'] === undefined || after['kind'] === before['kind']) return existing;
  const { prioritizationRule: _replaced, ...rest } = existing;
  return rest;
}

export function upsertClassificationPolicy(ctx: DomainContext, id: string, patch: JsonObject): Result<Upserted<ClassificationPolicyState>> {
  const existing = ctx.store.classificationPolicies.get(id);
  const doc = mergePatch(basis(existing?.doc ?? {}, patch), patch);
  const plan = parsePolicy(doc);
  if (!plan.ok) return plan;
  const entity: ClassificationPolicyState = existing ?? { id, etag: '', lastModified: 0, doc, plan: plan.value };
  entity.doc = doc;
  entity.plan = plan.value;
  touch(ctx, entity);
  ctx.store.classificationPolicies.set(id, entity);
  ctx.markDirty();
  return ok({ created: !existing, entity });
}

export function getClassificationPolicy(ctx: DomainContext, id: string): Result<ClassificationPolicyState> {
  const found = ctx.store.classificationPolicies.get(id);
  return found ? ok(found) : fail(errors.notFound('classificationPolicy', id));
}


/** As observed: 400 with the ActiveJobWithClassificationPolicyExist detail while an active job names the policy. */
export function deleteClassificationPolicy(ctx: DomainContext, id: string): Result<void> {
  if (!ctx.store.classificationPolicies.has(id)) return fail(errors.notFound('classificationPolicy', id));
  for (const job of ctx.store.jobs.values()) {
    if (job.doc['classificationPolicyId'] === id && !FINISHED_STATUSES.has(job.status)) {
      return fail(errors.badRequest('One or more validation errors occurred.', undefined, [{ code: 'ActiveJobWithClassificationPolicyExist', message: 'There is active job with this classification policy' }]));
    }
  }
  ctx.store.classificationPolicies.delete(id);
  return ok(undefined);
}

interface Outcome {
  readonly policyId: string;
  readonly queueId: string;
  readonly queue: QueueState | undefined;
  readonly priority: number | undefined;
  readonly selectors: JsonObject[];
}

function priorityFrom(plan: PolicyPlan, labels: JsonObject): Evaluated<number | undefined> {
  if (!plan.prioritization) return done(undefined);
  const value = ruleValue(plan.prioritization, labels, 'prioritizationRule');
  if (!value.ok) return value;
  const priority = value.value;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < -100 || priority > 100) {
    return failed('InvalidRuleResult', `prioritizationRule returned ${JSON.stringify(priority)}; a priority is an integer from -100 to 100.`);
  }
  return done(priority);
}

function pickQueue(ctx: DomainContext, job: JobState, plan: PolicyPlan, selectors: readonly JsonObject[]): Evaluated<{ id: string; queue: QueueState | undefined }> {
  const picked = selectQueue(ctx.store.queues.values(), selectors);
  if (picked) return done({ id: picked.id, queue: picked });
  const own = job.doc['queueId'];
  if (typeof own === 'string') return done({ id: own, queue: ctx.store.queues.get(own) });
  const fallback = plan.fallbackQueueId;
  const unmatched = selectors.length > 0 ? `No queue matches the queue selectors ${JSON.stringify(selectors)}` : 'The policy selects no queue';
  if (fallback === undefined) return failed('QueueNotFound', `${unmatched}, and neither the job (queueId) nor the policy (fallbackQueueId) names one.`);
  const queue = ctx.store.queues.get(fallback);
  return queue ? done({ id: fallback, queue }) : failed('QueueNotFound', `${unmatched}, and the fallback queue "${fallback}" does not exist.`);
}

function classify(ctx: DomainContext, job: JobState, policyId: string): Evaluated<Outcome> {
  const policy = ctx.store.classificationPolicies.get(policyId);
  if (!policy) return failed('ClassificationPolicyNotFound', `The classification policy "${policyId}" does not exist.`);
  const { plan } = policy;
  const input = { jobId: job.id, labels: isJsonObject(job.doc['labels']) ? job.doc['labels'] : {} };
  const priority = priorityFrom(plan, input.labels);
  if (!priority.ok) return priority;
  const queueSelectors = allSelectors(plan.queueAttachments, input, 'queueSelectorAttachments');
  if (!queueSelectors.ok) return queueSelectors;
  const workerSelectors = allSelectors(plan.workerAttachments, input, 'workerSelectorAttachments');
  if (!workerSelectors.ok) return workerSelectors;
  const queue = pickQueue(ctx, job, plan, queueSelectors.value);
  if (!queue.ok) return queue;
  return done({ policyId, queueId: queue.value.id, queue: queue.value.queue, priority: priority.value, selectors: workerSelectors.value });
}

/** Attached selectors carry their expiry as a time (RouterWorkerSelector.expiresAt), counted from the classification. */
function stamped(selector: JsonObject, now: number): JsonObject {
  const seconds = selector['expiresAfterSeconds'];
  return typeof seconds === 'number' ? { ...selector, expiresAt: iso(now + seconds * 1000) } : { ...selector };
}

function commit(ctx: DomainContext, job: JobState, outcome: Outcome, now: number): void {
  const previousQueue = job.doc['queueId'];
  job.doc = { ...job.doc, queueId: outcome.queueId, ...(outcome.priority === undefined ? {} : { priority: outcome.priority }) };
  // Replaced, never appended: a reclassification attaches what the policy yields now.
  job.attachedWorkerSelectors = outcome.selectors.map((s) => stamped(s, now));
  job.status = 'queued';
  // A job that changes queue starts waiting anew there.
  if (job.enqueuedAt === undefined || previousQueue !== outcome.queueId) job.enqueuedAt = now;
  touch(ctx, job);
  ctx.emit(jobClassified(ctx, job, outcome.queueId, outcome.queue, outcome.policyId));
  ctx.emit(jobQueued(ctx, job));
}

/** Classifies one job waiting in pendingClassification. */
export function classifyJob(ctx: DomainContext, job: JobState, now: number): void {
  const policyId = job.doc['classificationPolicyId'];
  const id = typeof policyId === 'string' ? policyId : '';
  const outcome: Evaluated<Outcome> = id === '' ? failed('ClassificationPolicyNotFound', 'The job names no classification policy.') : classify(ctx, job, id);
  if (outcome.ok) {
    commit(ctx, job, outcome.value, now);
  } else {
    job.status = 'classificationFailed';
    job.attachedWorkerSelectors = [];
    touch(ctx, job);
    ctx.emit(jobClassificationFailed(ctx, job, id, outcome.failure));
  }
  ctx.markDirty();
}

/** Classifies every job waiting in pendingClassification; called from advance() before matching. */
export function classifyPending(ctx: DomainContext, now: number): void {
  for (const job of ctx.store.jobs.values()) if (job.status === 'pendingClassification') classifyJob(ctx, job, now);
}

/** Sends a job back to pendingClassification: its offers are revoked; the next tick classifies it again. */
export function requestClassification(ctx: DomainContext, job: JobState): void {
  for (const offer of [...job.offers.values()]) revokeOffer(ctx, offer);
  job.status = 'pendingClassification';
  touch(ctx, job);
  ctx.markDirty();
}

/** Jobs that can be reclassified: not yet assigned, not finished, not held by a matching mode. */
export const RECLASSIFIABLE: ReadonlySet<JobStatus> = new Set(['pendingClassification', 'queued', 'classificationFailed']);

/** POST /routing/jobs/{jobId}:reclassify → 200 {} (observed); the job must name a classification policy. */
export function reclassifyJob(ctx: DomainContext, id: string): Result<Record<string, never>> {
  const job = ctx.store.jobs.get(id);
  if (!job) return fail(errors.notFound('job', id));
  if (typeof job.doc['classificationPolicyId'] !== 'string') return fail(errors.badRequest(`The job "${id}" names no classification policy to reclassify it with.`));
  if (!RECLASSIFIABLE.has(job.status)) {
    return fail(errors.conflict(`The job "${id}" is ${job.status}; only a queued, pendingClassification or classificationFailed job can be reclassified.`));
  }
  requestClassification(ctx, job);
  return ok({});
}
