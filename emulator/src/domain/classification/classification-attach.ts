import type { Allocation, AttachmentPlan } from '../rules/classification-parse';
import type { JsonObject, QueueState } from '../state/model';
import { done, failed, isPrimitive, ruleSelectors, ruleValue, type Evaluated } from '../rules/rules';
import { labelMatches } from '../kernel/labels';

/** Selector attachments turned into selectors for one job, and the queue that queue selectors pick. */
export interface JobInput {
  readonly jobId: string;
  readonly labels: JsonObject;
}

/**
 * The weighted draw: FNV-1a (32 bit) of `jobId` + NUL + the attachment's path, scaled to [0, 1). Deterministic, so a
 * job reclassified by the same policy lands in the same allocation, and spread evenly over job ids, so many jobs
 * split by the weights (30/70 over 10,000 ids comes out within a point of each).
 */
export function weightedDraw(jobId: string, salt: string): number {
  let hash = 0x811c9dc5;
  const text = `${jobId}\u0000${salt}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // A final avalanche, so ids that differ only in their last character still spread over the whole range.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  return (hash >>> 0) / 2 ** 32;
}

/** The allocation whose cumulative weight first exceeds the draw (weights taken relative to their sum). */
export function pickAllocation(allocations: readonly Allocation[], draw: number): Allocation | undefined {
  const total = allocations.reduce((sum, a) => sum + a.weight, 0);
  let cumulative = 0;
  for (const allocation of allocations) {
    cumulative += allocation.weight / total;
    if (draw < cumulative) return allocation;
  }
  return allocations[allocations.length - 1];
}

/** The selectors one attachment yields; `use` is its path in the policy, for messages and the weighted draw. */
export function attachmentSelectors(plan: AttachmentPlan, input: JobInput, use: string): Evaluated<readonly JsonObject[]> {
  switch (plan.kind) {
    case 'static':
      return done([plan.selector]);
    case 'conditional': {
      const condition = ruleValue(plan.condition, input.labels, `${use}.condition`);
      if (!condition.ok) return condition;
      if (condition.value === true) return done(plan.selectors);
      if (condition.value === false || condition.value === null) return done([]);
      return failed('InvalidRuleResult', `${use}.condition returned ${JSON.stringify(condition.value)}, not true or false.`);
    }
    case 'passThrough': {
      const value = Object.hasOwn(input.labels, plan.key) ? input.labels[plan.key] : undefined;
      if (!isPrimitive(value)) return failed('LabelNotFound', `${use} passes through the label "${plan.key}", which the job does not have.`);
      const expiry = plan.expiresAfterSeconds === undefined ? {} : { expiresAfterSeconds: plan.expiresAfterSeconds };
      return done([{ key: plan.key, labelOperator: plan.labelOperator, value, ...expiry }]);
    }
    case 'ruleEngine':
      return ruleSelectors(plan.rule, input.labels, `${use}.rule`);
    case 'weightedAllocation':
      return done(pickAllocation(plan.allocations, weightedDraw(input.jobId, use))?.selectors ?? []);
  }
}

/** Every selector the attachments yield, in order, or the first failure. */
export function allSelectors(plans: readonly AttachmentPlan[], input: JobInput, path: string): Evaluated<JsonObject[]> {
  const out: JsonObject[] = [];
  for (let i = 0; i < plans.length; i++) {
    const selectors = attachmentSelectors(plans[i]!, input, `${path}[${i}]`);
    if (!selectors.ok) return selectors;
    out.push(...selectors.value);
  }
  return done(out);
}


/** The first queue (in creation order) whose labels, its `Id` label included, satisfy every selector. */
export function selectQueue(queues: Iterable<QueueState>, selectors: readonly JsonObject[]): QueueState | undefined {
  if (selectors.length === 0) return undefined;
  for (const queue of queues) {
    const labels: JsonObject = { ...queue.labels, Id: queue.id };
    const matches = selectors.every((s) => {
      const key = String(s['key']);
      return labelMatches(Object.hasOwn(labels, key) ? labels[key] : undefined, s['labelOperator'], s['value']);
    });
    if (matches) return queue;
  }
  return undefined;
}
