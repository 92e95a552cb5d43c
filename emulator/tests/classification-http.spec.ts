import { expect, test } from '@playwright/test';
import { startEmulator, type RunningEmulator } from '../src';
import { at, clientFor, type Answer, type Send } from './client';

/** Classification policies and reclassification over HTTP: CRUD, validation, 501s, reclassify. */
let emulator: RunningEmulator;
let send: Send;

test.beforeAll(async () => {
  emulator = await startEmulator();
  send = clientFor(emulator.url, emulator.accessKey);
});
test.afterAll(async () => emulator.close());

function expectDocumentedError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(at(answer.body, 'error', 'code')).toBe(code);
  expect(typeof at(answer.body, 'error', 'message')).toBe('string');
  expect(answer.headers.get('x-ms-error-code')).toBe(code);
}

const policyPath = (id: string) => `/routing/classificationPolicies/${id}`;

async function queue(id: string, labels: Record<string, unknown> = {}): Promise<void> {
  await send('PATCH', '/routing/distributionPolicies/cls-dp', { body: { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } } });
  expect((await send('PATCH', `/routing/queues/${id}`, { body: { distributionPolicyId: 'cls-dp', labels } })).status).toBeLessThan(300);
}

test.describe('classification policies over HTTP', () => {
  test('PATCH creates (201) then updates (200) with ETag; GET reads; DELETE answers 204 and then 404', async () => {
    const body = {
      name: 'Select XBOX Queue and set priority to 1 or 10',
      queueSelectorAttachments: [{ kind: 'conditional', condition: { kind: 'expression', expression: 'job.Region = "NA"' }, queueSelectors: [{ key: 'Id', labelOperator: 'equal', value: 'XBOX_NA_QUEUE' }] }],
      fallbackQueueId: 'XBOX_DEFAULT_QUEUE',
      prioritizationRule: { kind: 'expression', expression: 'If(job.Hardware_VIP = true, 10, 1)' },
    };
    const created = await send('PATCH', policyPath('crud-cp'), { body });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe(at(created.body, 'etag'));
    expect(created.headers.get('last-modified')).toBeTruthy();
    expect(created.body).toEqual({
      id: 'crud-cp', ...body, workerSelectorAttachments: [],
      queueSelectorAttachments: [{ ...body.queueSelectorAttachments[0], condition: { kind: 'expression', language: 'powerFx', expression: 'job.Region = "NA"' } }],
      prioritizationRule: { kind: 'expression', language: 'powerFx', expression: 'If(job.Hardware_VIP = true, 10, 1)' }, etag: at(created.body, 'etag'),
    });
    const updated = await send('PATCH', policyPath('crud-cp'), { body: { name: null, workerSelectorAttachments: [{ kind: 'passThrough', key: 'Language', labelOperator: 'equal' }] } });
    expect(updated.status).toBe(200);
    expect(at(updated.body, 'name')).toBeUndefined();
    expect(at(updated.body, 'workerSelectorAttachments')).toEqual([{ kind: 'passThrough', key: 'Language', labelOperator: 'equal' }]);
    const read = await send('GET', policyPath('crud-cp'));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(updated.body);
    expect((await send('DELETE', policyPath('crud-cp'))).status).toBe(204);
    expectDocumentedError(await send('GET', policyPath('crud-cp')), 404, 'NotFound');
    expectDocumentedError(await send('DELETE', policyPath('crud-cp')), 404, 'NotFound');
  });

  test('the list pages with maxpagesize and nextLink; If-Match guards upserts and deletes', async () => {
    for (const id of ['page-a', 'page-b', 'page-c']) await send('PATCH', policyPath(id), { body: { name: id } });
    const first = await send('GET', '/routing/classificationPolicies?maxpagesize=2');
    expect(first.status).toBe(200);
    expect((at(first.body, 'value') as unknown[]).length).toBe(2);
    const next = new URL(String(at(first.body, 'nextLink')));
    const second = await send('GET', `${next.pathname}${next.search.replace(/[?&]api-version=[^&]*/, '')}`);
    expect(second.status).toBe(200);
    expect((at(second.body, 'value') as unknown[]).length).toBeGreaterThanOrEqual(1);
    const etag = String(at((await send('GET', policyPath('page-a'))).body, 'etag'));
    expectDocumentedError(await send('PATCH', policyPath('page-a'), { body: { name: 'x' }, headers: { 'if-match': '"stale"' } }), 412, 'PreconditionFailed');
    expect((await send('PATCH', policyPath('page-a'), { body: { name: 'x' }, headers: { 'if-match': etag } })).status).toBe(200);
    expectDocumentedError(await send('DELETE', policyPath('page-a'), { headers: { 'if-match': etag } }), 412, 'PreconditionFailed');
    expectDocumentedError(await send('PATCH', policyPath('page-new'), { body: { name: 'x' }, headers: { 'if-match': '*' } }), 412, 'PreconditionFailed');
  });

  test('wrongly typed or incomplete bodies answer 400 naming the property path', async () => {
    const cases: [unknown, string][] = [
      [{ fallbackQueueId: 1 }, '"fallbackQueueId" must be a string'],
      [{ prioritizationRule: { kind: 'magic' } }, '"prioritizationRule.kind" must be one of directMap, expression, function, static, webhook'],
      [{ queueSelectorAttachments: [{ kind: 'passThrough', key: 'Region' }] }, '"queueSelectorAttachments[0].labelOperator" is required'],
      [{ workerSelectorAttachments: [{ kind: 'static', workerSelector: { key: 'k', labelOperator: 'equal', expedite: 'yes' } }] }, '"workerSelectorAttachments[0].workerSelector.expedite" must be a boolean'],
      [{ workerSelectorAttachments: [null] }, '"workerSelectorAttachments[0]" must be an object'],
    ];
    for (const [body, message] of cases) {
      const answer = await send('PATCH', policyPath('invalid'), { body });
      expectDocumentedError(answer, 400, 'BadRequest');
      expect(at(answer.body, 'error', 'message')).toBe(message);
    }
    expectDocumentedError(await send('PATCH', policyPath('invalid'), { rawBody: '[1]' }), 400, 'BadRequest');
    expectDocumentedError(await send('PATCH', policyPath('invalid'), { rawBody: '{"name":' }), 400, 'BadRequest');
    expectDocumentedError(await send('GET', policyPath('invalid')), 404, 'NotFound');
    expectDocumentedError(await send('PUT', policyPath('invalid'), { body: {} }), 405, 'MethodNotAllowed');
  });

  test('function and webhook rules answer 501 NotImplemented of their own, saying which', async () => {
    const fn = await send('PATCH', policyPath('fn'), { body: { prioritizationRule: { kind: 'function', functionUri: 'https://contoso.azurewebsites.net/api/priority' } } });
    expectDocumentedError(fn, 501, 'NotImplemented');
    expect(at(fn.body, 'error', 'message')).toBe('The emulator does not implement function router rules.');
    const hook = await send('PATCH', policyPath('hook'), {
      body: { workerSelectorAttachments: [{ kind: 'conditional', condition: { kind: 'webhook', webhookUri: 'https://contoso.example/rule' }, workerSelectors: [] }] },
    });
    expectDocumentedError(hook, 501, 'NotImplemented');
    expect(at(hook.body, 'error', 'message')).toBe('The emulator does not implement webhook router rules.');
    expectDocumentedError(await send('GET', policyPath('fn')), 404, 'NotFound');
  });
});

