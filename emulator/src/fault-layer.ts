import type { Domain } from './domain';
import type { DomainContext } from './domain/state/model';
import { EVENT_RULES } from './fault-events';
import { FRAME_RULES } from './fault-frame';
import { JOB_RULES, unrecordClose } from './fault-rules-jobs';
import { OFFER_RULES } from './fault-rules-offers';
import { RACE_RULES } from './fault-rules-races';
import type { FaultName } from './faults';

/**
 * The domain-side faults of the catalog, LocalStack-style: each is a rule registered here that substitutes a domain
 * operation (rewriting its input, its result, or the state it left), or wraps the clock tick. The domain's own code
 * names no fault and runs the same with faults on or off. (Faults of the wire — error shapes, headers, action
 * results, and the auth, api-version, body and path checks skipped — are fault-wire*.ts, reached through the HTTP
 * adapter's wire hooks, http/wire.ts.) Operation rules live in fault-rules*.ts and fault-frame.ts; the tick rules
 * are here.
 */

/** The operation rules: the single-property faults (by what they break) and the frame faults. */
const RULES = { ...JOB_RULES, ...OFFER_RULES, ...RACE_RULES, ...FRAME_RULES };

/** "offer-delay": offers reach a worker this long after the job is queued, as in production. */
export const OFFER_DELAY_MS = 1500;

/** Rules around the clock tick: state changes that no request makes. */
type TickRule = (ctx: DomainContext, tick: () => void) => void;

const TICK_RULES: Partial<Record<FaultName, TickRule>> = {
  // Matching does not see a job until OFFER_DELAY_MS after it was queued.
  'offer-delay': (ctx, tick) => {
    const now = ctx.clock.now();
    const young = [...ctx.store.jobs.values()].filter((job) => job.status === 'queued' && (job.enqueuedAt ?? now) + OFFER_DELAY_MS > now);
    for (const job of young) job.status = 'pendingSchedule';
    try {
      tick();
    } finally {
      for (const job of young) {
        if (job.status === 'pendingSchedule') job.status = 'queued';
        ctx.wakeAt((job.enqueuedAt ?? now) + OFFER_DELAY_MS);
      }
    }
  },
  // A deferred close (closeAt reached during a tick) records nothing on the job either.
  'close-status-not-set': (ctx, tick) => {
    const pending = [...ctx.store.pendingCloses].flatMap((a) => {
      const job = ctx.store.jobs.get(a.jobId);
      return job ? [{ a, job, status: job.status, disposition: job.dispositionCode }] : [];
    });
    tick();
    for (const { a, job, status, disposition } of pending) if (a.closedAt !== undefined) unrecordClose(job, a, status, disposition);
  },
};

/** The faults among `faults` that this layer implements. */
export function domainFaults(faults: Iterable<FaultName>): FaultName[] {
  return [...faults].filter((f) => RULES[f] !== undefined || TICK_RULES[f] !== undefined || EVENT_RULES[f] !== undefined);
}

/** The domain with the named faults' rules applied around it; the domain itself is left as it is. */
export function withFaults(domain: Domain, faults: Iterable<FaultName>): Domain {
  let ops = domain.ops;
  let tick = domain.tick;
  let drain = domain.drain;
  for (const fault of faults) {
    const eventRule = EVENT_RULES[fault]?.();
    if (eventRule) {
      if (eventRule.ops) ops = { ...ops, ...eventRule.ops(ops) };
      const inner = drain;
      drain = () => eventRule.drain(inner(), domain.ctx);
    }
    const rule = RULES[fault];
    if (rule) ops = { ...ops, ...rule(ops) };
    const tickRule = TICK_RULES[fault];
    if (tickRule) {
      const inner = tick;
      tick = () => tickRule(domain.ctx, inner);
    }
  }
  return { ...domain, ops, tick, drain };
}
