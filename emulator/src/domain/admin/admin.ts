import { errors, fail, ok, type Result, type RouterError } from '../kernel/errors';
import { FINISHED_STATUSES, touch, type DistributionModeState, type DistributionPolicyState, type DomainContext, type JsonObject, type QueueState } from '../state/model';
import { compileRule } from '../rules/rules';
import { checkObject, isJsonObject, mergePatch, RESOURCE_SCHEMAS } from '../kernel/schema';

/** Distribution policies and queues: plain configuration with merge-patch upserts. */
export interface Upserted<T> {
  readonly created: boolean;
  readonly entity: T;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function deriveMode(doc: unknown): DistributionModeState | undefined {
  if (!isJsonObject(doc)) return undefined;
  const kind = doc['kind'];
  const { kind: _kind, minConcurrentOffers, maxConcurrentOffers, bypassSelectors, ...extra } = doc;
  return {
    kind: kind === 'roundRobin' || kind === 'bestWorker' ? kind : 'longestIdle',
    minConcurrentOffers: num(minConcurrentOffers) ?? 1,
    maxConcurrentOffers: num(maxConcurrentOffers) ?? 1,
    bypassSelectors: bypassSelectors === true,
    extra,
  };
}

export function scoringRuleOf(mode: DistributionModeState): JsonObject | undefined {
  const rule = mode.extra['scoringRule'];
  return isJsonObject(rule) ? rule : undefined;
}

/**
 * The scoring rules the emulator serves: static, and expressions of the PowerFx subset (rules.ts), which read the
 * job's labels only. function and webhook rules call out to a service; directMap yields labels, not a score.
 */
export function unsupportedScoringRule(mode: DistributionModeState | undefined): RouterError | undefined {
  const rule = mode?.kind === 'bestWorker' ? scoringRuleOf(mode) : undefined;
  if (!rule || rule['kind'] === 'static') return undefined;
  if (rule['kind'] === 'expression') {
    const plan = compileRule(rule);
    if (plan.kind !== 'expression' || plan.compiled.ok) return undefined;
    return errors.notImplemented(`this bestWorker scoringRule expression (${plan.compiled.message})`);
  }
  return errors.notImplemented(`a bestWorker scoringRule of kind "${String(rule['kind'])}"`);
}

export function upsertPolicy(ctx: DomainContext, id: string, patch: JsonObject): Result<Upserted<DistributionPolicyState>> {
  const existing = ctx.store.policies.get(id);
  const doc = mergePatch(existing?.doc ?? {}, patch);
  const problem = checkObject(doc, RESOURCE_SCHEMAS.distributionPolicy);
  if (problem) return fail(errors.badRequest(problem));
  const mode = deriveMode(doc['mode']);
  if (mode && mode.minConcurrentOffers > mode.maxConcurrentOffers) return fail(errors.badRequest('"mode.minConcurrentOffers" must not exceed "mode.maxConcurrentOffers"'));
  if (mode && (mode.minConcurrentOffers < 1 || mode.maxConcurrentOffers < 1)) return fail(errors.badRequest('"mode" concurrent offers must be at least 1'));
  const unsupported = unsupportedScoringRule(mode);
  if (unsupported) return fail(unsupported);
  const expiry = num(doc['offerExpiresAfterSeconds']);
  if (expiry !== undefined && expiry <= 0) return fail(errors.badRequest('"offerExpiresAfterSeconds" must be positive'));
  const entity: DistributionPolicyState = existing ?? { id, etag: '', lastModified: 0, doc };
  entity.doc = doc;
  entity.name = str(doc['name']);
  entity.offerExpiresAfterSeconds = expiry;
  entity.mode = mode;
  touch(ctx, entity);
  ctx.store.policies.set(id, entity);
  ctx.markDirty();
  return ok({ created: !existing, entity });
}

export function getPolicy(ctx: DomainContext, id: string): Result<DistributionPolicyState> {
  const found = ctx.store.policies.get(id);
  return found ? ok(found) : fail(errors.notFound('distributionPolicy', id));
}

export function deletePolicy(ctx: DomainContext, id: string): Result<void> {
  if (!ctx.store.policies.has(id)) return fail(errors.notFound('distributionPolicy', id));
  for (const queue of ctx.store.queues.values()) {
    if (queue.distributionPolicyId === id) {
      return fail(errors.badRequest('One or more validation errors occurred.', undefined, [{ code: 'QueueExistsWithDistributionPolicy', message: 'There is a queue with this distribution policy' }]));
    }
  }
  ctx.store.policies.delete(id);
  return ok(undefined);
}

export function upsertQueue(ctx: DomainContext, id: string, patch: JsonObject): Result<Upserted<QueueState>> {
  const existing = ctx.store.queues.get(id);
  const doc = mergePatch(existing?.doc ?? {}, patch);
  const problem = checkObject(doc, RESOURCE_SCHEMAS.queue);
  if (problem) return fail(errors.badRequest(problem));
  const policyId = str(doc['distributionPolicyId']);
  if (policyId !== undefined && !ctx.store.policies.has(policyId)) return fail(errors.badRequest(`The distribution policy "${policyId}" does not exist.`));
  const entity: QueueState = existing ?? { id, etag: '', lastModified: 0, doc, labels: {} };
  entity.doc = doc;
  entity.name = str(doc['name']);
  entity.distributionPolicyId = policyId;
  entity.exceptionPolicyId = str(doc['exceptionPolicyId']);
  // The service labels every queue with its own id (observed).
  entity.labels = { ...(isJsonObject(doc['labels']) ? doc['labels'] : {}), Id: id };
  touch(ctx, entity);
  ctx.store.queues.set(id, entity);
  ctx.markDirty();
  return ok({ created: !existing, entity });
}

export function getQueue(ctx: DomainContext, id: string): Result<QueueState> {
  const found = ctx.store.queues.get(id);
  return found ? ok(found) : fail(errors.notFound('queue', id));
}

export function deleteQueue(ctx: DomainContext, id: string): Result<void> {
  if (!ctx.store.queues.has(id)) return fail(errors.notFound('queue', id));
  // As observed: 409 with the reasons folded into the message, CRLF-separated.
  const reasons: string[] = [];
  for (const job of ctx.store.jobs.values()) {
    if (job.doc['queueId'] === id && !FINISHED_STATUSES.has(job.status)) {
      reasons.push('There is active job with this queue');
      break;
    }
  }
  for (const worker of ctx.store.workers.values()) {
    if (worker.queues.includes(id)) {
      reasons.push('There is an assigned worker to this queue');
      break;
    }
  }
  if (reasons.length > 0) return fail(errors.conflict(`Validation failed: ${reasons.map((r) => `\r\n -- : ${r}`).join('')}`));
  ctx.store.queues.delete(id);
  return ok(undefined);
}