test.describe('classification and reclassify over HTTP', () => {
  test('a job naming the policy is queued by it (queue, priority, attached selectors); reclassify answers 200 {} and applies new labels', async () => {
    await queue('http-na', { Region: 'NA' });
    await queue('http-eu', { Region: 'EU' });
    await send('PATCH', policyPath('http-cp'), {
      body: {
        queueSelectorAttachments: [{ kind: 'passThrough', key: 'Region', labelOperator: 'equal' }],
        prioritizationRule: { kind: 'expression', expression: 'If(job.Escalated = true, 10, 1)' },
        workerSelectorAttachments: [{ kind: 'static', workerSelector: { key: 'Skill', labelOperator: 'greaterThan', value: 3 } }],
      },
    });
    const created = await send('PATCH', '/routing/jobs/http-job', { body: { channelId: 'voice', classificationPolicyId: 'http-cp', labels: { Region: 'NA' } } });
    expect(created.status).toBe(201);
    expect(at(created.body, 'status')).toBe('pendingClassification');
    const classified = await send('GET', '/routing/jobs/http-job');
    expect([at(classified.body, 'status'), at(classified.body, 'queueId'), at(classified.body, 'priority')]).toEqual(['queued', 'http-na', 1]);
    expect(typeof at(classified.body, 'enqueuedAt')).toBe('string');
    await send('PATCH', '/routing/jobs/http-job', { body: { labels: { Region: 'EU', Escalated: true } } });
    const reclassified = await send('POST', '/routing/jobs/http-job:reclassify');
    expect(reclassified.status).toBe(200);
    expect(reclassified.body).toEqual({});
    const after = await send('GET', '/routing/jobs/http-job');
    expect([at(after.body, 'status'), at(after.body, 'queueId'), at(after.body, 'priority')]).toEqual(['queued', 'http-eu', 10]);
    const withBody = await send('POST', '/routing/jobs/http-job:reclassify', { body: {} });
    expect([withBody.status, withBody.body]).toEqual([200, {}]);
    const refused = await send('DELETE', policyPath('http-cp'));
    expectDocumentedError(refused, 400, 'BadRequest');
    expect(at(refused.body, 'error', 'details')).toEqual([{ code: 'ActiveJobWithClassificationPolicyExist', message: 'There is active job with this classification policy' }]);
  });

  test('a failed classification shows classificationFailed; reclassify refuses unknown jobs, jobs without a policy and bad bodies', async () => {
    await send('PATCH', policyPath('http-none'), { body: { queueSelectorAttachments: [{ kind: 'static', queueSelector: { key: 'Id', labelOperator: 'equal', value: 'nowhere' } }] } });
    await send('PATCH', '/routing/jobs/http-failed', { body: { channelId: 'voice', classificationPolicyId: 'http-none' } });
    expect(at((await send('GET', '/routing/jobs/http-failed')).body, 'status')).toBe('classificationFailed');
    expect((await send('POST', '/routing/jobs/http-failed:reclassify')).status).toBe(200);
    expectDocumentedError(await send('POST', '/routing/jobs/http-missing:reclassify'), 404, 'NotFound');
    await queue('http-plain');
    await send('PATCH', '/routing/jobs/http-plain-job', { body: { channelId: 'voice', queueId: 'http-plain' } });
    expectDocumentedError(await send('POST', '/routing/jobs/http-plain-job:reclassify'), 400, 'BadRequest');
    expectDocumentedError(await send('POST', '/routing/jobs/http-failed:reclassify', { rawBody: '[]' }), 400, 'BadRequest');
    expectDocumentedError(await send('POST', '/routing/jobs/http-failed:reclassify', { rawBody: 'not json' }), 400, 'BadRequest');
  });

  test('reclassifying an assigned job answers 409', async () => {
    await queue('http-assign');
    await send('PATCH', policyPath('http-assign-cp'), { body: { fallbackQueueId: 'http-assign' } });
    await send('PATCH', '/routing/workers/http-w', { body: { capacity: 1, queues: ['http-assign'], channels: [{ channelId: 'sms', capacityCostPerJob: 1 }], availableForOffers: true } });
    await send('PATCH', '/routing/jobs/http-assign-job', { body: { channelId: 'sms', classificationPolicyId: 'http-assign-cp' } });
    const worker = await send('GET', '/routing/workers/http-w');
    const offerId = String(at(worker.body, 'offers', 0, 'offerId'));
    expect((await send('POST', `/routing/workers/http-w/offers/${offerId}:accept`)).status).toBe(200);
    expectDocumentedError(await send('POST', '/routing/jobs/http-assign-job:reclassify'), 409, 'Conflict');
  });
});
