import { expect, test } from '@playwright/test';
import { upsertQueue } from '../src/domain/admin/admin';
import type { RouterEvent } from '../src/domain';
import { deleteExceptionPolicy, exceptionPolicyView, runExceptionRules, upsertExceptionPolicy } from '../src/domain/exceptions/exceptions';
import { cancelJob } from '../src/domain/jobs/jobs';
import type { JsonObject } from '../src/domain/state/model';
import { acceptOffer } from '../src/domain/offers/offers';
import { routerWith, value } from './domain-fixture';

/** Exception policies on the fake clock: triggers just before and at their threshold, each action, once-only firing. */
type Router = ReturnType<typeof routerWith>;

const waitTime = (thresholdSeconds: number, ...actions: JsonObject[]): JsonObject => ({ id: 'slow', trigger: { kind: 'waitTime', thresholdSeconds }, actions });
const queueLength = (threshold: number, ...actions: JsonObject[]): JsonObject => ({ id: 'full', trigger: { kind: 'queueLength', threshold }, actions });

/** Creates exception policy `e` with these rules and attaches it to queue `q` (or the queue given). */
function attach(r: Router, rules: JsonObject[], queueId = 'q'): void {
  value(upsertExceptionPolicy(r.ctx, 'e', { name: 'escalation', exceptionRules: rules }));
  value(upsertQueue(r.ctx, queueId, { distributionPolicyId: 'p', exceptionPolicyId: 'e' }));
}

const names = (events: readonly RouterEvent[]): string[] => events.map((e) => e.name);
const jobOf = (r: Router, id: string) => {
  const job = r.ctx.store.jobs.get(id);
  if (!job) throw new Error(`no job ${id}`);
  return job;
};

