import { upsertQueue } from '../src/domain/admin/admin';
import { upsertClassificationPolicy } from '../src/domain/classification/classification';
import type { RouterEvent } from '../src/domain';
import { upsertJob } from '../src/domain/jobs/jobs';
import type { JobState, JsonObject } from '../src/domain/state/model';
import { routerWith, value } from './domain-fixture';

/** A fake-clock router with labelled queues and helpers to classify jobs by a policy. */
export function classifier() {
  const r = routerWith();
  const queue = (id: string, labels: JsonObject = {}, name?: string) =>
    value(upsertQueue(r.ctx, id, { distributionPolicyId: 'p', labels, ...(name === undefined ? {} : { name }) })).entity;
  const policy = (id: string, body: JsonObject) => value(upsertClassificationPolicy(r.ctx, id, body)).entity;
  /** A job naming the policy (no queueId), classified by the next tick. */
  const classify = (jobId: string, policyId: string, extra: JsonObject = {}): JobState => {
    const job = value(upsertJob(r.ctx, jobId, { channelId: 'voice', classificationPolicyId: policyId, ...extra })).entity;
    r.domain.tick();
    return job;
  };
  const events = (name?: string): RouterEvent[] => r.domain.drain().filter((e) => name === undefined || e.name === name);
  return { ...r, queue, policy, classify, events };
}

export const staticQueue = (id: string): JsonObject => ({ kind: 'static', queueSelector: { key: 'Id', labelOperator: 'equal', value: id } });
export const expression = (text: string): JsonObject => ({ kind: 'expression', expression: text });
