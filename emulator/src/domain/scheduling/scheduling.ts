import { iso, parseDateTime } from '../kernel/clock';
import { jobData, jobSubject, jobWaitingForActivation, makeEvent, type RouterEvent } from '../state/events';
import { FINISHED_STATUSES, touch, type DomainContext, type JobState, type JsonObject } from '../state/model';
import { isJsonObject } from '../kernel/schema';

/**
 * Time-driven job states. Scheduled jobs (ScheduleAndSuspendMode): pendingSchedule → scheduled, and at scheduleAt
 * waitingForActivation with RouterJobWaitingForActivation ("Scheduling a job" how-to); a PATCH to queueAndMatch then
 * queues them (jobs.ts). Worker selectors with expiresAfterSeconds: they expire that long after the job was queued
 * (created, while it never was), stop constraining matching, and RouterJobWorkerSelectorsExpired reports them.
 */
export type SelectorList = 'requested' | 'attached';

export interface SelectorEntry {
  readonly list: SelectorList;
  readonly selector: JsonObject;
  /** Identifies the selector by value, so re-sending the same selector keeps its state. */
  readonly key: string;
  readonly expiresAt?: number;
  readonly expired: boolean;
}

/** The latest instant a Date can hold: an expiry past it never comes. */
const MAX_TIME = 8.64e15;

export function matchingKind(doc: JsonObject): string {
  const mode = doc['matchingMode'];
  return isJsonObject(mode) && typeof mode['kind'] === 'string' ? mode['kind'] : 'queueAndMatch';
}

