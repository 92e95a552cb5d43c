import { expect, test } from '@playwright/test';
import { deleteClassificationPolicy, getClassificationPolicy, reclassifyJob, upsertClassificationPolicy } from '../src/domain/classification/classification';
import { classificationPolicyView } from '../src/domain/classification/classification-view';
import { iso } from '../src/domain/kernel/clock';
import { cancelJob, upsertJob } from '../src/domain/jobs/jobs';
import { classifier, expression, staticQueue } from './classification-fixture';
import { value } from './domain-fixture';

/** Classification on the fake clock: policies, every attachment and rule kind, precedence, failures, reclassify, events. */
const status = (result: { ok: boolean; error?: { status: number } }): number => (result.ok ? 200 : result.error?.status ?? 0);

test.describe('classification policies (domain)', () => {
  test('an upsert creates then updates; the view has the published shape with both attachment lists', () => {
    const c = classifier();
    const first = value(upsertClassificationPolicy(c.ctx, 'cp', { name: 'n', prioritizationRule: expression('If(job.VIP = true, 10, 1)') }));
    expect(first.created).toBe(true);
    const firstEtag = first.entity.etag;
    const second = value(upsertClassificationPolicy(c.ctx, 'cp', { fallbackQueueId: 'q' }));
    expect(second.created).toBe(false);
    expect(second.entity.etag).not.toBe(firstEtag);
    expect(classificationPolicyView(second.entity)).toEqual({
      id: 'cp', name: 'n', fallbackQueueId: 'q', queueSelectorAttachments: [],
      prioritizationRule: { kind: 'expression', language: 'powerFx', expression: 'If(job.VIP = true, 10, 1)' }, workerSelectorAttachments: [], etag: second.entity.etag,
    });
    // A rule of another kind replaces the old one; null removes it (merge patch).
    value(upsertClassificationPolicy(c.ctx, 'cp', { prioritizationRule: { kind: 'static', value: 5 } }));
    expect(classificationPolicyView(c.ctx.store.classificationPolicies.get('cp')!)['prioritizationRule']).toEqual({ kind: 'static', value: 5 });
    value(upsertClassificationPolicy(c.ctx, 'cp', { prioritizationRule: null, name: null }));
    const view = classificationPolicyView(value(getClassificationPolicy(c.ctx, 'cp')));
    expect(view['prioritizationRule']).toBeUndefined();
    expect(view['name']).toBeUndefined();
  });

  test('kinds, required properties and types are checked, naming the property path; function and webhook rules answer 501', () => {
    const c = classifier();
    const problem = (body: Record<string, unknown>) => {
      const result = upsertClassificationPolicy(c.ctx, 'bad', body);
      return result.ok ? 'accepted' : `${result.error.status} ${result.error.message}`;
    };
    expect(problem({ name: 3 })).toBe('400 "name" must be a string');
    expect(problem({ queueSelectorAttachments: {} })).toBe('400 "queueSelectorAttachments" must be an array');
    expect(problem({ queueSelectorAttachments: [{ kind: 'nope' }] })).toBe('400 "queueSelectorAttachments[0].kind" must be one of conditional, passThrough, ruleEngine, static, weightedAllocation');
    expect(problem({ queueSelectorAttachments: [{ kind: 'static' }] })).toBe('400 "queueSelectorAttachments[0].queueSelector" is required');
    expect(problem({ queueSelectorAttachments: [{ kind: 'static', queueSelector: { key: 'Id', labelOperator: 'like' } }] }))
      .toBe('400 "queueSelectorAttachments[0].queueSelector.labelOperator" must be one of equal, notEqual, lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual');
    expect(problem({ workerSelectorAttachments: [{ kind: 'static', workerSelector: { key: 'k', labelOperator: 'equal', value: { a: 1 } } }] }))
      .toBe('400 "workerSelectorAttachments[0].workerSelector.value" must be a string, number or boolean');
    expect(problem({ workerSelectorAttachments: [{ kind: 'passThrough', key: 'k', labelOperator: 'equal', expiresAfterSeconds: 'x' }] }))
      .toBe('400 "workerSelectorAttachments[0].expiresAfterSeconds" must be a number');
    expect(problem({ workerSelectorAttachments: [{ kind: 'conditional', condition: { kind: 'static', value: true } }] })).toBe('400 "workerSelectorAttachments[0].workerSelectors" is required');
    expect(problem({ prioritizationRule: { kind: 'expression' } })).toBe('400 "prioritizationRule.expression" is required');
    expect(problem({ prioritizationRule: { kind: 'expression', expression: '1', language: 'csharp' } })).toBe('400 "prioritizationRule.language" must be one of powerFx');
    expect(problem({ prioritizationRule: {} })).toBe('400 "prioritizationRule.kind" is required');
    expect(problem({ queueSelectorAttachments: [{ kind: 'weightedAllocation', allocations: [{ weight: 0.5, queueSelectors: [] }] }] }))
      .toBe('400 "queueSelectorAttachments[0].allocations" weights must add up to 1');
    expect(problem({ prioritizationRule: { kind: 'function', functionUri: 'https://f.example' } })).toBe('501 The emulator does not implement function router rules.');
    expect(problem({ queueSelectorAttachments: [{ kind: 'ruleEngine', rule: { kind: 'webhook', webhookUri: 'https://w.example' } }] }))
      .toBe('501 The emulator does not implement webhook router rules.');
    expect(c.ctx.store.classificationPolicies.has('bad')).toBe(false);
  });

  test('delete answers 404 for an unknown policy and 400 while an active job names it', () => {
    const c = classifier();
    c.policy('cp', { fallbackQueueId: 'q' });
    expect(status(deleteClassificationPolicy(c.ctx, 'none'))).toBe(404);
    c.classify('j', 'cp');
    const refused = deleteClassificationPolicy(c.ctx, 'cp');
    expect(refused.ok ? undefined : refused.error.details).toEqual([{ code: 'ActiveJobWithClassificationPolicyExist', message: 'There is active job with this classification policy' }]);
    value(cancelJob(c.ctx, 'j', {}));
    expect(status(deleteClassificationPolicy(c.ctx, 'cp'))).toBe(200);
    expect(status(getClassificationPolicy(c.ctx, 'cp'))).toBe(404);
  });
});

