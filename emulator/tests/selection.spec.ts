import { expect, test } from '@playwright/test';
import { upsertPolicy } from '../src/domain/admin/admin';
import { closeJob } from '../src/domain/jobs/assignments';
import { iso } from '../src/domain/kernel/clock';
import { jobPosition, upsertJob } from '../src/domain/jobs/jobs';
import type { JsonObject } from '../src/domain/state/model';
import { acceptOffer, declineOffer } from '../src/domain/offers/offers';
import { jobView } from '../src/domain/routing/views';
import { routerWith, value } from './domain-fixture';

/** Who gets offered a job: selectors (requested, attached, expiring, expedite), concurrent offers, bestWorker scoring. */
type Router = ReturnType<typeof routerWith>;

const offeredTo = (r: Router, ...workers: string[]): string[] => workers.filter((w) => r.offersOf(w).length > 0);

function declineAll(r: Router, workerId: string): void {
  for (const offer of r.offersOf(workerId)) value(declineOffer(r.ctx, workerId, offer.offerId, undefined));
}

test.describe('worker selectors', () => {
  test('an expiring selector holds a job back until expiresAt, then expires once with RouterJobWorkerSelectorsExpired', () => {
    const r = routerWith();
    r.worker('w', 1, { labels: { skill: 3 } });
    const job = r.job('j', { requestedWorkerSelectors: [{ key: 'skill', labelOperator: 'greaterThanOrEqual', value: 5, expiresAfterSeconds: 10 }] });
    const expiresAt = iso(r.clock.now() + 10_000);
    expect(r.offersOf('w')).toHaveLength(0);
    expect(jobView(r.ctx, job)['requestedWorkerSelectors']).toEqual([
      { key: 'skill', labelOperator: 'greaterThanOrEqual', value: 5, expiresAfterSeconds: 10, expedite: false, status: 'active', expiresAt },
    ]);
    r.domain.drain();
    r.advance(9_999);
    expect(r.offersOf('w')).toHaveLength(0);
    r.advance(1);
    expect(jobView(r.ctx, job)).toMatchObject({ requestedWorkerSelectors: [{ status: 'expired', expiresAt }] });
    expect(r.offersOf('w')).toHaveLength(1);
    const expired = r.domain.drain().filter((e) => e.name === 'RouterJobWorkerSelectorsExpired');
    expect(expired).toHaveLength(1);
    expect(expired[0]?.data).toMatchObject({
      jobId: 'j',
      expiredRequestedWorkerSelectors: [{ key: 'skill', labelOperator: 'GreaterThanOrEqual', value: 5, ttlSeconds: 10, state: 'Expired', expirationTime: expiresAt }],
      expiredAttachedWorkerSelectors: [],
    });
    // Sending the same selectors again keeps them expired and reports nothing new.
    value(upsertJob(r.ctx, 'j', { requestedWorkerSelectors: [{ value: 5, key: 'skill', expiresAfterSeconds: 10, labelOperator: 'greaterThanOrEqual' }] }));
    r.advance(1_000);
    expect(r.domain.drain().filter((e) => e.name === 'RouterJobWorkerSelectorsExpired')).toHaveLength(0);
  });

  test('attached selectors constrain matching too, expire and are shown', () => {
    const r = routerWith();
    r.worker('en', 1, { labels: { language: 'en' } });
    const job = value(upsertJob(r.ctx, 'j', { channelId: 'voice', queueId: 'q', matchingMode: { kind: 'suspend' } })).entity;
    // What classification does: attach selectors, then queue.
    job.attachedWorkerSelectors = [{ key: 'language', labelOperator: 'equal', value: 'fr', expiresAfterSeconds: 30 }];
    value(upsertJob(r.ctx, 'j', { matchingMode: { kind: 'queueAndMatch' } }));
    expect(r.offersOf('en')).toHaveLength(0);
    expect(jobView(r.ctx, job)['attachedWorkerSelectors']).toEqual([
      { key: 'language', labelOperator: 'equal', value: 'fr', expiresAfterSeconds: 30, expedite: false, status: 'active', expiresAt: iso(r.clock.now() + 30_000) },
    ]);
    r.domain.drain();
    r.advance(30_000);
    expect(r.offersOf('en')).toHaveLength(1);
    const expired = r.domain.drain().find((e) => e.name === 'RouterJobWorkerSelectorsExpired');
    expect(expired?.data).toMatchObject({ expiredRequestedWorkerSelectors: [], expiredAttachedWorkerSelectors: [{ key: 'language', state: 'Expired' }] });
  });

  test('an attached selector stamped with expiresAt by classification expires then', () => {
    const r = routerWith();
    r.worker('en', 1, { labels: { language: 'en' } });
    const job = value(upsertJob(r.ctx, 'j', { channelId: 'voice', queueId: 'q', matchingMode: { kind: 'suspend' } })).entity;
    const expiresAt = iso(r.clock.now() + 5_000);
    job.attachedWorkerSelectors = [{ key: 'language', labelOperator: 'equal', value: 'fr', expiresAfterSeconds: 60, expiresAt }];
    value(upsertJob(r.ctx, 'j', { matchingMode: { kind: 'queueAndMatch' } }));
    expect(jobView(r.ctx, job)).toMatchObject({ attachedWorkerSelectors: [{ status: 'active', expiresAt }] });
    r.advance(5_000);
    expect(jobView(r.ctx, job)).toMatchObject({ attachedWorkerSelectors: [{ status: 'expired', expiresAt }] });
    expect(r.offersOf('en')).toHaveLength(1);
  });

  test('expedite puts the job at the front of the queue while its selector is active', () => {
    const r = routerWith();
    r.job('high', { priority: 10 });
    r.job('rushed', { requestedWorkerSelectors: [{ key: 'x', labelOperator: 'notEqual', value: 'y', expedite: true, expiresAfterSeconds: 60 }] });
    expect(value(jobPosition(r.ctx, 'rushed'))).toMatchObject({ position: 1, queueLength: 2 });
    r.worker('w');
    expect(r.offersOf('w').map((o) => o.jobId)).toEqual(['rushed']);
    const r2 = routerWith();
    r2.job('high', { priority: 10 });
    r2.job('rushed', { requestedWorkerSelectors: [{ key: 'x', labelOperator: 'notEqual', value: 'y', expedite: true, expiresAfterSeconds: 60 }] });
    r2.advance(60_000);
    expect(value(jobPosition(r2.ctx, 'rushed'))).toMatchObject({ position: 2 });
  });
});

