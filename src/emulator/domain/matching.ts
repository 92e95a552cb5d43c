import { runDueCloses } from './assignments';
import { classifyPending } from './classification';
import { runExceptionRules } from './exceptions';
import { expireSelectors, runSchedules } from './scheduling';
import { queueOrder } from './jobs';
import type { DistributionModeState, DomainContext, JobState, JsonObject, WorkerState } from './model';
import { createOffer, revokeOffer } from './offers';
import { isJsonObject } from './schema';
import { costIfFits } from './workers';

/** Time-driven transitions and job-to-worker matching, run lazily before each request (never on a timer here). */
const DEFAULT_OFFER_EXPIRY_SECONDS = 60;
const DEFAULT_MODE: DistributionModeState = { kind: 'longestIdle', minConcurrentOffers: 1, maxConcurrentOffers: 1, bypassSelectors: false, extra: {} };

export function expireOffers(ctx: DomainContext, now: number): void {
  for (const offer of [...ctx.store.offers.values()]) if (offer.expiresAt <= now) revokeOffer(ctx, offer, 'RouterWorkerOfferExpired');
}

function compare(actual: unknown, operator: unknown, expected: unknown): boolean {
  if (operator === undefined || operator === 'equal') return actual === expected;
  if (operator === 'notEqual') return actual !== expected;
  if (typeof actual !== 'number' || typeof expected !== 'number') return false;
  switch (operator) {
    case 'lessThan': return actual < expected;
    case 'lessThanOrEqual': return actual <= expected;
    case 'greaterThan': return actual > expected;
    case 'greaterThanOrEqual': return actual >= expected;
    default: return false;
  }
}

function selectorsMatch(job: JobState, labels: JsonObject): boolean {
  const selectors = job.doc['requestedWorkerSelectors'];
  if (!Array.isArray(selectors)) return true;
  return selectors.every((s) => !isJsonObject(s) || typeof s['key'] !== 'string' || compare(labels[s['key']], s['labelOperator'], s['value']));
}

function byMode(ctx: DomainContext, mode: DistributionModeState, policyId: string, workers: WorkerState[]): WorkerState[] {
  if (mode.kind !== 'roundRobin') return [...workers].sort((a, b) => a.idleSince - b.idleSince || a.sequence - b.sequence);
  const cursor = ctx.store.roundRobinCursor.get(policyId) ?? -1;
  const sorted = [...workers].sort((a, b) => a.sequence - b.sequence);
  const next = sorted.findIndex((w) => w.sequence > cursor);
  return next <= 0 ? sorted : [...sorted.slice(next), ...sorted.slice(0, next)];
}

function availableWorkersByQueue(ctx: DomainContext): Map<string, WorkerState[]> {
  const byQueue = new Map<string, WorkerState[]>();
  for (const worker of ctx.store.workers.values()) {
    if (!worker.availableForOffers) continue;
    for (const queueId of worker.queues) {
      const list = byQueue.get(queueId);
      if (list) list.push(worker);
      else byQueue.set(queueId, [worker]);
    }
  }
  return byQueue;
}

function isEligible(ctx: DomainContext, job: JobState, worker: WorkerState, now: number, bypassSelectors: boolean): number | undefined {
  if ([...job.offers.values()].some((o) => o.workerId === worker.id)) return undefined;
  const retryAt = job.declinedBy.get(worker.id);
  if (retryAt !== undefined && retryAt > now) return undefined;
  if (!bypassSelectors && !selectorsMatch(job, worker.labels)) return undefined;
  return costIfFits(worker, String(job.doc['channelId']));
}

function isWaitingForOffers(job: JobState): boolean {
  if (job.status !== 'queued' || typeof job.doc['channelId'] !== 'string') return false;
  for (const assignment of job.assignments.values()) if (assignment.holdsCapacity) return false;
  return true;
}

export function matchJobs(ctx: DomainContext, now: number): void {
  const workersByQueue = availableWorkersByQueue(ctx);
  const waiting = [...ctx.store.jobs.values()].filter(isWaitingForOffers).sort(queueOrder);
  for (const job of waiting) {
    for (const retryAt of job.declinedBy.values()) if (retryAt > now && Number.isFinite(retryAt)) ctx.wakeAt(retryAt);
    const queueId = String(job.doc['queueId']);
    const candidates = workersByQueue.get(queueId);
    const queue = ctx.store.queues.get(queueId);
    if (!candidates || candidates.length === 0 || !queue?.distributionPolicyId) continue;
    const policy = ctx.store.policies.get(queue.distributionPolicyId);
    if (!policy) continue;
    const mode = policy.mode ?? DEFAULT_MODE;
    let wanted = mode.maxConcurrentOffers - job.offers.size;
    if (wanted <= 0) continue;
    let lastOffered: WorkerState | undefined;
    for (const worker of byMode(ctx, mode, policy.id, candidates)) {
      const cost = isEligible(ctx, job, worker, now, mode.bypassSelectors);
      if (cost === undefined) continue;
      createOffer(ctx, job, worker, cost, policy.offerExpiresAfterSeconds ?? DEFAULT_OFFER_EXPIRY_SECONDS);
      lastOffered = worker;
      if (--wanted === 0) break;
    }
    if (lastOffered && mode.kind === 'roundRobin') ctx.store.roundRobinCursor.set(policy.id, lastOffered.sequence);
    // Workers with no room left are dropped so later jobs do not scan them again.
    const stillOpen = candidates.filter((w) => w.channels.some((c) => costIfFits(w, c.channelId) !== undefined));
    workersByQueue.set(queueId, stillOpen);
  }
}

/** Everything that happens because time passed or state changed: expiry, due closes, matching. */
export function advance(ctx: DomainContext, now: number): void {
  expireOffers(ctx, now);
  runDueCloses(ctx, now);
  runSchedules(ctx, now);
  expireSelectors(ctx, now);
  classifyPending(ctx, now);
  runExceptionRules(ctx, now);
  matchJobs(ctx, now);
  for (const offer of ctx.store.offers.values()) ctx.wakeAt(offer.expiresAt);
  for (const assignment of ctx.store.pendingCloses) if (assignment.closeAt !== undefined) ctx.wakeAt(assignment.closeAt);
}
