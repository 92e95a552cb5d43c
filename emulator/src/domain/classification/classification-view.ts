import { attachmentView } from '../rules/classification-parse';
import { jobData, jobSubject, makeEvent, type RouterEvent } from '../state/events';
import type { ClassificationPolicyState, DomainContext, JobState, JsonObject, QueueState } from '../state/model';
import { ruleView, type Failure } from '../rules/rules';

/** The published ClassificationPolicy shape, and the two classification events. */
export function classificationPolicyView(policy: ClassificationPolicyState): JsonObject {
  const { plan } = policy;
  return {
    id: policy.id,
    ...(plan.name === undefined ? {} : { name: plan.name }),
    ...(plan.fallbackQueueId === undefined ? {} : { fallbackQueueId: plan.fallbackQueueId }),
    // Always present, empty or not (observed).
    queueSelectorAttachments: plan.queueAttachments.map((a) => attachmentView(a, 'queue')),
    ...(plan.prioritization === undefined ? {} : { prioritizationRule: ruleView(plan.prioritization) }),
    workerSelectorAttachments: plan.workerAttachments.map((a) => attachmentView(a, 'worker')),
    etag: policy.etag,
  };
}

/** Labels are string maps in the events. */
function stringMap(labels: JsonObject): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** AcsRouterWorkerSelector: PascalCase operator, ttlSeconds and expirationTime instead of the REST names. */
function eventSelector(selector: JsonObject): JsonObject {
  const operator = typeof selector['labelOperator'] === 'string' ? selector['labelOperator'] : 'equal';
  return {
    key: String(selector['key']),
    labelOperator: operator.charAt(0).toUpperCase() + operator.slice(1),
    value: selector['value'] ?? null,
    ...(typeof selector['expiresAfterSeconds'] === 'number' ? { ttlSeconds: selector['expiresAfterSeconds'] } : {}),
    ...(typeof selector['expiresAt'] === 'string' ? { expirationTime: selector['expiresAt'] } : {}),
    state: 'Active',
  };
}

export function jobClassified(ctx: DomainContext, job: JobState, queueId: string, queue: QueueState | undefined, policyId: string): RouterEvent {
  return makeEvent(ctx, 'RouterJobClassified', jobSubject(job), {
    ...jobData(job),
    queueDetails: { id: queueId, ...(queue?.name === undefined ? {} : { name: queue.name }), labels: stringMap(queue ? { ...queue.labels, Id: queue.id } : {}) },
    classificationPolicyId: policyId,
    priority: typeof job.doc['priority'] === 'number' ? job.doc['priority'] : 1,
    attachedWorkerSelectors: job.attachedWorkerSelectors.map(eventSelector),
  });
}

export function jobClassificationFailed(ctx: DomainContext, job: JobState, policyId: string, failure: Failure): RouterEvent {
  return makeEvent(ctx, 'RouterJobClassificationFailed', jobSubject(job), {
    ...jobData(job),
    classificationPolicyId: policyId,
    errors: [{ code: failure.code, message: failure.message }],
  });
}
