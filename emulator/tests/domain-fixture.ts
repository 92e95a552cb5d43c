import { upsertPolicy, upsertQueue } from '../src/domain/admin/admin';
import { manualClock, sequentialIds } from '../src/domain/kernel/clock';
import type { Result } from '../src/domain/kernel/errors';
import { createDomain } from '../src/domain';
import { upsertJob } from '../src/domain/jobs/jobs';
import type { JsonObject } from '../src/domain/state/model';
import { upsertWorker } from '../src/domain/workers/workers';
import { withFaults } from '../src/fault-layer';
import type { FaultName } from '../src/faults';

/** A domain on a fake clock with one policy and queue, plus helpers that fail loudly. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`unexpected error ${result.error.status} ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function routerWith(options: { faults?: FaultName[]; mode?: JsonObject; expirySeconds?: number } = {}) {
  const clock = manualClock();
  const domain = withFaults(createDomain({ clock, ids: sequentialIds() }), options.faults ?? []);
  const ctx = domain.ctx;
  value(upsertPolicy(ctx, 'p', { offerExpiresAfterSeconds: options.expirySeconds ?? 30, mode: options.mode ?? { kind: 'longestIdle' } }));
  value(upsertQueue(ctx, 'q', { distributionPolicyId: 'p' }));
  const worker = (id: string, capacity = 1, extra: JsonObject = {}) =>
    value(upsertWorker(ctx, id, { capacity, queues: ['q'], channels: [{ channelId: 'voice', capacityCostPerJob: 1 }], availableForOffers: true, ...extra }));
  const job = (id: string, extra: JsonObject = {}) => value(upsertJob(ctx, id, { channelId: 'voice', queueId: 'q', ...extra })).entity;
  const offersOf = (workerId: string) => {
    domain.tick();
    return [...(ctx.store.workers.get(workerId)?.offers.values() ?? [])];
  };
  const advance = (ms: number) => {
    clock.advance(ms);
    domain.tick();
  };
  return { clock, domain, ctx, worker, job, offersOf, advance };
}