test.describe('concurrent offers', () => {
  test('a job is offered to up to maxConcurrentOffers at once, and again only when fewer than minConcurrentOffers remain', () => {
    const r = routerWith({ mode: { kind: 'longestIdle', minConcurrentOffers: 2, maxConcurrentOffers: 3 } });
    for (const id of ['a', 'b', 'c', 'd']) {
      r.worker(id);
      r.advance(1_000);
    }
    r.job('j');
    expect(offeredTo(r, 'a', 'b', 'c', 'd')).toEqual(['a', 'b', 'c']);
    declineAll(r, 'a');
    expect(offeredTo(r, 'a', 'b', 'c', 'd')).toEqual(['b', 'c']);
    declineAll(r, 'b');
    expect(offeredTo(r, 'a', 'b', 'c', 'd')).toEqual(['c', 'd']);
  });

  test('fewer eligible workers than minConcurrentOffers still get the offer', () => {
    const r = routerWith({ mode: { kind: 'roundRobin', minConcurrentOffers: 3, maxConcurrentOffers: 3 } });
    r.worker('a');
    r.job('j');
    expect(offeredTo(r, 'a')).toEqual(['a']);
  });
});

test.describe('distribution order', () => {
  test('longestIdle: least utilized first, then the one available longest (distribution-concepts example)', () => {
    const r = routerWith();
    r.worker('busy', 2);
    r.job('first');
    value(acceptOffer(r.ctx, 'busy', r.offersOf('busy')[0]!.offerId));
    r.advance(1_000);
    r.worker('idle', 2);
    r.job('second');
    expect(offeredTo(r, 'busy', 'idle')).toEqual(['idle']);
  });

  /** Workers in registration order (a registered first is idle longest), one offer at a time. */
  function bestWorker(mode: JsonObject, workers: Record<string, JsonObject>, job: JsonObject): string[] {
    const r = routerWith({ mode: { kind: 'bestWorker', ...mode } });
    for (const [id, labels] of Object.entries(workers)) {
      r.worker(id, 1, { labels });
      r.advance(1_000);
    }
    r.job('j', job);
    const order: string[] = [];
    for (let i = 0; i < Object.keys(workers).length; i++) {
      const next = Object.keys(workers).find((id) => r.offersOf(id).length > 0);
      if (!next) break;
      order.push(next);
      declineAll(r, next);
    }
    return order;
  }

  test('bestWorker default scoring by selectors: the margin by which labels exceed them (logistic), ties to the longest idle', () => {
    const selectors = [
      { key: 'language', labelOperator: 'equal', value: 'french' },
      { key: 'sales', labelOperator: 'greaterThanOrEqual', value: 10 },
      { key: 'cost', labelOperator: 'lessThanOrEqual', value: 10 },
    ];
    const workers = { g: { language: 'french', sales: 10, cost: 10 }, h: { language: 'french', sales: 15, cost: 10 }, i: { language: 'french', sales: 10, cost: 9 } };
    expect(bestWorker({}, workers, { requestedWorkerSelectors: selectors })).toEqual(['h', 'i', 'g']);
    expect(bestWorker({ scoringRuleOptions: { descendingOrder: false } }, workers, { requestedWorkerSelectors: selectors })).toEqual(['g', 'i', 'h']);
  });

  test('bestWorker default scoring by labels: the share of the job\'s labels the worker matches', () => {
    const workers = { c: { language: 'english', department: 'support' }, b: { language: 'english' }, a: { language: 'english', department: 'sales' } };
    expect(bestWorker({}, workers, { labels: { language: 'english', department: 'sales' } })).toEqual(['a', 'c', 'b']);
  });

  test('bestWorker scoring rules: static is served (ties to the longest idle); function, webhook and expressions outside the subset answer 501', () => {
    expect(bestWorker({ scoringRule: { kind: 'static', value: 5 } }, { x: {}, y: {} }, {})).toEqual(['x', 'y']);
    const r = routerWith();
    for (const rule of [{ kind: 'function', functionUri: 'https://example.test/score' }, { kind: 'webhook', webhookUri: 'https://example.test' }, { kind: 'expression', expression: 'worker.Skill * 2' }]) {
      const made = upsertPolicy(r.ctx, 'scored', { offerExpiresAfterSeconds: 30, mode: { kind: 'bestWorker', scoringRule: rule } });
      expect(made.ok ? 200 : `${made.error.status} ${made.error.code}`).toBe('501 NotImplemented');
    }
    value(upsertPolicy(r.ctx, 'scored', { offerExpiresAfterSeconds: 30, mode: { kind: 'bestWorker', scoringRule: { kind: 'expression', expression: 'If(job.VIP, 10, 1)' } } }));
  });
});

test.describe('worker etag', () => {
  test('a worker\'s etag and lastModified change when its offers or assignments change', () => {
    const r = routerWith({ expirySeconds: 10 });
    const worker = r.worker('w').entity;
    const seen = new Set([worker.etag]);
    const changed = (): boolean => !seen.has(worker.etag) && seen.add(worker.etag) !== undefined;
    r.job('j1');
    const offer = r.offersOf('w')[0]!;
    expect(changed()).toBe(true);
    r.advance(10_000);
    expect(changed()).toBe(true); // expired, then offered again
    expect(worker.lastModified).toBe(r.clock.now());
    const again = r.offersOf('w')[0]!;
    expect(again.offerId).not.toBe(offer.offerId);
    const accepted = value(acceptOffer(r.ctx, 'w', again.offerId));
    expect(changed()).toBe(true);
    r.advance(1_000);
    value(closeJob(r.ctx, 'j1', accepted.assignmentId, {}));
    expect(changed()).toBe(true);
    expect(worker.lastModified).toBe(r.clock.now());
    r.job('j2');
    r.domain.tick();
    expect(changed()).toBe(true);
    declineAll(r, 'w');
    expect(changed()).toBe(true);
  });
});