test.describe('classifying jobs (domain)', () => {
  test('a static queue selector on Id queues the job there at the clock time, with RouterJobClassified then RouterJobQueued', () => {
    const c = classifier();
    c.queue('sales', { dept: 'sales' }, 'Sales');
    c.policy('cp', { queueSelectorAttachments: [staticQueue('sales')], prioritizationRule: { kind: 'static', value: 7 } });
    c.events();
    const job = c.classify('j', 'cp', { labels: { tier: 2 } });
    expect(job.status).toBe('queued');
    expect(job.doc['queueId']).toBe('sales');
    expect(job.doc['priority']).toBe(7);
    expect(job.enqueuedAt).toBe(c.clock.now());
    const events = c.events().filter((e) => e.name.startsWith('RouterJob'));
    expect(events.map((e) => e.name)).toEqual(['RouterJobReceived', 'RouterJobClassified', 'RouterJobQueued']);
    expect(events[1]?.subject).toBe('job/j/channel/voice');
    expect(events[1]?.data).toEqual({
      jobId: 'j', channelReference: '', channelId: 'voice', queueId: 'sales', labels: { tier: '2' }, tags: {},
      queueDetails: { id: 'sales', name: 'Sales', labels: { dept: 'sales', Id: 'sales' } }, classificationPolicyId: 'cp', priority: 7, attachedWorkerSelectors: [],
    });
  });

  test('conditional attachments follow their condition; with no match the fallback queue is used', () => {
    const c = classifier();
    c.queue('na');
    c.queue('fallback');
    c.policy('cp', {
      queueSelectorAttachments: [{ kind: 'conditional', condition: expression('job.Region = "NA"'), queueSelectors: [{ key: 'Id', labelOperator: 'equal', value: 'na' }] }],
      fallbackQueueId: 'fallback',
      prioritizationRule: expression('If(job.Hardware_VIP = true, 10, 1)'),
    });
    const na = c.classify('a', 'cp', { labels: { Region: 'NA', Hardware_VIP: true } });
    expect([na.doc['queueId'], na.doc['priority']]).toEqual(['na', 10]);
    const other = c.classify('b', 'cp', { labels: { Region: 'EU' } });
    expect([other.doc['queueId'], other.doc['priority']]).toEqual(['fallback', 1]);
  });

  test('passThrough takes the selector value from the job label of the same key; a missing label fails classification', () => {
    const c = classifier();
    c.queue('en-emea', { Language: 'en', Region: 'EMEA' });
    c.queue('fr-emea', { Language: 'fr', Region: 'EMEA' });
    c.queue('en-na', { Language: 'en', Region: 'NA' });
    const passThrough = (key: string) => ({ kind: 'passThrough', key, labelOperator: 'equal' });
    c.policy('cp', { queueSelectorAttachments: [passThrough('Language'), passThrough('Region')] });
    expect(c.classify('a', 'cp', { labels: { Language: 'fr', Region: 'EMEA' } }).doc['queueId']).toBe('fr-emea');
    expect(c.classify('b', 'cp', { labels: { Language: 'en', Region: 'NA' } }).doc['queueId']).toBe('en-na');
    c.events();
    const missing = c.classify('c', 'cp', { labels: { Language: 'en' } });
    expect(missing.status).toBe('classificationFailed');
    const [failed] = c.events('RouterJobClassificationFailed');
    expect(failed?.data['errors']).toEqual([{ code: 'LabelNotFound', message: 'queueSelectorAttachments[1] passes through the label "Region", which the job does not have.' }]);
    expect(failed?.data['classificationPolicyId']).toBe('cp');
  });

  test('a ruleEngine attachment with a directMap rule selects by every job label; static and expression rules cannot yield selectors', () => {
    const c = classifier();
    c.queue('gold', { tier: 'gold', lang: 'en' });
    c.queue('silver', { tier: 'silver', lang: 'en' });
    c.policy('map', { queueSelectorAttachments: [{ kind: 'ruleEngine', rule: { kind: 'directMap' } }], workerSelectorAttachments: [{ kind: 'ruleEngine', rule: { kind: 'directMap' } }] });
    const job = c.classify('a', 'map', { labels: { tier: 'silver', lang: 'en' } });
    expect(job.doc['queueId']).toBe('silver');
    expect(job.attachedWorkerSelectors).toEqual([{ key: 'tier', labelOperator: 'equal', value: 'silver' }, { key: 'lang', labelOperator: 'equal', value: 'en' }]);
    c.policy('static', { queueSelectorAttachments: [{ kind: 'ruleEngine', rule: { kind: 'static', value: 'gold' } }] });
    expect(c.classify('b', 'static').status).toBe('classificationFailed');
    c.policy('expr', { queueSelectorAttachments: [{ kind: 'ruleEngine', rule: expression('job.tier') }] });
    c.events();
    expect(c.classify('c', 'expr').status).toBe('classificationFailed');
    expect(c.events('RouterJobClassificationFailed')[0]?.data['errors']).toEqual([{ code: 'ExpressionNotSupported', message: expect.stringContaining('returns selectors') }]);
  });

  test('weightedAllocation draws deterministically from the job id: the same job lands in the same allocation, 10,000 ids split by weight', () => {
    const c = classifier();
    c.queue('a');
    c.queue('b');
    const selectors = (id: string) => [{ key: 'Id', labelOperator: 'equal', value: id }];
    c.policy('cp', { queueSelectorAttachments: [{ kind: 'weightedAllocation', allocations: [{ weight: 0.3, queueSelectors: selectors('a') }, { weight: 0.7, queueSelectors: selectors('b') }] }] });
    for (let i = 0; i < 10_000; i++) value(upsertJob(c.ctx, `job-${i}`, { channelId: 'voice', classificationPolicyId: 'cp' }));
    c.domain.tick();
    const counts = { a: 0, b: 0 };
    for (const job of c.ctx.store.jobs.values()) {
      const queueId = job.doc['queueId'];
      if (queueId === 'a' || queueId === 'b') counts[queueId]++;
    }
    expect(counts.a + counts.b).toBe(10_000);
    expect(Math.abs(counts.a - 3_000)).toBeLessThan(200);
    const first = c.ctx.store.jobs.get('job-7')!.doc['queueId'];
    value(reclassifyJob(c.ctx, 'job-7'));
    c.domain.tick();
    expect(c.ctx.store.jobs.get('job-7')!.doc['queueId']).toBe(first);
  });

  test('worker selector attachments of every kind are attached, carrying expiresAfterSeconds (with expiresAt) and expedite', () => {
    const c = classifier();
    c.policy('cp', {
      fallbackQueueId: 'q',
      workerSelectorAttachments: [
        { kind: 'static', workerSelector: { key: 'Skill', labelOperator: 'greaterThanOrEqual', value: 5, expiresAfterSeconds: 60, expedite: true } },
        { kind: 'conditional', condition: expression('job.Urgent = true'), workerSelectors: [{ key: 'Senior', labelOperator: 'equal', value: true }] },
        { kind: 'conditional', condition: expression('job.Urgent = false'), workerSelectors: [{ key: 'Junior', labelOperator: 'equal', value: true }] },
        { kind: 'passThrough', key: 'Language', labelOperator: 'equal', expiresAfterSeconds: 30 },
        { kind: 'weightedAllocation', allocations: [{ weight: 1, workerSelectors: [{ key: 'Vendor', labelOperator: 'equal', value: 'A' }] }] },
      ],
    });
    const job = c.classify('j', 'cp', { labels: { Urgent: true, Language: 'fr' } });
    const now = c.clock.now();
    expect(job.status).toBe('queued');
    expect(job.attachedWorkerSelectors).toEqual([
      { key: 'Skill', labelOperator: 'greaterThanOrEqual', value: 5, expiresAfterSeconds: 60, expedite: true, expiresAt: iso(now + 60_000) },
      { key: 'Senior', labelOperator: 'equal', value: true },
      { key: 'Language', labelOperator: 'equal', value: 'fr', expiresAfterSeconds: 30, expiresAt: iso(now + 30_000) },
      { key: 'Vendor', labelOperator: 'equal', value: 'A' },
    ]);
  });

  test('the RouterJobClassified event carries the attached selectors in the event shape', () => {
    const c = classifier();
    c.policy('cp', { fallbackQueueId: 'q', workerSelectorAttachments: [{ kind: 'static', workerSelector: { key: 'Skill', labelOperator: 'greaterThan', value: 5, expiresAfterSeconds: 60 } }] });
    c.events();
    c.classify('j', 'cp');
    const [classified] = c.events('RouterJobClassified');
    expect(classified?.data['attachedWorkerSelectors']).toEqual([{ key: 'Skill', labelOperator: 'GreaterThan', value: 5, ttlSeconds: 60, expirationTime: iso(c.clock.now() + 60_000), state: 'Active' }]);
  });

  test('attached worker selectors decide who is offered the job (the .NET static worker selector sample)', () => {
    const c = classifier();
    c.worker('plain', 1, { labels: { Skill_English_Lvl: 7 } });
    c.worker('fit', 1, { labels: { Location: 'United States', Language: 'en-us', Skill_English_Lvl: 7 } });
    const equal = (key: string, v: string) => ({ kind: 'static', workerSelector: { key, labelOperator: 'equal', value: v } });
    c.policy('cp', { fallbackQueueId: 'q', workerSelectorAttachments: [equal('Location', 'United States'), equal('Language', 'en-us')] });
    c.classify('j', 'cp');
    expect(c.offersOf('fit').map((o) => o.jobId)).toEqual(['j']);
    expect(c.offersOf('plain')).toEqual([]);
  });
});
