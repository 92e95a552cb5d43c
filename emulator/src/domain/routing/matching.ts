import { scoringRuleOf } from '../admin/admin';
import { runDueCloses } from '../jobs/assignments';
import { classifyPending } from '../classification/classification';
import { runExceptionRules } from '../exceptions/exceptions';
import { activeSelectors, expireSelectors, runSchedules } from '../scheduling/scheduling';
import { queueOrder } from '../jobs/jobs';
import type { DistributionModeState, DomainContext, JobState, JsonObject, WorkerState } from '../state/model';
import { createOffer, revokeOffer } from '../offers/offers';
import { compileRule, ruleValue, type RulePlan } from '../rules/rules';
import { labelMatches } from '../kernel/labels';
import { isJsonObject } from '../kernel/schema';
import { costIfFits } from '../workers/workers';

/** Time-driven transitions and job-to-worker matching, run lazily before each request (never on a timer here). */
const DEFAULT_OFFER_EXPIRY_SECONDS = 60;
const DEFAULT_MODE: DistributionModeState = { kind: 'longestIdle', minConcurrentOffers: 1, maxConcurrentOffers: 1, bypassSelectors: false, extra: {} };

export function expireOffers(ctx: DomainContext, now: number): void {
  for (const offer of [...ctx.store.offers.values()]) if (offer.expiresAt <= now) revokeOffer(ctx, offer, 'RouterWorkerOfferExpired');
}


/** Requested and attached selectors alike; an expired selector no longer constrains matching. */
function selectorsMatch(selectors: readonly JsonObject[], labels: JsonObject): boolean {
  return selectors.every((s) => typeof s['key'] !== 'string' || labelMatches(labels[s['key']], s['labelOperator'], s['value']));
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * One selector's part of the default bestWorker score (distribution-concepts.md, "Best worker mode"): 1 or 0 for
 * equal/notEqual; for the magnitude operators the logistic of how far the worker's label exceeds the selector's value,
 * relative to it (the emulator divides by |value|, or by 1 when the value is 0).
 */
function selectorScore(selector: JsonObject, labels: JsonObject): number {
  const operator = selector['labelOperator'];
  const actual = labels[String(selector['key'])];
  const expected = selector['value'];
  if (operator !== 'greaterThan' && operator !== 'greaterThanOrEqual' && operator !== 'lessThan' && operator !== 'lessThanOrEqual') {
    return labelMatches(actual, operator, expected) ? 1 : 0;
  }
  if (typeof actual !== 'number' || typeof expected !== 'number') return 0;
  const margin = operator.startsWith('greater') ? actual - expected : expected - actual;
  return logistic(margin / (expected === 0 ? 1 : Math.abs(expected)));
}

/** Default scoring: by the job's active selectors when it has any, otherwise the share of its labels the worker matches. */
function defaultScore(job: JobState, selectors: readonly JsonObject[], labels: JsonObject): number {
  if (selectors.length > 0) return selectors.reduce((sum, s) => sum + selectorScore(s, labels), 0) / selectors.length;
  const jobLabels = Object.entries(isJsonObject(job.doc['labels']) ? job.doc['labels'] : {});
  if (jobLabels.length === 0) return 0;
  return jobLabels.filter(([key, value]) => labels[key] === value).length / jobLabels.length;
}

const compiledRules = new WeakMap<JsonObject, RulePlan>();

/** A scoring rule's score for the job: the same for every worker, so ties fall to the longest idle. */
function ruleScore(rule: JsonObject, job: JobState): number {
  let plan = compiledRules.get(rule);
  if (!plan) {
    plan = compileRule(rule);
    compiledRules.set(rule, plan);
  }
  const labels = isJsonObject(job.doc['labels']) ? job.doc['labels'] : {};
  const result = ruleValue(plan, labels, 'scoringRule');
  return result.ok && typeof result.value === 'number' ? result.value : 0;
}

/** Utilization as longestIdle ranks it: capacity held by assigned jobs over total capacity. */
function assignedLoad(worker: WorkerState): number {
  let used = 0;
  for (const assignment of worker.held.values()) used += assignment.capacityCost;
  return worker.capacity > 0 ? used / worker.capacity : used > 0 ? 1 : 0;
}

const longestIdleFirst = (a: WorkerState, b: WorkerState): number => a.idleSince - b.idleSince || a.sequence - b.sequence;

/** Offer order. longestIdle: least utilized first, ties to the one available longest; bestWorker: highest score first. */
function byMode(ctx: DomainContext, mode: DistributionModeState, policyId: string, job: JobState, workers: WorkerState[]): WorkerState[] {
  if (mode.kind === 'roundRobin') {
    const cursor = ctx.store.roundRobinCursor.get(policyId) ?? -1;
    const sorted = [...workers].sort((a, b) => a.sequence - b.sequence);
    const next = sorted.findIndex((w) => w.sequence > cursor);
    return next <= 0 ? sorted : [...sorted.slice(next), ...sorted.slice(0, next)];
  }
  if (mode.kind !== 'bestWorker') return [...workers].sort((a, b) => assignedLoad(a) - assignedLoad(b) || longestIdleFirst(a, b));
  const rule = scoringRuleOf(mode);
  const selectors = activeSelectors(job);
  const options = isJsonObject(mode.extra['scoringRuleOptions']) ? mode.extra['scoringRuleOptions'] : {};
  const sign = options['descendingOrder'] === false ? 1 : -1;
  const scores = new Map(workers.map((w) => [w, rule ? ruleScore(rule, job) : defaultScore(job, selectors, w.labels)]));
  return [...workers].sort((a, b) => sign * ((scores.get(a) ?? 0) - (scores.get(b) ?? 0)) || longestIdleFirst(a, b));
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

function isEligible(job: JobState, worker: WorkerState, now: number, selectors: readonly JsonObject[] | undefined): number | undefined {
  if ([...job.offers.values()].some((o) => o.workerId === worker.id)) return undefined;
  const retryAt = job.declinedBy.get(worker.id);
  if (retryAt !== undefined && retryAt > now) return undefined;
  if (selectors && !selectorsMatch(selectors, worker.labels)) return undefined;
  return costIfFits(worker, String(job.doc['channelId']));
}

function isWaitingForOffers(job: JobState): boolean {
  if (job.status !== 'queued' || typeof job.doc['channelId'] !== 'string') return false;
  for (const assignment of job.assignments.values()) if (assignment.holdsCapacity) return false;
  return true;
}

/**
 * Offers go out in rounds: when a job holds fewer active offers than minConcurrentOffers ("the minimum desired
 * number of active concurrent offers"), it is offered to eligible workers until it holds maxConcurrentOffers ("the
 * maximum"), or as many as are eligible. Between the two no new offer is made.
 */
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
    if (job.offers.size >= mode.minConcurrentOffers) continue;
    let wanted = mode.maxConcurrentOffers - job.offers.size;
    const selectors = mode.bypassSelectors ? undefined : activeSelectors(job);
    let lastOffered: WorkerState | undefined;
    for (const worker of byMode(ctx, mode, policy.id, job, candidates)) {
      const cost = isEligible(job, worker, now, selectors);
      if (cost === undefined) continue;
      createOffer(ctx, job, worker, cost, policy.offerExpiresAfterSeconds ?? DEFAULT_OFFER_EXPIRY_SECONDS);
      lastOffered = worker;
      if (--wanted <= 0) break;
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
