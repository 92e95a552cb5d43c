import { expect, test } from '@playwright/test';
import { reclassifyJob } from '../src/domain/classification/classification';
import { upsertJob } from '../src/domain/jobs/jobs';
import { acceptOffer } from '../src/domain/offers/offers';
import { upsertWorker } from '../src/domain/workers/workers';
import { classifier, expression, staticQueue } from './classification-fixture';
import { value } from './domain-fixture';

/** Queue precedence, priorities, failures and reclassification, on the fake clock. */
const status = (result: { ok: boolean; error?: { status: number } }): number => (result.ok ? 200 : result.error?.status ?? 0);
const errorsOf = (c: ReturnType<typeof classifier>) => c.events('RouterJobClassificationFailed').map((e) => e.data['errors']);

test.describe('queue precedence (domain)', () => {
  test('selectors that match win over the job\'s own queueId, which wins over the fallback queue', () => {
    const c = classifier();
    c.queue('escalation');
    c.queue('fallback');
    c.policy('cp', {
      queueSelectorAttachments: [{ kind: 'conditional', condition: expression('job.Escalated = true'), queueSelectors: [{ key: 'Id', labelOperator: 'equal', value: 'escalation' }] }],
      fallbackQueueId: 'fallback',
    });
    // A job in queue q that names the policy: not escalated, it stays in its own queue, not the fallback.
    value(upsertJob(c.ctx, 'j', { channelId: 'voice', queueId: 'q', classificationPolicyId: 'cp', labels: { Escalated: false } }));
    value(reclassifyJob(c.ctx, 'j'));
    c.domain.tick();
    expect(c.ctx.store.jobs.get('j')?.doc['queueId']).toBe('q');
    // Escalated (as an exception policy's reclassify would do), the selectors move it (the escalate-job how-to).
    value(upsertJob(c.ctx, 'j', { labels: { Escalated: true } }));
    value(reclassifyJob(c.ctx, 'j'));
    c.domain.tick();
    expect(c.ctx.store.jobs.get('j')?.doc['queueId']).toBe('escalation');
    expect(c.classify('k', 'cp').doc['queueId']).toBe('fallback');
  });

  test('no queue at all, a fallback queue that does not exist and an unknown policy each fail classification with their own error', () => {
    const c = classifier();
    c.policy('none', { queueSelectorAttachments: [staticQueue('missing')] });
    c.policy('ghost', { fallbackQueueId: 'ghost-queue' });
    c.events();
    expect(c.classify('a', 'none').status).toBe('classificationFailed');
    expect(c.classify('b', 'ghost').status).toBe('classificationFailed');
    expect(c.classify('c', 'unknown').status).toBe('classificationFailed');
    const [a, b, unknown] = errorsOf(c);
    expect(a).toEqual([{ code: 'QueueNotFound', message: expect.stringContaining('No queue matches the queue selectors') }]);
    expect(b).toEqual([{ code: 'QueueNotFound', message: expect.stringContaining('the fallback queue "ghost-queue" does not exist') }]);
    expect(unknown).toEqual([{ code: 'ClassificationPolicyNotFound', message: 'The classification policy "unknown" does not exist.' }]);
    expect(c.ctx.store.jobs.get('a')?.attachedWorkerSelectors).toEqual([]);
  });

  test('queue selectors compare queue labels with every label operator, numbers only for ordering', () => {
    const c = classifier();
    c.queue('small', { size: 5 });
    c.queue('large', { size: 50 });
    const by = (labelOperator: string, v: unknown) => ({ queueSelectorAttachments: [{ kind: 'static', queueSelector: { key: 'size', labelOperator, value: v } }] });
    const cases: [string, unknown, string | undefined][] = [
      ['greaterThan', 10, 'large'], ['lessThan', 10, 'small'], ['greaterThanOrEqual', 50, 'large'], ['lessThanOrEqual', 5, 'small'],
      // A queue without the label is "not equal" too: the fixture's unlabelled queue q comes first.
      ['notEqual', 5, 'q'], ['equal', 50, 'large'], ['greaterThan', '10', undefined],
    ];
    cases.forEach(([operator, v, expected], i) => {
      c.policy(`p${i}`, by(operator, v));
      const job = c.classify(`j${i}`, `p${i}`);
      expect(job.status === 'queued' ? job.doc['queueId'] : undefined, `${operator} ${String(v)}`).toBe(expected);
    });
  });
});

