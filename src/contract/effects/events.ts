import { exact, oneOf, SRC, str } from './common';
import { at, isObject } from './tree';
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

export function jobEvent(name: string, job: Value, subject: Subject, extra: Record<string, Expectation>, why: string, time?: EventExpectation['time']): EventExpectation {
  return { name, key: key('jobId', subject.jobId), data: { ...common(job, subject.jobId, true), ...extra }, why, ...(time ? { time } : {}) };
}

export function offerEvent(name: string, job: Value, subject: Subject, extra: Record<string, Expectation>, why: string): EventExpectation {
  const offerId = subject.offerId ?? '';
  return { name, key: key('offerId', offerId), data: { ...common(job, subject.jobId, false), offerId: exact(offerId), ...(subject.workerId ? { workerId: exact(subject.workerId) } : {}), ...extra }, why };
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