/** scheduleAt cut to whole seconds, as production echoes it (observed: nanoseconds came back as whole seconds). */
export function scheduleAtOf(doc: JsonObject): number | undefined {
  const mode = doc['matchingMode'];
  const text = isJsonObject(mode) ? mode['scheduleAt'] : undefined;
  const at = typeof text === 'string' ? parseDateTime(text) : undefined;
  return at === undefined ? undefined : Math.floor(at / 1000) * 1000;
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (!isJsonObject(value)) return JSON.stringify(value) ?? 'null';
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(',')}}`;
}

export function selectorKey(list: SelectorList, selector: JsonObject): string {
  return `${list}:${stable(selector)}`;
}

function listOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/**
 * Requested and attached selectors with their expiry: the clock starts when the job is queued (created until then);
 * an attached selector that classification stamped with expiresAt (counted from the classification) keeps it.
 */
export function selectorEntries(job: JobState): SelectorEntry[] {
  const base = job.enqueuedAt ?? job.createdAt;
  const entry = (list: SelectorList, selector: JsonObject): SelectorEntry => {
    const key = selectorKey(list, selector);
    const seconds = selector['expiresAfterSeconds'];
    const stamp = list === 'attached' && typeof selector['expiresAt'] === 'string' ? parseDateTime(selector['expiresAt']) : undefined;
    const at = stamp ?? (typeof seconds === 'number' ? base + seconds * 1000 : undefined);
    const expiresAt = at !== undefined && Math.abs(at) < MAX_TIME ? at : undefined;
    return { list, selector, key, expired: job.expiredSelectors.has(key), ...(expiresAt === undefined ? {} : { expiresAt }) };
  };
  return [
    ...listOf(job.doc['requestedWorkerSelectors']).map((s) => entry('requested', s)),
    ...job.attachedWorkerSelectors.map((s) => entry('attached', s)),
  ];
}

/** The selectors that still constrain matching: expired ones no longer do. */
export function activeSelectors(job: JobState): JsonObject[] {
  return selectorEntries(job).filter((e) => !e.expired).map((e) => e.selector);
}

/** "Pushes a job to the front of the queue as long as this selector is active" (RouterWorkerSelector.expedite). */
export function isExpedited(job: JobState): boolean {
  // Queue order calls this in its comparator: the cheap look first, the expiry bookkeeping only when it matters.
  if (!anySelector(job, (s) => s['expedite'] === true)) return false;
  return activeSelectors(job).some((s) => s['expedite'] === true);
}

/** Whether any requested or attached selector of the job satisfies `test` (no expiry bookkeeping). */
function anySelector(job: JobState, test: (selector: JsonObject) => boolean): boolean {
  return listOf(job.doc['requestedWorkerSelectors']).some(test) || job.attachedWorkerSelectors.some(test);
}

const canExpire = (s: JsonObject): boolean => s['expiresAfterSeconds'] !== undefined || s['expiresAt'] !== undefined;

const PASCAL = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** AcsRouterWorkerSelector, as router events carry a selector. */
function eventSelector(entry: SelectorEntry): JsonObject {
  const s = entry.selector;
  const ttl = s['expiresAfterSeconds'];
  return {
    key: String(s['key']),
    labelOperator: PASCAL(typeof s['labelOperator'] === 'string' ? s['labelOperator'] : 'equal'),
    value: s['value'] ?? null,
    ...(typeof ttl === 'number' ? { ttlSeconds: ttl } : {}),
    state: entry.expired ? 'Expired' : 'Active',
    ...(entry.expiresAt === undefined ? {} : { expirationTime: iso(entry.expiresAt) }),
  };
}

function expiredLists(entries: readonly SelectorEntry[]): JsonObject {
  const of = (list: SelectorList): JsonObject[] => entries.filter((e) => e.list === list && e.expired).map(eventSelector);
  return { expiredRequestedWorkerSelectors: of('requested'), expiredAttachedWorkerSelectors: of('attached') };
}

function scheduled(job: JobState): JsonObject {
  const at = matchingKind(job.doc) === 'scheduleAndSuspend' ? scheduleAtOf(job.doc) : undefined;
  return at === undefined ? {} : { scheduledOn: iso(at) };
}

/** RouterJobWaitingForActivation with the selectors that already expired and, for a scheduled job, scheduledOn. */
export function waitingForActivationEvent(ctx: DomainContext, job: JobState): RouterEvent {
  const event = jobWaitingForActivation(ctx, job);
  return { ...event, data: { ...event.data, ...expiredLists(selectorEntries(job)), ...scheduled(job) } };
}

function schedulingFailed(ctx: DomainContext, job: JobState, failureReason: string): RouterEvent {
  const priority = typeof job.doc['priority'] === 'number' ? job.doc['priority'] : 1;
  return makeEvent(ctx, 'RouterJobSchedulingFailed', jobSubject(job), {
    ...jobData(job), priority, ...expiredLists(selectorEntries(job)), ...scheduled(job), failureReason,
  });
}

/** pendingSchedule → scheduled, or scheduleFailed ("Router failed to create one") when the job's queue does not exist. */
function schedule(ctx: DomainContext, job: JobState): void {
  const queueId = job.doc['queueId'];
  const missing = typeof queueId === 'string' && !ctx.store.queues.has(queueId);
  job.status = missing ? 'scheduleFailed' : 'scheduled';
  touch(ctx, job);
  if (missing) ctx.emit(schedulingFailed(ctx, job, `The queue "${queueId}" does not exist.`));
}

/** Scheduled jobs whose scheduleAt has come (a past one at once) wait for activation. */
export function runSchedules(ctx: DomainContext, now: number): void {
  for (const job of ctx.store.jobs.values()) {
    // Only jobs in ScheduleAndSuspendMode: a status alone is not enough (a fault may relabel queued jobs for a tick).
    if (matchingKind(job.doc) !== 'scheduleAndSuspend') continue;
    if (job.status === 'pendingSchedule') schedule(ctx, job);
    if (job.status !== 'scheduled') continue;
    const at = scheduleAtOf(job.doc) ?? now;
    if (at > now) {
      ctx.wakeAt(at);
      continue;
    }
    job.status = 'waitingForActivation';
    touch(ctx, job);
    ctx.emit(waitingForActivationEvent(ctx, job));
  }
}

/** Marks selectors whose expiresAt has come as expired, once, and reports them per job. */
export function expireSelectors(ctx: DomainContext, now: number): void {
  for (const job of ctx.store.jobs.values()) {
    if (job.status === 'completed' || FINISHED_STATUSES.has(job.status) || !anySelector(job, canExpire)) continue;
    const due: SelectorEntry[] = [];
    for (const entry of selectorEntries(job)) {
      if (entry.expired || entry.expiresAt === undefined) continue;
      if (entry.expiresAt > now) {
        ctx.wakeAt(entry.expiresAt);
        continue;
      }
      job.expiredSelectors.add(entry.key);
      due.push({ ...entry, expired: true });
    }
    if (due.length === 0) continue;
    touch(ctx, job);
    ctx.emit(makeEvent(ctx, 'RouterJobWorkerSelectorsExpired', jobSubject(job), { ...jobData(job), ...expiredLists(due) }));
  }
}
