import type { Domain, DomainOperations, RouterEvent } from '../domain';
import { ok } from '../domain/kernel/errors';
import type { DomainContext, JobState, JsonObject } from '../domain/state/model';
import type { Tally } from './exchange';
import type { Mutant } from './id';
import { alterValue } from './operators';

/** The mutants that act on the domain: a related entity left as it was, an action that does nothing in one state, event data. */
export type DomainMutant = Extract<Mutant, { family: 'stale' | 'noop' | 'event' }>;

type ActionName = 'cancelJob' | 'closeJob' | 'completeJob' | 'acceptJobOffer' | 'declineJobOffer';

/** What an action touches: its job, and the workers that hold or were offered it. */
function touched(ctx: DomainContext, job: JobState | undefined, workerId?: string): { jobs: string[]; workers: string[] } {
  const workers = new Set<string>(workerId === undefined ? [] : [workerId]);
  if (job) {
    for (const offer of job.offers.values()) workers.add(offer.workerId);
    for (const a of job.assignments.values()) if (a.holdsCapacity) workers.add(a.workerId);
  }
  return { jobs: job ? [job.id] : [], workers: [...workers].filter((w) => ctx.store.workers.has(w)) };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A field the action changed, to be shown as it was while the real value stays the one the action left. */
interface Frozen {
  readonly before: unknown;
  readonly after: unknown;
}

export function wrapDomainWith(mutants: readonly DomainMutant[], tally: Tally): (domain: Domain) => Domain {
  return (domain) => {
    const stale = mutants.filter((m): m is Extract<DomainMutant, { family: 'stale' }> => m.family === 'stale');
    const noop = mutants.filter((m): m is Extract<DomainMutant, { family: 'noop' }> => m.family === 'noop');
    const events = mutants.filter((m): m is Extract<DomainMutant, { family: 'event' }> => m.family === 'event');
    // mutant id → entity id → the frozen field
    const frozen = new Map<string, Map<string, Frozen>>(stale.map((m) => [m.id, new Map()]));
    const inner = domain.ops;

    const views = (ctx: DomainContext, ids: { jobs: string[]; workers: string[] }): Map<string, JsonObject> => {
      const out = new Map<string, JsonObject>();
      for (const id of ids.jobs) {
        const job = ctx.store.jobs.get(id);
        if (job) out.set(`RouterJob:${id}`, inner.jobView(ctx, job));
      }
      for (const id of ids.workers) {
        const worker = ctx.store.workers.get(id);
        if (worker) out.set(`RouterWorker:${id}`, inner.workerView(ctx, worker));
      }
      return out;
    };

    /** Runs an action with the noop and stale mutants of its name around it. */
    const around = <R extends { readonly ok: boolean }>(action: ActionName, ctx: DomainContext, job: JobState | undefined, workerId: string | undefined, run: () => R, nothing: () => R): R => {
      for (const m of noop) {
        if (m.operation !== action || job?.status !== m.state) continue;
        tally.hit(m.id);
        if (tally.apply) return nothing();
      }
      const mine = stale.filter((m) => m.operation === action);
      if (mine.length === 0) return run();
      const ids = touched(ctx, job, workerId);
      const before = views(ctx, ids);
      const result = run();
      if (!result.ok) return result;
      const after = views(ctx, ids);
      for (const m of mine) {
        for (const [key, view] of before) {
          if (!key.startsWith(`${m.schema}:`)) continue;
          const now = after.get(key);
          if (now && !same(view[m.field], now[m.field])) frozen.get(m.id)?.set(key, { before: view[m.field], after: now[m.field] });
        }
      }
      return result;
    };

    const shown = (schema: 'RouterJob' | 'RouterWorker', id: string, view: JsonObject): JsonObject => {
      let out = view;
      for (const m of stale) {
        if (m.schema !== schema) continue;
        const f = frozen.get(m.id)?.get(`${schema}:${id}`);
        // Only while nothing else has changed the field since: the mutant hides this action's effect, not later ones.
        if (!f || !same(out[m.field], f.after)) continue;
        tally.hit(m.id);
        if (tally.apply) out = f.before === undefined ? Object.fromEntries(Object.entries(out).filter(([k]) => k !== m.field)) : { ...out, [m.field]: f.before };
      }
      return out;
    };

    const jobOfOffer = (ctx: DomainContext, workerId: string, offerId: string): JobState | undefined => {
      const offer = ctx.store.workers.get(workerId)?.offers.get(offerId);
      return offer ? ctx.store.jobs.get(offer.jobId) : undefined;
    };
    const nothing = () => ok({} as Record<string, never>);

    const ops: DomainOperations = {
      ...inner,
      cancelJob: (ctx, id, options) => around('cancelJob', ctx, ctx.store.jobs.get(id), undefined, () => inner.cancelJob(ctx, id, options), nothing),
      closeJob: (ctx, jobId, assignmentId, options) => {
        const job = ctx.store.jobs.get(jobId);
        return around('closeJob', ctx, job, job?.assignments.get(assignmentId)?.workerId, () => inner.closeJob(ctx, jobId, assignmentId, options), nothing);
      },
      completeJob: (ctx, jobId, assignmentId, note) => {
        const job = ctx.store.jobs.get(jobId);
        return around('completeJob', ctx, job, job?.assignments.get(assignmentId)?.workerId, () => inner.completeJob(ctx, jobId, assignmentId, note), nothing);
      },
      acceptOffer: (ctx, workerId, offerId) => {
        const job = jobOfOffer(ctx, workerId, offerId);
        return around('acceptJobOffer', ctx, job, workerId, () => inner.acceptOffer(ctx, workerId, offerId), () => inner.acceptOffer(ctx, workerId, offerId));
      },
      declineOffer: (ctx, workerId, offerId, retryOfferAt) =>
        around('declineJobOffer', ctx, jobOfOffer(ctx, workerId, offerId), workerId, () => inner.declineOffer(ctx, workerId, offerId, retryOfferAt), nothing),
      jobView: (ctx, job) => shown('RouterJob', job.id, inner.jobView(ctx, job)),
      workerView: (ctx, worker) => shown('RouterWorker', worker.id, inner.workerView(ctx, worker)),
    };

    const drain = (): RouterEvent[] =>
      domain.drain().map((event) => {
        let data = event.data;
        for (const m of events) {
          // `RouterJob` (a base's field) reaches every job event; `RouterJobClosed` only that one.
          if (!event.name.startsWith(m.event) || !Object.hasOwn(data, m.field)) continue;
          tally.hit(m.id);
          if (!tally.apply) continue;
          data = m.operator === 'drop-event-field'
            ? Object.fromEntries(Object.entries(data).filter(([k]) => k !== m.field))
            : { ...data, [m.field]: alterValue(data[m.field]) };
        }
        return data === event.data ? event : { ...event, data };
      });

    return { ...domain, ops, drain };
  };
}
