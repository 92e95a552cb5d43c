import { createDomain } from '../../emulator/src/domain';
import { upsertPolicy, upsertQueue } from '../../emulator/src/domain/admin/admin';
import { manualClock, sequentialIds } from '../../emulator/src/domain/kernel/clock';
import type { Result } from '../../emulator/src/domain/kernel/errors';
import { upsertJob } from '../../emulator/src/domain/jobs/jobs';
import { upsertWorker } from '../../emulator/src/domain/workers/workers';
import { collectGarbage } from './memory';

export interface RoutingTiming {
  readonly jobs: number;
  readonly workers: number;
  readonly ms: number;
  readonly offered: number;
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * The matching cost alone, in-process on the pure domain with a frozen clock: `workers` available workers with just
 * enough capacity for every job (offers hold capacity), then `jobs` queued jobs, then the one tick that offers them
 * all. "Routed" = every job holds an offer; the caller checks `offered === jobs`.
 */
function timeOnce(jobs: number, workers: number): RoutingTiming {
  const domain = createDomain({ clock: manualClock(), ids: sequentialIds() });
  const ctx = domain.ctx;
  unwrap(upsertPolicy(ctx, 'policy', { offerExpiresAfterSeconds: 3600, mode: { kind: 'longestIdle', minConcurrentOffers: 1, maxConcurrentOffers: 1 } }));
  unwrap(upsertQueue(ctx, 'queue', { distributionPolicyId: 'policy' }));
  const capacity = Math.ceil(jobs / workers);
  for (let i = 0; i < workers; i++) {
    unwrap(upsertWorker(ctx, `worker-${i}`, { capacity, queues: ['queue'], channels: [{ channelId: 'voice', capacityCostPerJob: 1 }], availableForOffers: true }));
  }
  domain.tick();
  for (let i = 0; i < jobs; i++) unwrap(upsertJob(ctx, `job-${i}`, { channelId: 'voice', queueId: 'queue', priority: 1 }));
  collectGarbage();
  const started = performance.now();
  domain.tick();
  const ms = performance.now() - started;
  return { jobs, workers, ms, offered: ctx.store.offers.size };
}

/** The fastest of `repeats` fresh runs: on a shared machine the minimum is the figure least bent by other work. */
export function timeRouting(jobs: number, workers: number, repeats = 3): RoutingTiming {
  let best: RoutingTiming | undefined;
  for (let i = 0; i < repeats; i++) {
    const run = timeOnce(jobs, workers);
    if (!best || run.ms < best.ms) best = run;
  }
  if (!best) throw new Error('repeats must be at least 1');
  return best;
}
