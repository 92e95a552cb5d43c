import { iso } from '../kernel/clock';
import type { AssignmentState, DistributionPolicyState, DomainContext, JobState, JsonObject, OfferState, QueueState, WorkerState } from '../state/model';
import { matchingKind, scheduleAtOf, selectorEntries, type SelectorEntry } from '../scheduling/scheduling';
import { isJsonObject } from '../kernel/schema';
import { loadRatio } from '../workers/workers';

/** Wire shapes (RouterJob, RouterWorker, …) built from state. Empty collections are always present, as observed. */
type Stamp = (ms: number) => string;

const defined = (entries: Record<string, unknown>): JsonObject =>
  Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

export function policyView(policy: DistributionPolicyState): JsonObject {
  const mode = policy.mode;
  return defined({
    id: policy.id,
    name: policy.name,
    offerExpiresAfterSeconds: policy.offerExpiresAfterSeconds,
    mode: mode && { ...mode.extra, kind: mode.kind, minConcurrentOffers: mode.minConcurrentOffers, maxConcurrentOffers: mode.maxConcurrentOffers, bypassSelectors: mode.bypassSelectors },
    etag: policy.etag,
  });
}

export function queueView(queue: QueueState): JsonObject {
  return defined({
    id: queue.id,
    name: queue.name,
    distributionPolicyId: queue.distributionPolicyId,
    labels: queue.labels,
    exceptionPolicyId: queue.exceptionPolicyId,
    etag: queue.etag,
  });
}

function offerView(offer: OfferState): JsonObject {
  return { offerId: offer.offerId, jobId: offer.jobId, capacityCost: offer.capacityCost, offeredAt: iso(offer.offeredAt), expiresAt: iso(offer.expiresAt) };
}

export function workerView(ctx: DomainContext, worker: WorkerState): JsonObject {
  return {
    id: worker.id,
    state: worker.availableForOffers ? 'active' : 'inactive',
    queues: worker.queues,
    capacity: worker.capacity,
    labels: worker.labels,
    tags: worker.tags,
    channels: worker.channels,
    offers: [...worker.offers.values()].map(offerView),
    assignedJobs: [...worker.held.values()].map((a) => ({ assignmentId: a.assignmentId, jobId: a.jobId, capacityCost: a.capacityCost, assignedAt: iso(a.assignedAt) })),
    loadRatio: loadRatio(worker),
    availableForOffers: worker.availableForOffers,
    etag: worker.etag,
  };
}

function assignmentView(stamp: Stamp, a: AssignmentState): JsonObject {
  return defined({
    assignmentId: a.assignmentId,
    workerId: a.workerId,
    assignedAt: stamp(a.assignedAt),
    completedAt: a.completedAt === undefined ? undefined : stamp(a.completedAt),
    closedAt: a.closedAt === undefined ? undefined : stamp(a.closedAt),
  });
}

/** A selector with the defaults production fills in (expedite false, observed) and its expiry. */
function selectorView(entry: SelectorEntry): JsonObject {
  // status and expiresAt are read-only: the server's, never what a client sent.
  const { status: _status, expiresAt: _expiresAt, ...own } = entry.selector;
  const expiresAt = entry.expiresAt === undefined ? {} : { expiresAt: iso(entry.expiresAt) };
  return { labelOperator: 'equal', expedite: false, ...own, status: entry.expired ? 'expired' : 'active', ...expiresAt };
}

/** The mode's own properties only: scheduleAt (cut to whole seconds, as observed) belongs to scheduleAndSuspend. */
function matchingModeView(doc: JsonObject): JsonObject {
  const mode = isJsonObject(doc['matchingMode']) ? doc['matchingMode'] : { kind: 'queueAndMatch' };
  const { scheduleAt: _scheduleAt, ...rest } = mode;
  const at = scheduleAtOf(doc);
  return matchingKind(doc) === 'scheduleAndSuspend' && at !== undefined ? { ...rest, scheduleAt: iso(at) } : rest;
}

export function jobView(ctx: DomainContext, job: JobState): JsonObject {
  const stamp: Stamp = iso;
  const doc = job.doc;
  const entries = selectorEntries(job);
  const selectors = (list: SelectorEntry['list']): JsonObject[] => entries.filter((e) => e.list === list).map(selectorView);
  const scheduledAt = matchingKind(doc) === 'scheduleAndSuspend' ? scheduleAtOf(doc) : undefined;
  return defined({
    id: job.id,
    channelReference: doc['channelReference'],
    status: job.status,
    enqueuedAt: job.enqueuedAt === undefined ? undefined : stamp(job.enqueuedAt),
    channelId: doc['channelId'],
    classificationPolicyId: doc['classificationPolicyId'],
    queueId: doc['queueId'],
    priority: typeof doc['priority'] === 'number' ? doc['priority'] : 1,
    dispositionCode: job.dispositionCode,
    requestedWorkerSelectors: selectors('requested'),
    attachedWorkerSelectors: selectors('attached'),
    labels: doc['labels'] ?? {},
    assignments: Object.fromEntries([...job.assignments.values()].map((a) => [a.assignmentId, assignmentView(stamp, a)])),
    tags: doc['tags'] ?? {},
    notes: job.notes.map((n) => defined({ message: n.message, addedAt: n.addedAt === undefined ? undefined : stamp(n.addedAt) })),
    scheduledAt: scheduledAt === undefined ? undefined : stamp(scheduledAt),
    matchingMode: matchingModeView(doc),
    etag: job.etag,
  });
}
