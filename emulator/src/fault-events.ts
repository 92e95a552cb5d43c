import type { RouterEvent } from './domain';
import { jobClosed } from './domain/state/events';
import type { DomainContext, JsonObject } from './domain/state/model';
import type { PublisherOptions } from './events/publisher';
import type { Rule } from './fault-rules';
import type { FaultName } from './faults';

/**
 * The event faults: each rewrites what the domain emitted before the publisher sees it (and, where it needs to know
 * what a request said, substitutes the operation too). Built fresh per emulator: some remember what they saw.
 */
export interface EventRule {
  readonly ops?: Rule;
  readonly drain: (events: RouterEvent[], ctx: DomainContext) => RouterEvent[];
}

const without = (data: JsonObject, key: string): JsonObject => Object.fromEntries(Object.entries(data).filter(([k]) => k !== key));

const isClosed = (event: RouterEvent): boolean => event.name === 'RouterJobClosed';

/** The id of some other assignment the emulator knows (the newest), or a made-up one when there is none. */
function otherAssignment(ctx: DomainContext, assignmentId: unknown): string {
  let found: string | undefined;
  for (const job of ctx.store.jobs.values()) for (const id of job.assignments.keys()) if (id !== assignmentId) found = id;
  return found ?? ctx.ids.next('assignment');
}

export const EVENT_RULES: Partial<Record<FaultName, () => EventRule>> = {
  'event-job-closed-missing': () => ({ drain: (events) => events.filter((e) => !isClosed(e)) }),
  'event-job-closed-no-disposition': () => ({ drain: (events) => events.map((e) => (isClosed(e) ? { ...e, data: without(e.data, 'dispositionCode') } : e)) }),
  'event-job-closed-wrong-assignment': () => ({
    drain: (events, ctx) => events.map((e) => (isClosed(e) ? { ...e, data: { ...e.data, assignmentId: otherAssignment(ctx, e.data['assignmentId']) } } : e)),
  }),
  // A close with a future closeAt sends RouterJobClosed at once, and nothing when closeAt comes.
  'event-job-closed-early': () => {
    const early = new Set<string>();
    let sentNow: RouterEvent[] = [];
    return {
      ops: (next) => ({
        closeJob: (ctx, jobId, assignmentId, options) => {
          const result = next.closeJob(ctx, jobId, assignmentId, options);
          const job = ctx.store.jobs.get(jobId);
          const assignment = job?.assignments.get(assignmentId);
          if (result.ok && job && assignment && options.closeAt !== undefined && options.closeAt > ctx.clock.now()) {
            early.add(assignmentId);
            sentNow.push(jobClosed(ctx, job, assignment, options.dispositionCode ?? 'Closed'));
          }
          return result;
        },
      }),
      drain: (events) => {
        const out = [...sentNow, ...events.filter((e) => !(isClosed(e) && early.has(String(e.data['assignmentId']))))];
        sentNow = [];
        return out;
      },
    };
  },
  // RouterJobCancelled of a cancel that named no dispositionCode leaves the default out.
  'event-job-cancelled-no-default-disposition': () => {
    const defaulted = new Set<string>();
    return {
      ops: (next) => ({
        cancelJob: (ctx, id, options) => {
          const result = next.cancelJob(ctx, id, options);
          if (result.ok && options.dispositionCode === undefined) defaulted.add(id);
          return result;
        },
      }),
      drain: (events) => events.map((e) => (e.name === 'RouterJobCancelled' && defaulted.has(String(e.data['jobId'])) ? { ...e, data: without(e.data, 'dispositionCode') } : e)),
    };
  },
  // Job events name some other queue than the job's.
  'event-wrong-queue': () => ({
    drain: (events) => events.map((e) => (e.name.startsWith('RouterJob') && typeof e.data['queueId'] === 'string' ? { ...e, data: { ...e.data, queueId: `${e.data['queueId']}-other` } } : e)),
  }),
  // Every job event lacks the labels and tags the published data requires.
  'event-data-incomplete': () => ({
    drain: (events) => events.map((e) => (e.name.startsWith('RouterJob') ? { ...e, data: without(without(e.data, 'labels'), 'tags') } : e)),
  }),
};

/** "events-delayed": how late every delivery comes (well inside the default 4 s closeAt tolerance). */
export const EVENTS_DELAY_MS = 1500;

/** The delivery faults: what the publisher does differently (schema, duplicates, order, lateness); none by default. */
export function publisherFaults(faults: ReadonlySet<FaultName>): Pick<PublisherOptions, 'defaultSchema' | 'variations'> {
  return {
    ...(faults.has('events-cloudevents') ? { defaultSchema: 'cloudevents' as const } : {}),
    variations: { duplicate: faults.has('events-duplicated'), shuffle: faults.has('events-shuffled'), delayMs: faults.has('events-delayed') ? EVENTS_DELAY_MS : 0 },
  };
}
