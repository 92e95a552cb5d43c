import {
  expectEffect,
  framedJob,
  observe,
  proves,
  routes,
  runCases,
  stillAhead,
  test,
  widening,
  type Snapshot,
  type TestRouter,
} from '../fixtures';
import type { Offered } from '../fixtures/router';

/**
 * Whole effects: each action on a job with labels, tags and a note, on a worker that also holds another job's offer,
 * is judged on every property of its answer, the job and the worker against the state predicted from before
 * (src/contract/effects). What no sentence says changes must stay as it was.
 */

const worker = (s: Snapshot) => workerOf(s.worker);
const workerOf = (body: unknown) => ({ offers: listed(body, 'offers', 'offerId'), held: listed(body, 'assignedJobs', 'assignmentId') });
function listed(body: unknown, list: string, key: string): string[] {
  const items = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[list] : undefined;
  return Array.isArray(items) ? items.flatMap((i: unknown) => (typeof i === 'object' && i !== null && typeof (i as Record<string, unknown>)[key] === 'string' ? [String((i as Record<string, unknown>)[key])] : [])) : [];
}

/** Two jobs offered to one worker: the subject (framed) and a bystander whose offer no action on the subject may touch. */
async function twoOffers(router: TestRouter): Promise<{ subject: Offered; bystander: Offered }> {
  const desk = await router.desk({ job: framedJob(router) });
  const subject = await router.offerOn(desk);
  const bystander = await router.offerOn(desk);
  return { subject, bystander };
}

