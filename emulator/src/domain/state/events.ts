import { iso } from '../kernel/clock';
import type { AssignmentState, DomainContext, JobState, JsonObject, OfferState, RouterEvent, RouterEventName, WorkerState } from './model';

/**
 * The router's Event Grid events as plain values: each transition emits the events the published description
 * (Event Grid data plane, Microsoft.Communication, AcsRouter*EventData) defines for it. Envelopes (Event Grid or
 * CloudEvents) and delivery belong to the publisher (src/emulator/events); the domain only says what happened.
 */
export type { RouterEvent, RouterEventName } from './model';

/** Labels and tags are string maps in the events; other JSON values are sent as their text. */
function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

const PASCAL = (status: string): string => status.charAt(0).toUpperCase() + status.slice(1);

function priority(job: JobState): number {
  return typeof job.doc['priority'] === 'number' ? job.doc['priority'] : 1;
}

/** A job's requested (or, with `attached`, classification-attached) worker selectors in the events' shape. */
function selectors(job: JobState, attached = false): JsonObject[] {
  const list: unknown = attached ? job.attachedWorkerSelectors : job.doc['requestedWorkerSelectors'];
  if (!Array.isArray(list)) return [];
  return list.filter((s): s is JsonObject => typeof s === 'object' && s !== null && !Array.isArray(s)).map((s) => ({
    key: String(s['key']),
    labelOperator: PASCAL(typeof s['labelOperator'] === 'string' ? s['labelOperator'] : 'equal'),
    value: s['value'] ?? null,
    ...(typeof s['expiresAfterSeconds'] === 'number' ? { ttlSeconds: s['expiresAfterSeconds'] } : {}),
    state: 'Active',
  }));
}

function channelOf(job: JobState): string {
  return typeof job.doc['channelId'] === 'string' ? job.doc['channelId'] : '';
}

/** AcsRouterEventData + AcsRouterJobEventData: what every job event carries. */
export function jobData(job: JobState): JsonObject {
  const queueId = job.doc['queueId'];
  return {
    jobId: job.id,
    channelReference: typeof job.doc['channelReference'] === 'string' ? job.doc['channelReference'] : '',
    channelId: channelOf(job),
    ...(typeof queueId === 'string' ? { queueId } : {}),
    labels: stringMap(job.doc['labels']),
    tags: stringMap(job.doc['tags']),
  };
}

export function makeEvent(ctx: DomainContext, name: RouterEventName, subject: string, data: JsonObject): RouterEvent {
  return { id: ctx.ids.next('event'), name, subject, time: ctx.clock.now(), data };
}

export const jobSubject = (job: JobState): string => `job/${job.id}/channel/${channelOf(job)}`;
const assignmentSubject = (job: JobState, assignmentId: string): string => `${jobSubject(job)}/assignment/${assignmentId}`;

export function jobReceived(ctx: DomainContext, job: JobState): RouterEvent {
  const policy = job.doc['classificationPolicyId'];
  return makeEvent(ctx, 'RouterJobReceived', jobSubject(job), {
    ...jobData(job),
    jobStatus: PASCAL(job.status),
    ...(typeof policy === 'string' ? { classificationPolicyId: policy } : {}),
    priority: priority(job),
    requestedWorkerSelectors: selectors(job),
    unavailableForMatching: job.status === 'waitingForActivation' || job.status === 'scheduled',
  });
}

export function jobQueued(ctx: DomainContext, job: JobState): RouterEvent {
  return makeEvent(ctx, 'RouterJobQueued', jobSubject(job), { ...jobData(job), priority: priority(job), attachedWorkerSelectors: selectors(job, true), requestedWorkerSelectors: selectors(job) });
}

export function jobWaitingForActivation(ctx: DomainContext, job: JobState): RouterEvent {
  return makeEvent(ctx, 'RouterJobWaitingForActivation', jobSubject(job), {
    ...jobData(job), priority: priority(job), expiredAttachedWorkerSelectors: [], expiredRequestedWorkerSelectors: [], unavailableForMatching: true,
  });
}

export function jobCompleted(ctx: DomainContext, job: JobState, assignment: AssignmentState): RouterEvent {
  return makeEvent(ctx, 'RouterJobCompleted', assignmentSubject(job, assignment.assignmentId), { ...jobData(job), assignmentId: assignment.assignmentId, workerId: assignment.workerId });
}

/** The JobClosedEvent of the Close Job page: at the close, or when closeAt comes. */
export function jobClosed(ctx: DomainContext, job: JobState, assignment: AssignmentState, dispositionCode: string): RouterEvent {
  return makeEvent(ctx, 'RouterJobClosed', assignmentSubject(job, assignment.assignmentId), { ...jobData(job), assignmentId: assignment.assignmentId, workerId: assignment.workerId, dispositionCode });
}

