import { callJson, type Target } from '../../scripts/lib/http';
import type { FuzzWorld } from './cases';

const Q = '?api-version=2023-11-01';
export const SENTINEL_POLICY = 'fuzz-sentinel-policy';

interface OfferView {
  readonly offerId: string;
  readonly jobId: string;
}

function offersOf(worker: unknown): OfferView[] {
  const offers = typeof worker === 'object' && worker !== null && 'offers' in worker ? worker.offers : undefined;
  if (!Array.isArray(offers)) return [];
  return offers.filter((o): o is OfferView => typeof o === 'object' && o !== null && typeof (o as OfferView).offerId === 'string' && typeof (o as OfferView).jobId === 'string');
}

/**
 * Real resources for the storm to hit: a policy, a queue, 5 workers, 20 jobs offered to them, half the offers
 * accepted (so complete/close/unassign reach real assignments), and a sentinel no case targets, read back after.
 */
export async function seedWorld(target: Target & { readonly host: string }, accessKey: string, bodyLimit: number): Promise<FuzzWorld> {
  const call = (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => callJson(target, accessKey, method, path, body);
  await call('PATCH', `/routing/distributionPolicies/${SENTINEL_POLICY}${Q}`, { name: 'sentinel', offerExpiresAfterSeconds: 60, mode: { kind: 'roundRobin' } });
  await call('PATCH', `/routing/distributionPolicies/fuzz-policy${Q}`, { offerExpiresAfterSeconds: 3600, mode: { kind: 'longestIdle', minConcurrentOffers: 1, maxConcurrentOffers: 1 } });
  await call('PATCH', `/routing/queues/fuzz-queue${Q}`, { distributionPolicyId: 'fuzz-policy' });
  const workers = Array.from({ length: 5 }, (_, i) => `fuzz-worker-${i}`);
  const jobs = Array.from({ length: 20 }, (_, i) => `fuzz-job-${i}`);
  for (const id of workers) await call('PATCH', `/routing/workers/${id}${Q}`, { capacity: 10, queues: ['fuzz-queue'], channels: [{ channelId: 'voice', capacityCostPerJob: 1 }], availableForOffers: true });
  for (const id of jobs) await call('PATCH', `/routing/jobs/${id}${Q}`, { channelId: 'voice', queueId: 'fuzz-queue', priority: 1 });
  const offers: { workerId: string; offerId: string }[] = [];
  const assignments: { jobId: string; assignmentId: string }[] = [];
  for (const workerId of workers) {
    const { json } = await call('GET', `/routing/workers/${workerId}${Q}`);
    for (const [i, offer] of offersOf(json).entries()) {
      if (i % 2 === 1) {
        offers.push({ workerId, offerId: offer.offerId });
        continue;
      }
      const accepted = await call('POST', `/routing/workers/${workerId}/offers/${encodeURIComponent(offer.offerId)}:accept${Q}`);
      const assignmentId = typeof accepted.json === 'object' && accepted.json !== null && 'assignmentId' in accepted.json ? accepted.json.assignmentId : undefined;
      if (typeof assignmentId === 'string') assignments.push({ jobId: offer.jobId, assignmentId });
    }
  }
  if (offers.length === 0 || assignments.length === 0) throw new Error(`seeding produced ${offers.length} offers and ${assignments.length} assignments; expected some of each`);
  return { accessKey, host: target.host, policies: ['fuzz-policy'], queues: ['fuzz-queue'], workers, jobs, offers, assignments, bodyLimit };
}
