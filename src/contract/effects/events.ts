import { exact, oneOf, satisfies, SRC, str } from './common';
import { at, instantOf, isObject } from './tree';
import { ABSENT, type EventExpectation, type Expectation, type Prediction, type Subject, type Value } from './types';

/**
 * The events an action must and must not publish, with their data, predicted from the job as it was. Every router
 * event carries jobId, channelReference and channelId; job events add queueId, labels and tags (string maps); worker
 * events add workerId (router-events.md "Common data").
 */

type Events = Prediction['events'];
type MustNot = Events['mustNot'][number];

/** Labels and tags travel as string maps; a job whose values are not all strings is not judged on them. */
function stringMap(value: Value): Record<string, string> | undefined {
  if (!isObject(value)) return value === ABSENT ? {} : undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'string') ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

/** The data every event about `job` carries, as the job read before the action says. */
function common(job: Value, jobId: string, withJobData: boolean): Record<string, Expectation> {
  const data: Record<string, Expectation> = { jobId: exact(jobId) };
  const channelId = str(at(job, ['channelId']));
  if (channelId !== undefined) data['channelId'] = exact(channelId);
  const reference = str(at(job, ['channelReference']));
  if (reference !== undefined) data['channelReference'] = exact(reference);
  const queueId = str(at(job, ['queueId']));
  if (queueId !== undefined) data['queueId'] = exact(queueId);
  if (withJobData) {
    const labels = stringMap(at(job, ['labels']));
    if (labels) data['labels'] = exact(labels);
    const tags = stringMap(at(job, ['tags']));
    if (tags) data['tags'] = exact(tags);
  }
  return data;
}

const key = (property: string, value: string) => ({ property, value });
const never = (name: string, property: string, value: string, why: string): MustNot => ({ name, key: key(property, value), why });

/** Job events whose subject names the assignment (router-events.md "Envelopes"). */
const ASSIGNMENT_EVENTS: ReadonlySet<string> = new Set(['RouterJobClosed', 'RouterJobCompleted', 'RouterJobUnassigned']);

export function jobEvent(name: string, job: Value, subject: Subject, extra: Record<string, Expectation>, why: string, time?: EventExpectation['time']): EventExpectation {
  const onChannel = `job/${subject.jobId}/channel/${str(at(job, ['channelId'])) ?? ''}`;
  const about = subject.assignmentId !== undefined && ASSIGNMENT_EVENTS.has(name) ? `${onChannel}/assignment/${subject.assignmentId}` : onChannel;
  return { name, key: key('jobId', subject.jobId), subject: about, data: { ...common(job, subject.jobId, true), ...extra }, why, ...(time ? { time } : {}) };
}

/**
 * An offer event. Issued and Accepted also carry the worker's view of the job and the job's of the worker: the job's
 * priority, labels and tags, and the worker's labels and tags (AcsRouterWorkerOfferIssuedEventData, …AcceptedEventData),
 * judged when `worker` (the worker as read before) is given.
 */
export function offerEvent(name: string, job: Value, subject: Subject, extra: Record<string, Expectation>, why: string, worker?: Value): EventExpectation {
  const offerId = subject.offerId ?? '';
  const detail = worker === undefined ? {} : offerDetail(job, worker);
  return { name, key: key('offerId', offerId), subject: `worker/${subject.workerId ?? ''}/job/${subject.jobId}`, data: { ...common(job, subject.jobId, false), offerId: exact(offerId), ...(subject.workerId ? { workerId: exact(subject.workerId) } : {}), ...detail, ...extra }, why };
}

function offerDetail(job: Value, worker: Value): Record<string, Expectation> {
  const data: Record<string, Expectation> = {};
  const priority = at(job, ['priority']);
  if (typeof priority === 'number') data['jobPriority'] = exact(priority);
  const maps = [['jobLabels', job, 'labels'], ['jobTags', job, 'tags'], ['workerTags', worker, 'tags']] as const;
  for (const [property, tree, name] of maps) {
    const map = stringMap(at(tree, [name]));
    if (map) data[property] = exact(map);
  }
  const workerLabels = workerLabelsOf(worker);
  if (workerLabels) data['workerLabels'] = workerLabels;
  return data;
}

/**
 * A worker's labels as its events carry them: the labels it reads with, where the `Id` label the service adds to a
 * worker (observed §4) may be left out — no capture shows whether events carry it.
 */
function workerLabelsOf(worker: Value): Expectation | undefined {
  const map = stringMap(at(worker, ['labels']));
  if (!map) return undefined;
  const { Id: id, ...own } = map;
  return satisfies(`the worker's labels ${JSON.stringify(map)} (its Id label may be left out)`, (after) => {
    if (!isObject(after)) return false;
    const { Id: shownId, ...rest } = after;
    return JSON.stringify(Object.entries(rest).sort()) === JSON.stringify(Object.entries(own).sort()) && (shownId === undefined || shownId === id);
  });
}

/** What no action but the named one sends about this job or offer. */
export function forbidden(subject: Subject, names: readonly string[], why: string): MustNot[] {
  return names.map((name) => (name.startsWith('RouterWorker') ? never(name, 'offerId', subject.offerId ?? '', why) : never(name, 'jobId', subject.jobId, why)));
}

/** A refused action sends none of the events it would have sent. */
export function noneOf(subject: Subject, names: readonly string[]): Events {
  return { must: [], mustNot: forbidden(subject, names, 'a refused action changes nothing, so it announces nothing') };
}