test.describe('rules and priorities (domain)', () => {
  test('expression priorities follow the samples; results that are no priority fail classification', () => {
    const c = classifier();
    c.policy('escalated', { fallbackQueueId: 'q', prioritizationRule: expression('If(job.Escalated = true, 10, 1)') });
    expect(c.classify('a', 'escalated', { labels: { Escalated: true } }).doc['priority']).toBe(10);
    expect(c.classify('b', 'escalated', { labels: { Escalated: false } }).doc['priority']).toBe(1);
    expect(c.classify('c', 'escalated').doc['priority']).toBe(1);
    c.policy('sum', { fallbackQueueId: 'q', prioritizationRule: expression('job.Base * 2 + If(job.Tier >= 3 and job.Region <> "EU", 5, 0)') });
    expect(c.classify('d', 'sum', { labels: { Base: 10, Tier: 3, Region: 'NA' } }).doc['priority']).toBe(25);
    c.policy('text', { fallbackQueueId: 'q', prioritizationRule: expression('"high"') });
    c.policy('range', { fallbackQueueId: 'q', prioritizationRule: { kind: 'static', value: 101 } });
    c.policy('map', { fallbackQueueId: 'q', prioritizationRule: { kind: 'directMap' } });
    c.events();
    for (const [job, policy] of [['e', 'text'], ['f', 'range'], ['g', 'map']] as const) expect(c.classify(job, policy).status).toBe('classificationFailed');
    expect(errorsOf(c).map((e) => (e as { code: string }[])[0]?.code)).toEqual(['InvalidRuleResult', 'InvalidRuleResult', 'InvalidRuleResult']);
  });

  test('an expression outside the subset, or one that cannot be evaluated, fails classification with a clear error', () => {
    const c = classifier();
    c.policy('outside', { fallbackQueueId: 'q', prioritizationRule: expression('Switch(job.Tier, 1, 5, 2, 10)') });
    c.policy('mismatch', { fallbackQueueId: 'q', prioritizationRule: expression('If(job.Escalated = true, 10, 1)') });
    c.policy('condition', { fallbackQueueId: 'q', queueSelectorAttachments: [{ kind: 'conditional', condition: expression('job.Tier'), queueSelectors: [] }] });
    c.events();
    c.classify('a', 'outside');
    c.classify('b', 'mismatch', { labels: { Escalated: 'true' } });
    c.classify('d', 'condition', { labels: { Tier: 2 } });
    expect(errorsOf(c)).toEqual([
      [{ code: 'ExpressionNotSupported', message: 'prioritizationRule: The expression "Switch(job.Tier, 1, 5, 2, 10)" is outside the emulator\'s PowerFx subset: the function Switch() is not served (at character 1).' }],
      [{ code: 'ExpressionEvaluationFailed', message: 'prioritizationRule: The expression "If(job.Escalated = true, 10, 1)" could not be evaluated: "=" compares text "true" with boolean true.' }],
      [{ code: 'InvalidRuleResult', message: 'queueSelectorAttachments[0].condition returned 2, not true or false.' }],
    ]);
  });
});

test.describe('reclassification (domain)', () => {
  test('a queued job goes back to pendingClassification, its offers are revoked and its attached selectors replaced', () => {
    const c = classifier();
    c.worker('w', 1, { labels: { Language: 'en' } });
    c.policy('cp', { fallbackQueueId: 'q', workerSelectorAttachments: [{ kind: 'passThrough', key: 'Language', labelOperator: 'equal' }] });
    const job = c.classify('j', 'cp', { labels: { Language: 'en' } });
    expect(job.attachedWorkerSelectors).toEqual([{ key: 'Language', labelOperator: 'equal', value: 'en' }]);
    expect(c.offersOf('w')).toHaveLength(1);
    c.events();
    value(upsertJob(c.ctx, 'j', { labels: { Language: 'fr' } }));
    expect(reclassifyJob(c.ctx, 'j')).toEqual({ ok: true, value: {} });
    expect(job.status).toBe('pendingClassification');
    expect(c.events().map((e) => e.name)).toContain('RouterWorkerOfferRevoked');
    c.domain.tick();
    expect(job.status).toBe('queued');
    expect(job.attachedWorkerSelectors).toEqual([{ key: 'Language', labelOperator: 'equal', value: 'fr' }]);
  });

  test('a failed classification can be retried by reclassifying once the missing queue exists', () => {
    const c = classifier();
    c.policy('cp', { fallbackQueueId: 'later' });
    const job = c.classify('j', 'cp');
    expect(job.status).toBe('classificationFailed');
    c.queue('later');
    value(reclassifyJob(c.ctx, 'j'));
    c.domain.tick();
    expect([job.status, job.doc['queueId']]).toEqual(['queued', 'later']);
  });

  test('reclassify answers 404 for an unknown job, 400 for a job without a policy and 409 once the job is assigned', () => {
    const c = classifier();
    expect(status(reclassifyJob(c.ctx, 'none'))).toBe(404);
    c.job('plain', { channelId: 'chat' });
    expect(status(reclassifyJob(c.ctx, 'plain'))).toBe(400);
    value(upsertWorker(c.ctx, 'w', { capacity: 1, queues: ['q'], channels: [{ channelId: 'voice', capacityCostPerJob: 1 }], availableForOffers: true }));
    c.policy('cp', { fallbackQueueId: 'q' });
    c.classify('j', 'cp');
    const offer = c.offersOf('w')[0]!;
    value(acceptOffer(c.ctx, 'w', offer.offerId));
    const refused = reclassifyJob(c.ctx, 'j');
    expect(status(refused)).toBe(409);
    expect(refused.ok ? '' : refused.error.message).toBe('The job "j" is assigned; only a queued, pendingClassification or classificationFailed job can be reclassified.');
  });
});
