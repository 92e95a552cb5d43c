import {
  assignmentOf,
  expect,
  expectActionResult,
  expectClientError,
  fail,
  relativeTo,
  expectEffect,
  expectSchema,
  observe,
  expectStatus,
  hasOffer,
  holdsAssignment,
  holdsUntil,
  stillAhead,
  widening,
  isObject,
  offersJob,
  poll,
  proves,
  routes,
  test,
  waitUntil,
} from '../fixtures';

/** How long before retryOfferAt "before" is still certain: the Date header's 1 s resolution plus margin. */
const BEFORE_RETRY_MARGIN_MS = 1500;

test.describe('offers', () => {
  test(...proves('OFFER-01'), async ({ router, offered }) => {
    const worker = await router.settledWorker(offered.workerId, (w) => hasOffer(w, offered.offerId), `offer ${offered.offerId} listed`);
    const offer = worker.offers.find((o) => o.offerId === offered.offerId);
    expect(offer, `offer ${offered.offerId} on worker ${offered.workerId}`).toBeDefined();
    expect(offer?.offerId, 'offerId').toEqual(expect.any(String));
    expect(offer?.jobId, 'jobId of the offer').toBe(offered.jobId);
    expect(offer?.capacityCost, 'capacityCost of the offer (the channel capacityCostPerJob)').toBe(offered.capacityCostPerJob);
  });

  test(...proves('OFFER-02'), async ({ router, offered }) => {
    const worker = await router.settledWorker(offered.workerId, (w) => hasOffer(w, offered.offerId), `offer ${offered.offerId} listed`);
    const offer = worker.offers.find((o) => o.offerId === offered.offerId);
    expect(offer?.offeredAt, 'offeredAt of the offer').toBeInstanceOf(Date);
    expect(offer?.expiresAt, 'expiresAt of the offer').toBeInstanceOf(Date);
    expect(offer?.expiresAt?.getTime() ?? 0, 'expiresAt comes after offeredAt').toBeGreaterThan(offer?.offeredAt?.getTime() ?? Infinity);
  });

  test(...proves('OFFER-03'), async ({ router }) => {
    // Two policies, so an expiry that ignores the policy (a fixed one) cannot pass by chance.
    for (const seconds of [300, 7200]) {
      const offered = await router.offered({ offerExpiresAfterSeconds: seconds });
      const worker = await router.settledWorker(offered.workerId, (w) => hasOffer(w, offered.offerId), `offer ${offered.offerId} listed`);
      const offer = worker.offers.find((o) => o.offerId === offered.offerId);
      const offeredAt = offer?.offeredAt?.getTime();
      const expiresAt = offer?.expiresAt?.getTime();
      // Both instants come from the target's one clock; only their parsing to milliseconds may differ by one.
      if (offeredAt === undefined || expiresAt === undefined || Math.abs(expiresAt - offeredAt - seconds * 1000) > 1) {
        fail({
          expected: `expiresAt = offeredAt + ${seconds} s (the policy's offerExpiresAfterSeconds)`,
          observed: `offeredAt ${offer?.offeredAt?.toISOString() ?? '(none)'}, expiresAt ${offer?.expiresAt?.toISOString() ?? '(none)'}${offeredAt !== undefined && expiresAt !== undefined ? ` (${((expiresAt - offeredAt) / 1000).toFixed(3)} s apart)` : ''}`,
          ...(worker.curl ? { reproduce: worker.curl } : {}),
        });
      }
    }
  });

  test(...proves('ACCEPT-01'), async ({ router, offered }) => {
    const subject = { jobId: offered.jobId, workerId: offered.workerId, offerId: offered.offerId };
    const before = await observe(router, subject);
    const res = await router.send('POST', routes.accept(offered.workerId, offered.offerId));
    expectStatus(res, 200);
    expectSchema('AcceptJobOfferResult', res.body, res);
    const result = isObject(res.body) ? res.body : {};
    expect(result['jobId'], 'jobId of the accept result').toBe(offered.jobId);
    expect(result['workerId'], 'workerId of the accept result').toBe(offered.workerId);
    expect(result['assignmentId'], 'assignmentId of the accept result').toEqual(expect.any(String));
    await expectEffect(router, 'accept', subject, before, {}, res);
  });

  test(...proves('ACCEPT-02'), async ({ router, offered }) => {
    const assigned = await router.accept(offered);
    const job = await router.settledJob(offered.jobId, (j) => j.status === 'assigned', 'job status assigned');
    expect(assignmentOf(job, assigned.assignmentId)?.workerId, `worker of assignment ${assigned.assignmentId}`).toBe(offered.workerId);
  });

  test(...proves('ACCEPT-03'), async ({ router, offered }) => {
    const assigned = await router.accept(offered);
    const worker = await router.settledWorker(offered.workerId, (w) => holdsAssignment(w, assigned.assignmentId) && !hasOffer(w, offered.offerId), 'the assignment listed and the offer gone');
    expect(worker.assignedJobs.find((a) => a.assignmentId === assigned.assignmentId)?.jobId, 'jobId of the worker assignment').toBe(offered.jobId);
  });

  test(...proves('ACCEPT-04'), async ({ router, offered }) => {
    await router.accept(offered);
    const again = await router.send('POST', routes.accept(offered.workerId, offered.offerId));
    expectClientError(again, 'the offer was already accepted');
  });

  test(...proves('DECLINE-01'), async ({ router, offered }) => {
    const subject = { jobId: offered.jobId, workerId: offered.workerId, offerId: offered.offerId };
    const before = await observe(router, subject);
    const res = await router.send('POST', routes.decline(offered.workerId, offered.offerId), { json: {} });
    expectActionResult(res);
    await router.settledWorker(offered.workerId, (w) => !hasOffer(w, offered.offerId), `offer ${offered.offerId} removed`);
    await expectEffect(router, 'decline', subject, before, { body: {} }, res);
  });

  test(...proves('DECLINE-02'), async ({ router, offered: first, config }) => {
    // A window the road left no answer in is tried again, wider, on a fresh offer.
    await widening(config.timing.retryOfferDelayMs, 3, async (delayMs, attempt) => {
      const offered = attempt === 0 ? first : await router.offered();
      const clock = await router.serverClock(offered.jobId);
      const retryOfferAt = clock.after(delayMs);
      const res = await router.send('POST', routes.decline(offered.workerId, offered.offerId), { json: { retryOfferAt: retryOfferAt.toISOString() } });
      expectActionResult(res);
      stillAhead(res, retryOfferAt, 'the decline');
      // Judged from the state after the decline: the declined offer has left the worker.
      await router.settledWorker(offered.workerId, (w) => !hasOffer(w, offered.offerId), `declined offer ${offered.offerId} removed`);
      await holdsUntil(() => router.readWorker(offered.workerId), (w) => !offersJob(w, offered.jobId), clock.toLocal(retryOfferAt) - BEFORE_RETRY_MARGIN_MS, {
        intervalMs: Math.max(config.timing.pollIntervalMs, 300),
        settleMs: config.timing.settleTimeoutMs,
        graceUntil: clock.toLocal(retryOfferAt) - 1000,
        answeredBy: (w) => clock.answeredBy(w),
        message: `job ${offered.jobId} is not offered to ${offered.workerId} again before retryOfferAt ${retryOfferAt.toISOString()}`,
        instant: { name: 'retryOfferAt', localMs: clock.toLocal(retryOfferAt) },
        states: ['not offered', 'offered again'],
      });
      // Reads may lag the target's writes, so an early offer can hide behind them; its offeredAt cannot. When the job
      // is offered again within the budget, that offer was made no earlier than retryOfferAt (1 s for clock precision).
      const budget = clock.toLocal(retryOfferAt) + config.timing.settleTimeoutMs - Date.now();
      const again = await poll(() => router.readWorker(offered.workerId), (w) => offersJob(w, offered.jobId), { timeoutMs: Math.max(0, budget), intervalMs: 300, message: 'offered again' }).catch(() => undefined);
      const offeredAt = again?.offers.find((o) => o.jobId === offered.jobId)?.offeredAt;
      if (offeredAt && offeredAt.getTime() < retryOfferAt.getTime() - 1000) {
        const instant = { name: 'retryOfferAt', localMs: clock.toLocal(retryOfferAt) };
        fail({
          expected: `job ${offered.jobId} offered to ${offered.workerId} again no earlier than retryOfferAt ${retryOfferAt.toISOString()}`,
          observed: `offered again with offeredAt ${offeredAt.toISOString()}`,
          timeline: `${relativeTo(instant, clock.toLocal(offeredAt))}: offered again (offeredAt) ← before retryOfferAt`,
          ...(again?.curl ? { reproduce: again.curl } : {}),
        });
      }
    });
  });

  test(...proves('DECLINE-03'), async ({ router, offered, config }) => {
    const clock = await router.serverClock(offered.jobId);
    const retryOfferAt = clock.after(config.timing.retryOfferDelayMs);
    expectActionResult(await router.send('POST', routes.decline(offered.workerId, offered.offerId), { json: { retryOfferAt: retryOfferAt.toISOString() } }));
    // Only an offer seen after retryOfferAt proves the retry; earlier ones are DECLINE-02's business.
    await waitUntil(clock.toLocal(retryOfferAt), config.timing.retryOfferDelayMs + 1000);
    await poll(() => router.readWorker(offered.workerId), (w) => offersJob(w, offered.jobId), {
      timeoutMs: config.timing.offerTimeoutMs,
      intervalMs: config.timing.pollIntervalMs,
      message: `job ${offered.jobId} offered to ${offered.workerId} again after retryOfferAt ${retryOfferAt.toISOString()}`,
    });
  });

  test(...proves('COMPLETE-01'), async ({ router, assigned }) => {
    const subject = { jobId: assigned.jobId, workerId: assigned.workerId, assignmentId: assigned.assignmentId };
    const before = await observe(router, subject);
    const res = await router.send('POST', routes.complete(assigned.jobId, assigned.assignmentId), { json: {} });
    expectActionResult(res);
    const job = await router.settledJob(assigned.jobId, (j) => j.status === 'completed', 'job status completed');
    expect(assignmentOf(job, assigned.assignmentId)?.completedAt, `completedAt of assignment ${assigned.assignmentId}`).toBeInstanceOf(Date);
    await expectEffect(router, 'complete', subject, before, { body: {} }, res);
  });

  test(...proves('COMPLETE-NOTE-01'), async ({ router, assigned, faker }) => {
    const note = faker.lorem.sentence();
    const subject = { jobId: assigned.jobId, workerId: assigned.workerId, assignmentId: assigned.assignmentId };
    const before = await observe(router, subject);
    const res = await router.send('POST', routes.complete(assigned.jobId, assigned.assignmentId), { json: { note } });
    expectActionResult(res);
    await router.settledJob(assigned.jobId, (j) => j.notes.some((n) => n.message === note), `a note "${note}" on the job`);
    await expectEffect(router, 'complete', subject, before, { body: { note } }, res);
  });

  test(...proves('DELETE-01'), async ({ router, assigned }) => {
    await router.complete(assigned);
    expectActionResult(await router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: {} }));
    await router.settledJob(assigned.jobId, (j) => j.status === 'closed', 'job status closed');
    const subject = { jobId: assigned.jobId, workerId: assigned.workerId };
    const before = await observe(router, subject);
    const res = await router.send('DELETE', routes.job(assigned.jobId));
    expectStatus(res, 204, 'a closed job is deleted');
    await poll(() => router.send('GET', routes.job(assigned.jobId)), (r) => r.status === 404, router.budget('settle', `job ${assigned.jobId} reads 404 after delete`));
    await expectEffect(router, 'delete', subject, before, {}, res);
  });

  test(...proves('DELETE-02'), async ({ router, queued }) => {
    expectActionResult(await router.send('POST', routes.cancel(queued.jobId), { json: {} }));
    await router.settledJob(queued.jobId, (j) => j.status === 'cancelled', 'job status cancelled');
    expectStatus(await router.send('DELETE', routes.job(queued.jobId)), 204, 'a cancelled job is deleted');
    await poll(() => router.send('GET', routes.job(queued.jobId)), (res) => res.status === 404, router.budget('settle', `job ${queued.jobId} reads 404 after delete`));
  });
});
