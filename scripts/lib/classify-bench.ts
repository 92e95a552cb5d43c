import { createDomain } from '../../emulator/src/domain';
import { upsertPolicy, upsertQueue } from '../../emulator/src/domain/admin/admin';
import { upsertClassificationPolicy } from '../../emulator/src/domain/classification/classification';
import { manualClock, sequentialIds } from '../../emulator/src/domain/kernel/clock';
import type { Result } from '../../emulator/src/domain/kernel/errors';
import { upsertJob } from '../../emulator/src/domain/jobs/jobs';
import { collectGarbage } from './memory';

/** Classification alone, in-process on the pure domain with a frozen clock. */
export interface ClassificationTiming {
  readonly ms: number;
  readonly classified: number;
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * One policy (a static queue selector on Id, a static worker selector, an expression prioritization rule), `jobs`
 * jobs naming it and no worker, then the one tick that classifies them all. "Classified" = jobs now queued in the
 * selected queue with the priority and the attached selector; the caller checks `classified === jobs`.
 */
export function timeClassification(jobs: number): ClassificationTiming {
  const domain = createDomain({ clock: manualClock(), ids: sequentialIds() });
  const ctx = domain.ctx;
  unwrap(upsertPolicy(ctx, 'policy', { offerExpiresAfterSeconds: 3600, mode: { kind: 'longestIdle' } }));
  unwrap(upsertQueue(ctx, 'queue', { distributionPolicyId: 'policy', labels: { Region: 'NA' } }));
  unwrap(upsertClassificationPolicy(ctx, 'classify', {
    queueSelectorAttachments: [{ kind: 'static', queueSelector: { key: 'Id', labelOperator: 'equal', value: 'queue' } }],
    workerSelectorAttachments: [{ kind: 'static', workerSelector: { key: 'Skill', labelOperator: 'greaterThanOrEqual', value: 5 } }],
    prioritizationRule: { kind: 'expression', expression: 'If(job.Escalated = true, 10, 1)' },
  }));
  domain.tick();
  for (let i = 0; i < jobs; i++) {
    unwrap(upsertJob(ctx, `job-${i}`, { channelId: 'voice', classificationPolicyId: 'classify', labels: { Escalated: i % 2 === 0 } }));
  }
  collectGarbage();
  const started = performance.now();
  domain.tick();
  const ms = performance.now() - started;
  let classified = 0;
  for (const job of ctx.store.jobs.values()) {
    const labels = job.doc['labels'] as { Escalated?: boolean } | undefined;
    const priority = labels?.Escalated === true ? 10 : 1;
    if (job.status === 'queued' && job.doc['queueId'] === 'queue' && job.doc['priority'] === priority && job.attachedWorkerSelectors.length === 1) classified++;
  }
  return { ms, classified };
}