test.describe('effects', () => {
  test(...proves('EFFECT-ACCEPT-01'), async ({ router }) => {
    const { subject: o, bystander } = await twoOffers(router);
    const subject = { jobId: o.jobId, workerId: o.workerId, offerId: o.offerId };
    const before = await observe(router, subject, { until: (s) => worker(s).offers.includes(o.offerId) && worker(s).offers.includes(bystander.offerId) });
    const res = await router.send('POST', routes.accept(o.workerId, o.offerId));
    await expectEffect(router, 'accept', subject, before, {}, res);
  });

  test(...proves('EFFECT-DECLINE-01'), async ({ router }) => {
    const { subject: o, bystander } = await twoOffers(router);
    const subject = { jobId: o.jobId, workerId: o.workerId, offerId: o.offerId };
    const before = await observe(router, subject, { until: (s) => worker(s).offers.includes(o.offerId) && worker(s).offers.includes(bystander.offerId) });
    const res = await router.send('POST', routes.decline(o.workerId, o.offerId), { json: {} });
    await expectEffect(router, 'decline', subject, before, { body: {} }, res);
  });

  test(...proves('EFFECT-COMPLETE-01'), async ({ router, faker }) => {
    const a = await router.assigned({ job: framedJob(router) });
    const subject = { jobId: a.jobId, workerId: a.workerId, assignmentId: a.assignmentId };
    const before = await observe(router, subject, { until: (s) => worker(s).held.includes(a.assignmentId) });
    const body = { note: faker.lorem.sentence() };
    const res = await router.send('POST', routes.complete(a.jobId, a.assignmentId), { json: body });
    await expectEffect(router, 'complete', subject, before, { body }, res);
  });

  test(...proves('EFFECT-CLOSE-01'), async ({ router, faker }) => {
    const a = await router.assigned({ job: framedJob(router) });
    await router.complete(a, faker.lorem.words(3));
    const subject = { jobId: a.jobId, workerId: a.workerId, assignmentId: a.assignmentId };
    const before = await observe(router, subject, { until: (s) => worker(s).held.includes(a.assignmentId) });
    const body = { dispositionCode: `done-${faker.string.alphanumeric(5)}`, note: faker.lorem.sentence() };
    const res = await router.send('POST', routes.close(a.jobId, a.assignmentId), { json: body });
    await expectEffect(router, 'close', subject, before, { body }, res);
  });

  test(...proves('EFFECT-CLOSE-AT-01'), async ({ router, config, faker }) => {
    await widening(config.timing.closeAtDelayMs, 3, async (delayMs) => {
      const a = await router.assigned({ job: framedJob(router) });
      await router.complete(a);
      const subject = { jobId: a.jobId, workerId: a.workerId, assignmentId: a.assignmentId };
      const before = await observe(router, subject, { until: (s) => worker(s).held.includes(a.assignmentId) });
      const clock = await router.serverClock(a.jobId);
      const closeAt = clock.after(delayMs);
      const body = { closeAt: closeAt.toISOString(), note: faker.lorem.sentence() };
      const res = await router.send('POST', routes.close(a.jobId, a.assignmentId), { json: body });
      stillAhead(res, closeAt, 'the close');
      // Before closeAt: judged on reads answered well before it (the pending state is also the state a lag shows).
      await expectEffect(router, 'close', subject, before, { body, phase: 'pending' }, res, { budgetMs: Math.max(0, delayMs / 2) });
      await expectEffect(router, 'close', subject, before, { body }, res);
    });
  });

  test(...proves('EFFECT-CANCEL-01'), async ({ router, faker, caseSeed }, testInfo) => {
    const cases = [
      { label: 'a queued job · no body', inputs: { state: 'queued', body: undefined as Record<string, string> | undefined } },
      { label: 'an offered job · dispositionCode and note', inputs: { state: 'offered', body: { dispositionCode: `gone-${faker.string.alphanumeric(4)}`, note: faker.lorem.sentence() } } },
      { label: 'an assigned job · note', inputs: { state: 'assigned', body: { note: faker.lorem.sentence() } } },
    ];
    await runCases(testInfo, caseSeed, cases, async ({ inputs }, check) => {
      const job = framedJob(router);
      const made: { jobId: string; workerId?: string; offerId?: string; assignmentId?: string } =
        inputs.state === 'queued' ? await router.queued(undefined, job) : inputs.state === 'offered' ? await router.offered({ job }) : await router.assigned({ job });
      const subject = { jobId: made.jobId, ...(made.workerId ? { workerId: made.workerId } : {}) };
      const ready = (s: Snapshot): boolean => (made.assignmentId ? worker(s).held.includes(made.assignmentId) : made.offerId ? worker(s).offers.includes(made.offerId) : true);
      const before = await observe(router, subject, { until: ready });
      check.sent = inputs.body ?? '(no body)';
      const res = await router.send('POST', routes.cancel(made.jobId), inputs.body ? { json: inputs.body } : { contentType: null });
      await check.settles('the whole effect of the cancel', () => expectEffect(router, 'cancel', subject, before, { body: inputs.body }, res));
    });
  });

  test(...proves('EFFECT-REFUSED-01'), async ({ router }) => {
    const desk = await router.desk({ job: framedJob(router) });
    const a = await router.accept(await router.offerOn(desk));
    const o = await router.offerOn(desk);
    const assigned = { jobId: a.jobId, workerId: a.workerId, assignmentId: a.assignmentId };
    const offered = { jobId: o.jobId, workerId: o.workerId, offerId: o.offerId };
    const settled = (s: Snapshot): boolean => worker(s).held.includes(a.assignmentId) && worker(s).offers.includes(o.offerId);
    const refusals = [
      { action: 'complete' as const, subject: assigned, path: routes.complete(a.jobId, a.assignmentId), body: { note: 42 } },
      { action: 'close' as const, subject: assigned, path: routes.close(a.jobId, a.assignmentId), body: { closeAt: 'tomorrow' } },
      { action: 'cancel' as const, subject: assigned, path: routes.cancel(a.jobId), body: { dispositionCode: { code: 'x' } } },
      { action: 'decline' as const, subject: offered, path: routes.decline(o.workerId, o.offerId), body: { retryOfferAt: 5 } },
    ];
    for (const r of refusals) {
      const before = await observe(router, r.subject, { until: settled });
      const res = await router.send('POST', r.path, { json: r.body });
      await expectEffect(router, r.action, r.subject, before, { body: r.body }, res);
    }
  });
});
