import type { Upserted } from '../admin/admin';
import { errors, fail, ok, type Result } from '../kernel/errors';
import { parseRules } from '../rules/exceptions-schema';
import { touch, type DomainContext, type ExceptionPolicyState, type JsonObject } from '../state/model';
import { checkObject, mergePatch } from '../kernel/schema';

export type { ExceptionAction, ExceptionRule, ExceptionTrigger } from '../rules/exceptions-schema';
export { runExceptionRules } from './exceptions-triggers';

/**
 * Exception policies: merge-patch upserts, reads, deletes and lists. The rules they hold run on the domain's clock
 * (exceptions-triggers.ts): queueLength and waitTime triggers, cancel, manualReclassify and reclassify actions.
 */

export function upsertExceptionPolicy(ctx: DomainContext, id: string, patch: JsonObject): Result<Upserted<ExceptionPolicyState>> {
  const existing = ctx.store.exceptionPolicies.get(id);
  const merged = mergePatch(existing?.doc ?? {}, patch);
  const problem = checkObject(merged, { name: 'string' });
  if (problem) return fail(errors.badRequest(problem));
  // Checked before any id is made, so a refused body leaves the id sequence as it was.
  const parsed = parseRules(merged['exceptionRules'], () => ctx.ids.next('exceptionAction'));
  if (!parsed.ok) return parsed;
  // The wire rules (with the ids made here) replace what was sent, so a later PATCH without rules keeps those ids.
  const { exceptionRules: sent, ...rest } = merged;
  const doc: JsonObject = Array.isArray(sent) ? { ...rest, exceptionRules: parsed.value.wire } : rest;
  const entity: ExceptionPolicyState = existing ?? { id, etag: '', lastModified: 0, doc, rules: [] };
  entity.doc = doc;
  entity.name = typeof doc['name'] === 'string' ? doc['name'] : undefined;
  entity.rules = parsed.value.rules;
  touch(ctx, entity);
  ctx.store.exceptionPolicies.set(id, entity);
  ctx.markDirty();
  return ok({ created: !existing, entity });
}

export function getExceptionPolicy(ctx: DomainContext, id: string): Result<ExceptionPolicyState> {
  const found = ctx.store.exceptionPolicies.get(id);
  return found ? ok(found) : fail(errors.notFound('exceptionPolicy', id));
}

/** As observed [JC]: a policy a queue still names is refused with 400 and the detail QueueExistsWithExceptionPolicy. */
export function deleteExceptionPolicy(ctx: DomainContext, id: string): Result<void> {
  if (!ctx.store.exceptionPolicies.has(id)) return fail(errors.notFound('exceptionPolicy', id));
  for (const queue of ctx.store.queues.values()) {
    if (queue.exceptionPolicyId === id) {
      return fail(errors.badRequest('One or more validation errors occurred.', undefined, [{ code: 'QueueExistsWithExceptionPolicy', message: 'There is a queue with this exception policy' }]));
    }
  }
  ctx.store.exceptionPolicies.delete(id);
  return ok(undefined);
}


/** The ExceptionPolicy wire shape: id, name, exceptionRules (always present), etag — in production's order. */
export function exceptionPolicyView(policy: ExceptionPolicyState): JsonObject {
  const rules = policy.doc['exceptionRules'];
  return {
    id: policy.id,
    ...(policy.name === undefined ? {} : { name: policy.name }),
    exceptionRules: Array.isArray(rules) ? rules : [],
    etag: policy.etag,
  };
}