/** `note` is required in the published data: a cancel without one sends the empty text. */
export function jobCancelled(ctx: DomainContext, job: JobState, note: string | undefined, dispositionCode: string): RouterEvent {
  return makeEvent(ctx, 'RouterJobCancelled', jobSubject(job), { ...jobData(job), note: note ?? '', dispositionCode });
}

export function jobDeleted(ctx: DomainContext, job: JobState): RouterEvent {
  return makeEvent(ctx, 'RouterJobDeleted', jobSubject(job), jobData(job));
}

export function jobUnassigned(ctx: DomainContext, job: JobState, assignment: AssignmentState): RouterEvent {
  return makeEvent(ctx, 'RouterJobUnassigned', assignmentSubject(job, assignment.assignmentId), { ...jobData(job), assignmentId: assignment.assignmentId, workerId: assignment.workerId });
}

export type OfferEnd = 'RouterWorkerOfferDeclined' | 'RouterWorkerOfferRevoked' | 'RouterWorkerOfferExpired';

/** Offer events: the worker's view of one job. */
export function offerEvent(ctx: DomainContext, name: 'RouterWorkerOfferIssued' | 'RouterWorkerOfferAccepted' | OfferEnd, offer: OfferState, extra: JsonObject = {}): RouterEvent {
  const job = ctx.store.jobs.get(offer.jobId);
  const worker = ctx.store.workers.get(offer.workerId);
  const base: JsonObject = {
    jobId: offer.jobId,
    channelReference: job && typeof job.doc['channelReference'] === 'string' ? job.doc['channelReference'] : '',
    channelId: offer.channelId,
    workerId: offer.workerId,
    queueId: job && typeof job.doc['queueId'] === 'string' ? job.doc['queueId'] : '',
    offerId: offer.offerId,
  };
  const detail: JsonObject = name === 'RouterWorkerOfferIssued' || name === 'RouterWorkerOfferAccepted'
    ? {
      jobPriority: job ? priority(job) : 1,
      workerLabels: stringMap(worker?.labels),
      workerTags: stringMap(worker?.tags),
      jobLabels: stringMap(job?.doc['labels']),
      jobTags: stringMap(job?.doc['tags']),
    }
    : {};
  const times: JsonObject = name === 'RouterWorkerOfferIssued' ? { offeredOn: iso(offer.offeredAt), expiresOn: iso(offer.expiresAt) } : {};
  return makeEvent(ctx, name, `worker/${offer.workerId}/job/${offer.jobId}`, { ...base, ...detail, ...times, ...extra });
}

export type WorkerChange = 'AvailableForOffers' | 'TotalCapacity' | 'QueueAssignments' | 'Labels' | 'Tags' | 'ChannelConfigurations';

/** RouterWorkerRegistered, RouterWorkerUpdated (with what changed) and the data both carry. */
export function workerEvent(ctx: DomainContext, name: 'RouterWorkerRegistered' | 'RouterWorkerUpdated', worker: WorkerState, changed: readonly WorkerChange[] = []): RouterEvent {
  return makeEvent(ctx, name, `worker/${worker.id}`, {
    workerId: worker.id,
    queueAssignments: worker.queues.map((id) => {
      const queue = ctx.store.queues.get(id);
      return { id, ...(queue?.name === undefined ? {} : { name: queue.name }), labels: stringMap(queue?.labels) };
    }),
    channelConfigurations: worker.channels.map((c) => ({ channelId: c.channelId, capacityCostPerJob: c.capacityCostPerJob, ...(c.maxNumberOfJobs === undefined ? {} : { maxNumberOfJobs: c.maxNumberOfJobs }) })),
    totalCapacity: worker.capacity,
    labels: stringMap(worker.labels),
    tags: stringMap(worker.tags),
    ...(name === 'RouterWorkerUpdated' ? { updatedWorkerProperties: [...changed] } : {}),
  });
}

export function workerDeregistered(ctx: DomainContext, workerId: string): RouterEvent {
  return makeEvent(ctx, 'RouterWorkerDeregistered', `worker/${workerId}`, { workerId });
}

/** RouterWorkerDeleted carries the common worker data, whose job fields are empty for a worker event of no job. */
export function workerDeleted(ctx: DomainContext, workerId: string): RouterEvent {
  return makeEvent(ctx, 'RouterWorkerDeleted', `worker/${workerId}`, { workerId, jobId: '', channelReference: '', channelId: '' });
}
