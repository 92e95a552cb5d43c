import { ok } from './domain/kernel/errors';
import type { DomainContext } from './domain/state/model';
import type { Rule } from './fault-rules';
import type { FaultName } from './faults';

/**
 * The race faults: what a store without atomic check-and-commit lets through when two requests cross. Each rule
 * remembers what it saw, so it is built per emulator by fault-layer.ts (as all rules are).
 */

/** How close two requests must come to "cross" in the race faults. */
const RACE_WINDOW_MS = 250;

export const RACE_RULES: Partial<Record<FaultName, Rule>> = {
  'accept-not-atomic': (next) => {
    const recent = new Map<string, { at: number; workerId: string; jobId: string }>();
    return {
      acceptOffer: (ctx, workerId, offerId) => {
        const result = next.acceptOffer(ctx, workerId, offerId);
        const now = ctx.clock.now();
        if (result.ok) recent.set(offerId, { at: now, workerId, jobId: result.value.jobId });
        const won = recent.get(offerId);
        if (result.ok || !won || won.workerId !== workerId || now - won.at > RACE_WINDOW_MS) return result;
        return ok({ assignmentId: ctx.ids.next('assignment'), jobId: won.jobId, workerId });
      },
    };
  },
  'close-cancel-both-win': (next) => {
    const ended = new Map<string, number>();
    const crossed = (ctx: DomainContext, jobId: string): boolean => ctx.clock.now() - (ended.get(jobId) ?? Number.NEGATIVE_INFINITY) <= RACE_WINDOW_MS;
    return {
      closeJob: (ctx, jobId, assignmentId, options) => {
        const result = next.closeJob(ctx, jobId, assignmentId, options);
        if (result.ok) ended.set(jobId, ctx.clock.now());
        return result.ok || !crossed(ctx, jobId) ? result : ok({});
      },
      cancelJob: (ctx, id, options) => {
        const result = next.cancelJob(ctx, id, options);
        if (result.ok) ended.set(id, ctx.clock.now());
        return result.ok || !crossed(ctx, id) ? result : ok({});
      },
    };
  },
};