export const ACTION_EVENTS = {
  accept: ['RouterWorkerOfferAccepted'],
  decline: ['RouterWorkerOfferDeclined'],
  complete: ['RouterJobCompleted'],
  close: ['RouterJobClosed'],
  cancel: ['RouterJobCancelled', 'RouterWorkerOfferRevoked'],
  delete: [],
} as const;

/** The dispositionCode a closed job's event carries: the one given, else the job's own (the service fills in "Closed"). */
export function closedDisposition(given: string | undefined, job: Value): Expectation {
  if (given !== undefined) return exact(given);
  const own = str(at(job, ['dispositionCode']));
  return own === undefined ? exact('Closed') : oneOf('Closed', own);
}

export const EVENT_SOURCES = { why: `${SRC.events}; ${SRC.close} (JobClosedEvent)` } as const;

const sameInstant = (shown: Value): Expectation => {
  const ms = instantOf(shown);
  return ms === undefined
    ? { kind: 'may-change' }
    : satisfies(`the instant ${new Date(ms).toISOString()} (±1 ms)`, (v) => typeof v === 'string' && Math.abs(Date.parse(v) - ms) <= 1);
};

/** RouterWorkerOfferIssued for the offer the worker (as read) shows: its times are the offer's own. */
export function offerIssuedEvent(job: Value, worker: Value, subject: Subject): EventExpectation {
  const offer = at(worker, ['offers', subject.offerId ?? '']);
  return offerEvent('RouterWorkerOfferIssued', job, subject, { offeredOn: sameInstant(at(offer, ['offeredAt'])), expiresOn: sameInstant(at(offer, ['expiresAt'])) }, `${SRC.events} AcsRouterWorkerOfferIssuedEventData`, worker);
}

/**
 * RouterWorkerRegistered (a worker becomes available for offers) and RouterWorkerUpdated carry the worker's
 * registration as read: its capacity, labels, tags, queues (by id) and channels.
 */
export function workerRegistrationEvent(name: 'RouterWorkerRegistered' | 'RouterWorkerUpdated', worker: Value, workerId: string, changed: readonly string[] = []): EventExpectation {
  const data: Record<string, Expectation> = { workerId: exact(workerId) };
  if (name === 'RouterWorkerUpdated') {
    data['updatedWorkerProperties'] = satisfies(`a list naming ${changed.join(', ')}`, (v) => Array.isArray(v) && changed.every((c) => v.includes(c)));
  }
  const capacity = at(worker, ['capacity']);
  if (typeof capacity === 'number') data['totalCapacity'] = exact(capacity);
  const labels = workerLabelsOf(worker);
  if (labels) data['labels'] = labels;
  const tags = stringMap(at(worker, ['tags']));
  if (tags) data['tags'] = exact(tags);
  const queues = at(worker, ['queues']);
  if (Array.isArray(queues)) {
    const ids = [...queues].map(String).sort();
    data['queueAssignments'] = satisfies(`the worker's queues ${JSON.stringify(ids)}, by id`, (v) =>
      Array.isArray(v) && JSON.stringify(v.map((q) => (isObject(q) ? q['id'] : q)).map(String).sort()) === JSON.stringify(ids));
  }
  const channels = at(worker, ['channels']);
  if (Array.isArray(channels)) {
    const shape = (list: readonly unknown[]): string => JSON.stringify(list.map((c) => (isObject(c) ? [c['channelId'], c['capacityCostPerJob'], c['maxNumberOfJobs'] ?? null] : c)).sort());
    data['channelConfigurations'] = satisfies(`the worker's channels ${shape(channels)} (channelId, capacityCostPerJob, maxNumberOfJobs)`, (v) => Array.isArray(v) && shape(v) === shape(channels));
  }
  return { name, key: key('workerId', workerId), subject: `worker/${workerId}`, data, why: `${SRC.events} AcsRouter${name === 'RouterWorkerUpdated' ? 'WorkerUpdated' : 'WorkerRegistered'}EventData` };
}

/** RouterWorkerDeregistered: the worker is no longer available for offers. */
export function workerDeregisteredEvent(workerId: string): EventExpectation {
  return { name: 'RouterWorkerDeregistered', key: key('workerId', workerId), subject: `worker/${workerId}`, data: { workerId: exact(workerId) }, why: `${SRC.events} AcsRouterWorkerDeregisteredEventData` };
}

/**
 * RouterJobReceived and RouterJobQueued for a job created straight into a queue: the job's priority and requested
 * worker selectors (by key) as read, and for Received that it is available for matching.
 */
export function jobArrivalEvent(name: 'RouterJobReceived' | 'RouterJobQueued', job: Value, subject: Subject): EventExpectation {
  const extra: Record<string, Expectation> = {};
  const priority = at(job, ['priority']);
  if (typeof priority === 'number') extra['priority'] = exact(priority);
  const selectors = at(job, ['requestedWorkerSelectors']);
  const keys = (list: unknown): string => JSON.stringify(Array.isArray(list) ? list.map((s) => (isObject(s) ? [s['key'], s['labelOperator'], s['value']] : s)) : []);
  if (Array.isArray(selectors) || selectors === ABSENT) {
    extra['requestedWorkerSelectors'] = satisfies(`the job's requested worker selectors ${keys(selectors)}`, (v) => (v === ABSENT || Array.isArray(v)) && keys(v) === keys(selectors));
  }
  if (name === 'RouterJobReceived') extra['unavailableForMatching'] = exact(false);
  return jobEvent(name, job, subject, extra, `${SRC.events} Acs${name}EventData`);
}