test.describe('exception policies (domain)', () => {
  test('waitTime: not before thresholdSeconds, then the rule fires on its own tick and cancels the job', () => {
    const r = routerWith();
    attach(r, [waitTime(10, { kind: 'cancel', note: 'waited too long', dispositionCode: 'Timeout' })]);
    r.job('j');
    r.domain.tick();
    r.domain.drain();
    r.advance(9_999);
    expect(jobOf(r, 'j').status).toBe('queued');
    expect(r.domain.drain()).toEqual([]);
    // No request and nothing dirty: only the wake-up asked for by the trigger makes this tick run.
    r.clock.advance(1);
    r.domain.tick();
    const job = jobOf(r, 'j');
    expect(job.status).toBe('cancelled');
    expect(job.dispositionCode).toBe('Timeout');
    expect(job.notes.map((n) => n.message)).toEqual(['waited too long']);
    const events = r.domain.drain();
    expect(names(events)).toEqual(['RouterJobExceptionTriggered', 'RouterJobCancelled']);
    expect(events[0]?.subject).toBe('job/j/channel/voice/exceptionrule/slow');
    expect(events[0]?.data).toMatchObject({ jobId: 'j', queueId: 'q', ruleKey: 'slow', exceptionRuleId: 'e' });
    expect(events[1]?.data).toMatchObject({ note: 'waited too long', dispositionCode: 'Timeout' });
  });

  test('waitTime cancel without options uses the cancel defaults (disposition "Cancelled", no note)', () => {
    const r = routerWith();
    attach(r, [waitTime(0.5, { kind: 'cancel' })]);
    r.job('j');
    r.advance(499);
    expect(jobOf(r, 'j').status).toBe('queued');
    r.advance(1);
    expect(jobOf(r, 'j')).toMatchObject({ status: 'cancelled', dispositionCode: 'Cancelled', notes: [] });
  });

  test('a waitTime rule cancels a job whose offer is still open, and the offer is revoked', () => {
    const r = routerWith({ expirySeconds: 300 });
    attach(r, [waitTime(10, { kind: 'cancel' })]);
    r.worker('w');
    r.job('j');
    expect(r.offersOf('w')).toHaveLength(1);
    r.advance(10_000);
    expect(jobOf(r, 'j').status).toBe('cancelled');
    expect(r.offersOf('w')).toHaveLength(0);
  });

  test('queueLength: the jobs up to threshold stay, the one that makes the queue longer is reclassified manually', () => {
    const r = routerWith();
    value(upsertQueue(r.ctx, 'backup', { distributionPolicyId: 'p' }));
    const selector = { key: 'escalated', labelOperator: 'equal', value: true };
    attach(r, [queueLength(2, { kind: 'manualReclassify', queueId: 'backup', priority: 10, workerSelectors: [selector] })]);
    r.job('j1');
    r.domain.tick();
    r.job('j2');
    r.domain.tick();
    expect([jobOf(r, 'j1'), jobOf(r, 'j2')].map((j) => j.doc['queueId'])).toEqual(['q', 'q']);
    r.domain.drain();
    r.clock.advance(5_000);
    r.job('j3');
    r.domain.tick();
    const moved = jobOf(r, 'j3');
    expect(moved.status).toBe('queued');
    expect(moved.doc).toMatchObject({ queueId: 'backup', priority: 10, requestedWorkerSelectors: [selector] });
    expect(moved.enqueuedAt).toBe(r.clock.now());
    expect(names(r.domain.drain())).toEqual(['RouterJobReceived', 'RouterJobQueued', 'RouterJobExceptionTriggered', 'RouterJobQueued']);
    expect(jobOf(r, 'j1').exceptionsTriggered.size).toBe(0);
  });

  test('queueLength counts jobs created between two ticks in the order they came', () => {
    const r = routerWith();
    attach(r, [queueLength(2, { kind: 'cancel' })]);
    for (const id of ['a', 'b', 'c', 'd']) r.job(id);
    r.domain.tick();
    expect(['a', 'b', 'c', 'd'].map((id) => jobOf(r, id).status)).toEqual(['queued', 'queued', 'cancelled', 'cancelled']);
    // Cancelled jobs left the queue: the next arrival is the third again.
    r.job('e');
    r.domain.tick();
    expect(jobOf(r, 'e').status).toBe('cancelled');
    value(cancelJob(r.ctx, 'a', {}));
    r.job('f');
    r.domain.tick();
    expect(jobOf(r, 'f').status).toBe('queued');
  });

  test('reclassify upserts labels and sends the job back to classification, revoking its offers', () => {
    const r = routerWith({ expirySeconds: 300 });
    attach(r, [waitTime(5, { kind: 'reclassify', classificationPolicyId: 'escalation', labelsToUpsert: { escalated: true, tier: 2 } })]);
    r.worker('w');
    r.job('j', { labels: { tier: 1, lang: 'en' } });
    expect(r.offersOf('w')).toHaveLength(1);
    r.clock.advance(5_000);
    // Just the exception step, so the result does not depend on what classification then does with the job.
    runExceptionRules(r.ctx, r.clock.now());
    const job = jobOf(r, 'j');
    expect(job.status).toBe('pendingClassification');
    expect(job.doc).toMatchObject({ classificationPolicyId: 'escalation', queueId: 'q', labels: { tier: 2, lang: 'en', escalated: true } });
    expect(job.offers.size).toBe(0);
    expect(names(r.domain.drain())).toContain('RouterWorkerOfferRevoked');
  });

  test('a rule fires once per job: a manualReclassify that keeps the queue does not fire it again', () => {
    const r = routerWith();
    attach(r, [waitTime(10, { kind: 'manualReclassify', priority: 5 })]);
    r.job('j');
    r.advance(10_000);
    const job = jobOf(r, 'j');
    expect(job.doc['priority']).toBe(5);
    expect([...job.exceptionsTriggered]).toEqual(['e:slow']);
    r.advance(60_000);
    r.advance(60_000);
    expect(names(r.domain.drain()).filter((n) => n === 'RouterJobExceptionTriggered')).toHaveLength(1);
  });

  test('the rules of a policy attached after the job was queued: waitTime counts from enqueuedAt, queueLength only for new arrivals', () => {
    const r = routerWith();
    r.job('j1');
    r.job('j2');
    r.advance(20_000);
    attach(r, [queueLength(1, { kind: 'manualReclassify', priority: 7 }), waitTime(10, { kind: 'cancel', note: 'late' })]);
    r.domain.tick();
    // Both waited 20 s already; neither joined the queue after the policy came, so queueLength leaves them be.
    for (const id of ['j1', 'j2']) expect(jobOf(r, id)).toMatchObject({ status: 'cancelled', notes: [{ message: 'late' }] });
    expect(jobOf(r, 'j1').doc['priority']).toBeUndefined();
    r.job('j3');
    r.job('j4');
    r.domain.tick();
    expect(jobOf(r, 'j3').doc['priority']).toBeUndefined();
    expect(jobOf(r, 'j4').doc['priority']).toBe(7);
  });

  test('assigned and cancelled jobs do not trigger', () => {
    const r = routerWith({ expirySeconds: 300 });
    attach(r, [waitTime(10, { kind: 'cancel' })]);
    r.worker('w');
    r.job('taken');
    const offer = r.offersOf('w')[0];
    if (!offer) throw new Error('no offer');
    value(acceptOffer(r.ctx, 'w', offer.offerId));
    r.job('dropped');
    value(cancelJob(r.ctx, 'dropped', { dispositionCode: 'Mine' }));
    r.domain.drain();
    r.advance(60_000);
    expect(jobOf(r, 'taken').status).toBe('assigned');
    expect(jobOf(r, 'dropped')).toMatchObject({ status: 'cancelled', dispositionCode: 'Mine' });
    expect(names(r.domain.drain())).not.toContain('RouterJobExceptionTriggered');
  });

  test('actions run in order and stop once the job is cancelled; the next rule is not tried', () => {
    const r = routerWith();
    attach(r, [
      waitTime(10, { kind: 'manualReclassify', priority: 3 }, { kind: 'cancel', dispositionCode: 'Escalated' }, { kind: 'manualReclassify', priority: 9 }),
      { id: 'also', trigger: { kind: 'waitTime', thresholdSeconds: 10 }, actions: [{ kind: 'cancel', dispositionCode: 'Other' }] },
    ]);
    r.job('j');
    r.domain.drain();
    r.advance(10_000);
    expect(jobOf(r, 'j')).toMatchObject({ status: 'cancelled', dispositionCode: 'Escalated' });
    expect(jobOf(r, 'j').doc['priority']).toBe(3);
    const events = r.domain.drain();
    expect(names(events)).toEqual(['RouterJobExceptionTriggered', 'RouterJobQueued', 'RouterJobCancelled']);
    expect(events[0]?.data['ruleKey']).toBe('slow');
  });

  test('a manualReclassify into another queue applies that queue\'s policy, measured from the move', () => {
    const r = routerWith();
    value(upsertExceptionPolicy(r.ctx, 'second', { exceptionRules: [{ id: 'give-up', trigger: { kind: 'waitTime', thresholdSeconds: 30 }, actions: [{ kind: 'cancel' }] }] }));
    value(upsertQueue(r.ctx, 'q2', { distributionPolicyId: 'p', exceptionPolicyId: 'second' }));
    attach(r, [waitTime(10, { kind: 'manualReclassify', queueId: 'q2' })]);
    r.job('j');
    r.advance(10_000);
    expect(jobOf(r, 'j').doc['queueId']).toBe('q2');
    r.advance(29_999);
    expect(jobOf(r, 'j').status).toBe('queued');
    r.advance(1);
    expect(jobOf(r, 'j').status).toBe('cancelled');
    expect([...jobOf(r, 'j').exceptionsTriggered]).toEqual(['e:slow', 'second:give-up']);
  });

  test('action ids: made when missing (deterministic), kept on a PATCH without rules, made anew when rules are sent again', () => {
    const r = routerWith();
    const rules = [waitTime(10, { kind: 'cancel', note: 'n' }, { id: 'mine', kind: 'cancel' })];
    const first = value(upsertExceptionPolicy(r.ctx, 'e', { name: 'x', exceptionRules: rules }));
    expect(first.created).toBe(true);
    const view = exceptionPolicyView(first.entity);
    expect(Object.keys(view)).toEqual(['id', 'name', 'exceptionRules', 'etag']);
    const actions = (view['exceptionRules'] as JsonObject[])[0]?.['actions'] as JsonObject[];
    expect(actions).toEqual([{ kind: 'cancel', note: 'n', id: expect.stringMatching(/^exceptionAction-\d+$/) }, { id: 'mine', kind: 'cancel' }]);
    const renamed = value(upsertExceptionPolicy(r.ctx, 'e', { name: null }));
    expect(renamed.created).toBe(false);
    expect(exceptionPolicyView(renamed.entity)).toEqual({ id: 'e', exceptionRules: view['exceptionRules'], etag: renamed.entity.etag });
    const again = exceptionPolicyView(value(upsertExceptionPolicy(r.ctx, 'e', { exceptionRules: rules })).entity);
    const newId = ((again['exceptionRules'] as JsonObject[])[0]?.['actions'] as JsonObject[])[0]?.['id'];
    expect(newId).not.toBe(actions[0]?.['id']);
  });

  test('a policy a queue names cannot be deleted; once the queue lets go it can', () => {
    const r = routerWith();
    attach(r, [waitTime(10, { kind: 'cancel' })]);
    const refused = deleteExceptionPolicy(r.ctx, 'e');
    expect(refused.ok ? undefined : refused.error).toMatchObject({ status: 400, details: [{ code: 'QueueExistsWithExceptionPolicy' }] });
    value(upsertQueue(r.ctx, 'q', { exceptionPolicyId: null }));
    expect(deleteExceptionPolicy(r.ctx, 'e').ok).toBe(true);
    const missing = deleteExceptionPolicy(r.ctx, 'e');
    expect(missing.ok ? 200 : missing.error.status).toBe(404);
  });
});
