import { requestClassification } from '../classification/classification';
import { jobData, jobQueued, jobSubject, makeEvent, type RouterEvent } from '../state/events';
import type { ExceptionAction, ExceptionRule, ExceptionTrigger } from '../rules/exceptions-schema';
import { cancelJob } from '../jobs/jobs';
import { FINISHED_STATUSES, touch, type DomainContext, type ExceptionPolicyState, type JobState } from '../state/model';
import { revokeOffer } from '../offers/offers';
import { isJsonObject, mergePatch } from '../kernel/schema';

/**
 * Exception rules on the domain's clock, for queued jobs in a queue whose exceptionPolicyId names a policy. Each rule
 * fires at most once per job (job.exceptionsTriggered), emits RouterJobExceptionTriggered, then runs its actions in order.
 * - waitTime: once the job has waited thresholdSeconds since enqueuedAt (a tick is asked for at that moment).
 * - queueLength: when the job joins the queue and the queue, the job included, then holds more than threshold jobs
 *   (concept page: "exceeds a specified threshold while adding the job to the queue"; the .NET sample fills a queue of
 *   threshold 10 with 10 jobs and the 11th triggers). Jobs already queued when a policy is attached are not re-measured.
 */
type ManualReclassify = Extract<ExceptionAction, { kind: 'manualReclassify' }>;
type Reclassify = Extract<ExceptionAction, { kind: 'reclassify' }>;

/** The queue and enqueue time at which a job's admission was measured; a move or a new enqueue is a new admission. */
const admissions = new WeakMap<JobState, string>();
const admissionOf = (job: JobState): string => `${String(job.doc['queueId'])}@${job.enqueuedAt ?? ''}`;

const isQueued = (job: JobState): boolean => job.status === 'queued' && typeof job.doc['queueId'] === 'string';

function policyOf(ctx: DomainContext, queueId: string): ExceptionPolicyState | undefined {
  const policyId = ctx.store.queues.get(queueId)?.exceptionPolicyId;
  return policyId === undefined ? undefined : ctx.store.exceptionPolicies.get(policyId);
}

/** Subject as in the published example (`job/{job-id}/channel/{channel-id}/exceptionrule/{rulekey}`). */
export function exceptionTriggered(ctx: DomainContext, job: JobState, policy: ExceptionPolicyState, rule: ExceptionRule): RouterEvent {
  return makeEvent(ctx, 'RouterJobExceptionTriggered', `${jobSubject(job)}/exceptionrule/${rule.id}`, { ...jobData(job), ruleKey: rule.id, exceptionRuleId: policy.id });
}

/** Whether the trigger is met now; a waitTime not met yet asks for a tick at the moment it will be. */
function isMet(ctx: DomainContext, trigger: ExceptionTrigger, job: JobState, now: number, queueLength: number | undefined): boolean {
  if (trigger.kind === 'queueLength') return queueLength !== undefined && queueLength > trigger.threshold;
  if (job.enqueuedAt === undefined) return false;
  const due = job.enqueuedAt + trigger.thresholdSeconds * 1000;
  if (now >= due) return true;
  ctx.wakeAt(due);
  return false;
}

function revokeOffers(ctx: DomainContext, job: JobState): void {
  for (const offer of [...job.offers.values()]) revokeOffer(ctx, offer);
}

/** Queue, priority and requested worker selectors as the action gives them; the job is queued (again) with them. */
function manualReclassify(ctx: DomainContext, job: JobState, action: ManualReclassify, now: number): void {
  const previousQueue = job.doc['queueId'];
  job.doc = {
    ...job.doc,
    ...(action.queueId === undefined ? {} : { queueId: action.queueId }),
    ...(action.priority === undefined ? {} : { priority: action.priority }),
    ...(action.workerSelectors === undefined ? {} : { requestedWorkerSelectors: action.workerSelectors.map((s) => ({ ...s })) }),
  };
  if (job.doc['queueId'] !== previousQueue) {
    revokeOffers(ctx, job);
    job.enqueuedAt = now;
  }
  job.status = 'queued';
  touch(ctx, job);
  ctx.emit(jobQueued(ctx, job));
  ctx.markDirty();
}

/** Labels upserted, then the (given or the job's own) classification policy applies again: classifyPending picks it up. */
function reclassify(ctx: DomainContext, job: JobState, action: Reclassify): void {
  const labels = isJsonObject(job.doc['labels']) ? job.doc['labels'] : {};
  job.doc = {
    ...job.doc,
    ...(action.classificationPolicyId === undefined ? {} : { classificationPolicyId: action.classificationPolicyId }),
    ...(action.labelsToUpsert === undefined ? {} : { labels: mergePatch(labels, action.labelsToUpsert) }),
  };
  if (typeof job.doc['classificationPolicyId'] === 'string') {
    requestClassification(ctx, job);
    return;
  }
  touch(ctx, job);
  ctx.markDirty();
}

function runAction(ctx: DomainContext, job: JobState, action: ExceptionAction, now: number): void {
  switch (action.kind) {
    case 'cancel':
      // The job is queued here, so the cancel cannot be refused.
      cancelJob(ctx, job.id, {
        ...(action.note === undefined ? {} : { note: action.note }),
        ...(action.dispositionCode === undefined ? {} : { dispositionCode: action.dispositionCode }),
      });
      return;
    case 'manualReclassify':
      manualReclassify(ctx, job, action, now);
      return;
    case 'reclassify':
      reclassify(ctx, job, action);
  }
}

/** The job's queue's rules in order; stops once an action took the job out of that queue. */
function runRules(ctx: DomainContext, job: JobState, now: number, queueLength?: number): void {
  const queueId = String(job.doc['queueId']);
  const policy = policyOf(ctx, queueId);
  if (!policy) return;
  for (const rule of policy.rules) {
    const key = `${policy.id}:${rule.id}`;
    if (job.exceptionsTriggered.has(key) || !isMet(ctx, rule.trigger, job, now, queueLength)) continue;
    job.exceptionsTriggered.add(key);
    ctx.emit(exceptionTriggered(ctx, job, policy, rule));
    for (const action of rule.actions) {
      if (FINISHED_STATUSES.has(job.status)) break;
      runAction(ctx, job, action, now);
    }
    if (!isQueued(job) || job.doc['queueId'] !== queueId) return;
  }
}

/** Fires every exception rule whose trigger is met; called from advance() after classification, before matching. */
export function runExceptionRules(ctx: DomainContext, now: number): void {
  const queued = [...ctx.store.jobs.values()].filter(isQueued);
  // Jobs already admitted count toward their queue's length; new arrivals join in the order they were created.
  const lengths = new Map<string, number>();
  const arrivals = new Set<JobState>();
  for (const job of queued) {
    const queueId = String(job.doc['queueId']);
    if (admissions.get(job) === admissionOf(job)) lengths.set(queueId, (lengths.get(queueId) ?? 0) + 1);
    else arrivals.add(job);
  }
  for (const job of [...arrivals].sort((a, b) => a.sequence - b.sequence)) {
    const queueId = String(job.doc['queueId']);
    const length = (lengths.get(queueId) ?? 0) + 1;
    admissions.set(job, admissionOf(job));
    runRules(ctx, job, now, length);
    if (isQueued(job) && job.doc['queueId'] === queueId) lengths.set(queueId, length);
  }
  for (const job of queued) if (!arrivals.has(job) && isQueued(job)) runRules(ctx, job, now);
}
