import { expect, test } from '@playwright/test';
import { startEmulator, type RunningEmulator } from 'jobrouter-emulator';
import { at, clientFor, type Send } from '../../emulator/tests/client';
import { observe } from './fault-probes';

/** Exception policies over HTTP: CRUD, paging, If-Match, validation, and the SDK recordings' waitTime → cancel scenario. */
let emulator: RunningEmulator;
let send: Send;

test.beforeAll(async () => {
  emulator = await startEmulator();
  send = clientFor(emulator.url, emulator.accessKey);
});
test.afterAll(async () => emulator.close());

/** The policy of the published JS recordings (should cancel a job, should update an exception policy). */
const RECORDED = {
  name: 'test-e-policy',
  exceptionRules: [{ id: 'MaxWaitTimeExceededCancel', actions: [{ kind: 'cancel', note: 'wait time exceeded; cancelling' }], trigger: { kind: 'waitTime', thresholdSeconds: 10 } }],
};

const errorMessage = (body: unknown): string => String(at(body, 'error', 'message'));

test.describe('exception policies (http)', () => {
  test('PATCH creates (201) then updates (200); the answer has production\'s shape, a made action id, ETag and Last-Modified', async () => {
    const created = await send('PATCH', '/routing/exceptionPolicies/crud-e', { body: RECORDED });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe(at(created.body, 'etag'));
    expect(created.headers.get('last-modified')).toBeTruthy();
    expect(Object.keys(created.body as object)).toEqual(['id', 'name', 'exceptionRules', 'etag']);
    const actionId = at(created.body, 'exceptionRules', 0, 'actions', 0, 'id');
    expect(typeof actionId).toBe('string');
    expect(at(created.body, 'exceptionRules')).toEqual([
      { id: 'MaxWaitTimeExceededCancel', trigger: { kind: 'waitTime', thresholdSeconds: 10 }, actions: [{ kind: 'cancel', note: 'wait time exceeded; cancelling', id: actionId }] },
    ]);
    const renamed = await send('PATCH', '/routing/exceptionPolicies/crud-e', { body: { name: null } });
    expect(renamed.status).toBe(200);
    expect(at(renamed.body, 'name')).toBeUndefined();
    expect(at(renamed.body, 'exceptionRules', 0, 'actions', 0, 'id')).toBe(actionId);
    expect(at(renamed.body, 'etag')).not.toBe(at(created.body, 'etag'));
    const read = await send('GET', '/routing/exceptionPolicies/crud-e');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(renamed.body);
    expect(read.headers.get('etag')).toBe(at(renamed.body, 'etag'));
    const bare = await send('PATCH', '/routing/exceptionPolicies/crud-bare', { body: {} });
    expect(bare.body).toEqual({ id: 'crud-bare', exceptionRules: [], etag: at(bare.body, 'etag') });
  });

  test('DELETE answers 204, then GET and DELETE answer 404; lists page with nextLink', async () => {
    for (const id of ['list-1', 'list-2', 'list-3']) expect((await send('PATCH', `/routing/exceptionPolicies/${id}`, { body: RECORDED })).status).toBe(201);
    const first = await send('GET', '/routing/exceptionPolicies?maxpagesize=2');
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBeNull();
    expect(at(first.body, 'value')).toHaveLength(2);
    const ids: unknown[] = [];
    let page = first;
    for (let n = 0; n < 50; n++) {
      ids.push(...(at(page.body, 'value') as unknown[]).map((p) => at(p, 'id')));
      const nextLink = at(page.body, 'nextLink');
      if (typeof nextLink !== 'string') break;
      const next = new URL(nextLink);
      page = await send('GET', `${next.pathname}${next.search}`, { apiVersion: null });
    }
    expect(ids).toEqual(expect.arrayContaining(['list-1', 'list-2', 'list-3']));
    expect((await send('DELETE', '/routing/exceptionPolicies/list-2')).status).toBe(204);
    expect((await send('GET', '/routing/exceptionPolicies/list-2')).status).toBe(404);
    const gone = await send('DELETE', '/routing/exceptionPolicies/list-2');
    expect(gone.status).toBe(404);
    expect(gone.headers.get('x-ms-error-code')).toBe('NotFound');
  });

  test('If-Match: a stale tag answers 412 on PATCH and DELETE, the current one and * pass', async () => {
    const created = await send('PATCH', '/routing/exceptionPolicies/etag-e', { body: RECORDED });
    const etag = String(at(created.body, 'etag'));
    expect((await send('PATCH', '/routing/exceptionPolicies/etag-e', { body: { name: 'a' }, headers: { 'if-match': '"stale"' } })).status).toBe(412);
    expect((await send('PATCH', '/routing/exceptionPolicies/etag-missing', { body: { name: 'a' }, headers: { 'if-match': '*' } })).status).toBe(412);
    expect((await send('PATCH', '/routing/exceptionPolicies/etag-e', { body: { name: 'a' }, headers: { 'if-match': etag } })).status).toBe(200);
    expect((await send('DELETE', '/routing/exceptionPolicies/etag-e', { headers: { 'if-match': etag } })).status).toBe(412);
    expect((await send('DELETE', '/routing/exceptionPolicies/etag-e', { headers: { 'if-match': '*' } })).status).toBe(204);
  });

  test('a policy a queue names is not deleted: 400 with the detail QueueExistsWithExceptionPolicy', async () => {
    await send('PATCH', '/routing/distributionPolicies/used-p', { body: { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } } });
    await send('PATCH', '/routing/exceptionPolicies/used-e', { body: RECORDED });
    await send('PATCH', '/routing/queues/used-q', { body: { distributionPolicyId: 'used-p', exceptionPolicyId: 'used-e' } });
    const refused = await send('DELETE', '/routing/exceptionPolicies/used-e');
    expect(refused.status).toBe(400);
    expect(at(refused.body, 'error', 'details')).toEqual([{ code: 'QueueExistsWithExceptionPolicy', message: 'There is a queue with this exception policy' }]);
  });

  const rule = (trigger: unknown, actions: unknown = [{ kind: 'cancel' }]) => ({ exceptionRules: [{ id: 'r', trigger, actions }] });
  const invalid: readonly [string, unknown, string][] = [
    ['name', { name: 5 }, '"name" must be a string'],
    ['rules not an array', { exceptionRules: { id: 'r' } }, '"exceptionRules" must be an array'],
    ['rule not an object', { exceptionRules: ['r'] }, '"exceptionRules[0]" must be an object'],
    ['rule id', { exceptionRules: [{ trigger: { kind: 'waitTime', thresholdSeconds: 1 }, actions: [] }] }, '"exceptionRules[0].id" is required'],
    ['rule id type', { exceptionRules: [{ id: 3, trigger: { kind: 'waitTime', thresholdSeconds: 1 }, actions: [] }] }, '"exceptionRules[0].id" must be a string'],
    ['duplicate rule ids', { exceptionRules: [rule({ kind: 'waitTime', thresholdSeconds: 1 }).exceptionRules[0], rule({ kind: 'waitTime', thresholdSeconds: 2 }).exceptionRules[0]] }, '"exceptionRules[1].id" repeats the rule id "r"'],
    ['trigger', { exceptionRules: [{ id: 'r', actions: [] }] }, '"exceptionRules[0].trigger" is required'],
    ['trigger kind', rule({ threshold: 1 }), '"exceptionRules[0].trigger.kind" is required'],
    ['unknown trigger kind', rule({ kind: 'idle' }), '"exceptionRules[0].trigger.kind" must be one of queueLength, waitTime'],
    ['threshold', rule({ kind: 'queueLength' }), '"exceptionRules[0].trigger.threshold" is required'],
    ['threshold type', rule({ kind: 'queueLength', threshold: 1.5 }), '"exceptionRules[0].trigger.threshold" must be a 32-bit integer'],
    ['threshold zero', rule({ kind: 'queueLength', threshold: 0 }), '"exceptionRules[0].trigger.threshold" must be greater than 0'],
    ['thresholdSeconds', rule({ kind: 'waitTime', threshold: 5 }), '"exceptionRules[0].trigger.thresholdSeconds" is required'],
    ['thresholdSeconds type', rule({ kind: 'waitTime', thresholdSeconds: '10' }), '"exceptionRules[0].trigger.thresholdSeconds" must be a number'],
    ['negative thresholdSeconds', rule({ kind: 'waitTime', thresholdSeconds: -1 }), '"exceptionRules[0].trigger.thresholdSeconds" must not be negative'],
    ['actions', { exceptionRules: [{ id: 'r', trigger: { kind: 'waitTime', thresholdSeconds: 1 } }] }, '"exceptionRules[0].actions" is required'],
    ['action kind', rule({ kind: 'waitTime', thresholdSeconds: 1 }, [{ note: 'n' }]), '"exceptionRules[0].actions[0].kind" is required'],
    ['unknown action kind', rule({ kind: 'waitTime', thresholdSeconds: 1 }, [{ kind: 'escalate' }]), '"exceptionRules[0].actions[0].kind" must be one of cancel, manualReclassify, reclassify'],
    ['cancel note', rule({ kind: 'waitTime', thresholdSeconds: 1 }, [{ kind: 'cancel', note: 1 }]), '"exceptionRules[0].actions[0].note" must be a string'],
    ['action id', rule({ kind: 'waitTime', thresholdSeconds: 1 }, [{ kind: 'cancel', id: '' }]), '"exceptionRules[0].actions[0].id" must not be empty'],
    ['priority', rule({ kind: 'waitTime', thresholdSeconds: 1 }, [{ kind: 'manualReclassify', priority: 'high' }]), '"exceptionRules[0].actions[0].priority" must be a 32-bit integer'],
    ['selector key', rule({ kind: 'waitTime', thresholdSeconds: 1 }, [{ kind: 'manualReclassify', workerSelectors: [{ labelOperator: 'equal', value: 1 }] }]), '"exceptionRules[0].actions[0].workerSelectors[0].key" is required'],
    ['selector operator', rule({ kind: 'waitTime', thresholdSeconds: 1 }, [{ kind: 'manualReclassify', workerSelectors: [{ key: 'k', labelOperator: 'like' }] }]), '"exceptionRules[0].actions[0].workerSelectors[0].labelOperator" must be one of'],
    ['labelsToUpsert', rule({ kind: 'waitTime', thresholdSeconds: 1 }, [{ kind: 'reclassify', labelsToUpsert: { a: [1] } }]), '"exceptionRules[0].actions[0].labelsToUpsert.a" must be a string, number or boolean'],
  ];
  for (const [what, body, message] of invalid) {
    test(`400 naming the property: ${what}`, async () => {
      const answer = await send('PATCH', `/routing/exceptionPolicies/bad-${what.replaceAll(' ', '-')}`, { body });
      expect(answer.status).toBe(400);
      expect(errorMessage(answer.body)).toContain(message);
      expect((await send('GET', `/routing/exceptionPolicies/bad-${what.replaceAll(' ', '-')}`)).status).toBe(404);
    });
  }

  test('the recorded scenario end to end: a queued job is cancelled by the waitTime rule at 10 s on the emulator\'s clock', async () => {
    const seen = await observe([], async (world) => {
      await world.send('PATCH', '/routing/distributionPolicies/test-d-policy-recorded-jobs', { body: { name: 'test-d-policy', offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle', minConcurrentOffers: 1, maxConcurrentOffers: 5, bypassSelectors: false } } });
      await world.send('PATCH', '/routing/exceptionPolicies/test-e-policy-recorded-jobs', { body: RECORDED });
      const queue = await world.send('PATCH', '/routing/queues/test-a-queue-recorded-jobs', { body: { id: 'test-a-queue-recorded-jobs', name: 'test-a-queue', exceptionPolicyId: 'test-e-policy-recorded-jobs', distributionPolicyId: 'test-d-policy-recorded-jobs', labels: {} } });
      const job = await world.send('PATCH', '/routing/jobs/test-job-recorded-jobs', { body: { channelId: 'test-channel', queueId: 'test-a-queue-recorded-jobs', priority: 1 } });
      world.advance(9_999);
      const before = await world.send('GET', '/routing/jobs/test-job-recorded-jobs');
      world.advance(1);
      // Let the server's own tick run too: the rule fires on the clock, a request is not needed for it.
      await new Promise((resolve) => setTimeout(resolve, 450));
      const events = await world.events();
      const after = await world.send('GET', '/routing/jobs/test-job-recorded-jobs');
      return { queue: queue.status, job: job.status, before: at(before.body, 'status'), after: after.body, events: events.filter((e) => e.data['jobId'] === 'test-job-recorded-jobs') };
    }) as { queue: number; job: number; before: unknown; after: unknown; events: { type: string; data: Record<string, unknown>; raw: Record<string, unknown> }[] };
    expect([seen.queue, seen.job, seen.before]).toEqual([201, 201, 'queued']);
    expect(seen.after).toMatchObject({ status: 'cancelled', dispositionCode: 'Cancelled', notes: [{ message: 'wait time exceeded; cancelling' }] });
    const types = seen.events.map((e) => e.type.replace('Microsoft.Communication.', ''));
    expect(types).toEqual(['RouterJobReceived', 'RouterJobQueued', 'RouterJobExceptionTriggered', 'RouterJobCancelled']);
    const triggered = seen.events[2];
    expect(triggered?.raw['subject']).toBe('job/test-job-recorded-jobs/channel/test-channel/exceptionrule/MaxWaitTimeExceededCancel');
    expect(triggered?.data).toMatchObject({ ruleKey: 'MaxWaitTimeExceededCancel', exceptionRuleId: 'test-e-policy-recorded-jobs', queueId: 'test-a-queue-recorded-jobs' });
    expect(seen.events[3]?.data).toMatchObject({ note: 'wait time exceeded; cancelling', dispositionCode: 'Cancelled' });
  });
});
