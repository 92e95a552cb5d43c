import {
  HarnessError,
  expect,
  expectActionResult,
  expectEffect,
  expectEventData,
  framedJob,
  isObject,
  observe,
  proves,
  routes,
  runCases,
  test,
  widening,
  type Assigned,
  type EventWatch,
  type ReceivedEvent,
  type Snapshot,
  type TestRouter,
  fail,
  relativeTo,
} from '../fixtures';
import { jobArrivalEvent, offerIssuedEvent, treesOf, workerDeregisteredEvent, workerRegistrationEvent } from '../src/contract/effects';
import { validateRouterEvent } from '../src/contract/event-schemas';
import { isRouterEvent, type RouterEventName } from '../src/events/received';

/**
 * The router's Event Grid events. Each is matched to the test by its run-prefixed ids, duplicates by id are ignored
 * and arrival order is never assumed. Timing is judged by the event's own time (eventTime / time), which a slow
 * delivery cannot move; arrival only bounds how long the kit waits, and an event that arrives before closeAt was sent
 * early whatever time it claims.
 */
/** The Date header's 1 s resolution: the kit's picture of the target's clock is good to ±1 s. */
const CLOCK_SLACK_MS = 1000;

/** The event of this type (as @azure/eventgrid's isSystemEvent decides) whose data has `key` = `value`. */
const about = (name: RouterEventName, key: string, value: string) => (events: ReceivedEvent[]): ReceivedEvent | undefined =>
  events.find((e) => isRouterEvent(e, name) && e.data[key] === value);

const str = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

test.describe('events', () => {
  // Decided before any fixture runs: with no event source nothing is created for these.
  test.skip(({ config }) => !config.events.feed && !config.events.required, 'no event source configured');

  test(...proves('EVT-CLOSE-01'), async ({ events, router, faker, caseSeed }, testInfo) => {
    const code = (): string => `${faker.word.verb()}-${faker.string.alphanumeric(5)}`;
    const cases = [
      { label: 'after complete · dispositionCode', inputs: { complete: true, body: { dispositionCode: code() } } },
      { label: 'straight after accept · dispositionCode', inputs: { complete: false, body: { dispositionCode: code() } } },
      { label: 'after complete · dispositionCode (non-ASCII), note', inputs: { complete: true, body: { dispositionCode: `résolu-${faker.string.alphanumeric(3)}-✓`, note: faker.lorem.sentence() } } },
      { label: 'after complete · no dispositionCode', inputs: { complete: true, body: {} as { dispositionCode?: string; note?: string } } },
    ];
    await runCases(testInfo, caseSeed, cases, async ({ inputs }, check) => {
      const assigned = await router.assigned();
      if (inputs.complete) await router.complete(assigned);
      check.sent = inputs.body;
      expectActionResult(await router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: inputs.body }));
      const event = await events.waitFor(`RouterJobClosed for job ${assigned.jobId}`, about('RouterJobClosed', 'jobId', assigned.jobId));
      check.that(event.data['assignmentId'] === assigned.assignmentId, `assignmentId ${str(event.data['assignmentId'])}, expected ${assigned.assignmentId}`);
      check.that(event.data['workerId'] === assigned.workerId, `workerId ${str(event.data['workerId'])}, expected ${assigned.workerId}`);
      const given = inputs.body.dispositionCode;
      if (given !== undefined) check.that(event.data['dispositionCode'] === given, `dispositionCode ${str(event.data['dispositionCode'])}, expected ${given}`);
      else {
        // The job's own code once it reads closed (CLOSE-DISP-02 judges what that code is); a read that never gets
        // there leaves only "a string", as the published data requires.
        const job = await router.settledJob(assigned.jobId, (j) => j.status === 'closed' && j.dispositionCode !== undefined, 'the job closed').catch(() => undefined);
        const fits = typeof event.data['dispositionCode'] === 'string' && (job === undefined || event.data['dispositionCode'] === job.dispositionCode);
        check.that(fits, `dispositionCode ${str(event.data['dispositionCode'])}, expected the job's own ${str(job?.dispositionCode)}`);
      }
    }, 4);
  });

  test(...proves('EVT-CLOSE-AT-01'), async ({ events, router, assigned: first, config }) => {
    await widening(config.timing.closeAtDelayMs, 3, async (delayMs, attempt) => {
      const assigned: Assigned = attempt === 0 ? first : await router.assigned();
      const { clock, closeAt } = await router.closeAhead(assigned, delayMs);
      const closed = about('RouterJobClosed', 'assignmentId', assigned.assignmentId);
      const ofJob = about('RouterJobClosed', 'jobId', assigned.jobId);
      // Before closeAt: nothing, watched until shortly before it (the clock mapping is good to ±1 s).
      const quietUntil = clock.toLocal(closeAt) - CLOCK_SLACK_MS;
      const instant = { name: 'closeAt', localMs: clock.toLocal(closeAt) };
      while (Date.now() < quietUntil) {
        const early = ofJob(await events.read());
        if (early) {
          fail({
            expected: `no RouterJobClosed before closeAt ${closeAt.toISOString()}`,
            observed: `RouterJobClosed ${early.id} arrived at ${new Date(early.receivedAt).toISOString()} (kit clock), time ${Number.isFinite(early.time) ? new Date(early.time).toISOString() : '(none)'}`,
            timeline: `${relativeTo(instant, early.receivedAt)}: RouterJobClosed arrived ← before closeAt`,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(0, quietUntil - Date.now()))));
      }
      const { closeAtToleranceMs } = config.timing;
      const event = await events.waitFor(`RouterJobClosed for ${assigned.assignmentId} after closeAt ${closeAt.toISOString()}`, (all) => closed(all) ?? ofJob(all),
        clock.toLocal(closeAt) + closeAtToleranceMs + config.events.timeoutMs);
      expect(event.data['assignmentId'], 'assignmentId of RouterJobClosed').toBe(assigned.assignmentId);
      if (Number.isFinite(event.time)) {
        const at = new Date(event.time).toISOString();
        const onTarget = relativeTo({ name: 'closeAt', localMs: closeAt.getTime() }, event.time);
        // The target stamps closeAt's effect and the event with one clock: no allowance but the stamp's own precision.
        const early = event.time + event.timePrecisionMs <= closeAt.getTime();
        if (early || event.time > closeAt.getTime() + closeAtToleranceMs) {
          fail({
            expected: `RouterJobClosed time in [closeAt, closeAt + ${closeAtToleranceMs} ms] (closeAt ${closeAt.toISOString()})`,
            observed: `RouterJobClosed time ${at}`,
            timeline: `${onTarget}: RouterJobClosed time ← ${early ? 'before closeAt' : 'after the tolerance'} · received ${relativeTo(instant, event.receivedAt)}`,
          });
        }
      }
    });
  });

  test(...proves('EVT-CANCEL-01'), async ({ events, router, faker, caseSeed }, testInfo) => {
    const cases = [
      { label: 'no options', inputs: {} as { dispositionCode?: string; note?: string } },
      { label: 'dispositionCode', inputs: { dispositionCode: `${faker.word.adjective()}-${faker.string.alphanumeric(5)}` } },
      { label: 'note', inputs: { note: faker.lorem.sentence() } },
      { label: 'dispositionCode and note (non-ASCII)', inputs: { dispositionCode: `annulé-${faker.string.alphanumeric(3)}`, note: `${faker.lorem.words(3)} — ✓ ü` } },
    ];
    await runCases(testInfo, caseSeed, cases, async ({ inputs }, check) => {
      const { jobId } = await router.queued();
      check.sent = inputs;
      expectActionResult(await router.send('POST', routes.cancel(jobId), { json: inputs }));
      const event = await events.waitFor(`RouterJobCancelled for job ${jobId}`, about('RouterJobCancelled', 'jobId', jobId));
      const expected = inputs.dispositionCode ?? 'Cancelled';
      check.that(event.data['dispositionCode'] === expected, `dispositionCode ${str(event.data['dispositionCode'])}, expected ${expected}`);
      if (inputs.note !== undefined) check.that(event.data['note'] === inputs.note, `note ${str(event.data['note'])}, expected ${inputs.note}`);
    }, 4);
  });

  test(...proves('EVT-COMPLETE-01'), async ({ events, router, assigned }) => {
    await router.complete(assigned);
    const event = await events.waitFor(`RouterJobCompleted for job ${assigned.jobId}`, about('RouterJobCompleted', 'jobId', assigned.jobId));
    expect(event.data['assignmentId'], 'assignmentId of RouterJobCompleted').toBe(assigned.assignmentId);
    expect(event.data['workerId'], 'workerId of RouterJobCompleted').toBe(assigned.workerId);
  });

  test(...proves('EVT-OFFER-ISSUED-01'), async ({ events, router, offered }) => {
    // Read until the offer shows (a replica may lag the write the fixture confirmed).
    const worker = await router.settledWorker(offered.workerId, (w) => w.offers.some((o) => o.offerId === offered.offerId), `offer ${offered.offerId} on the worker`);
    const offer = worker.offers.find((o) => o.offerId === offered.offerId);
    const event = await events.waitFor(`RouterWorkerOfferIssued for offer ${offered.offerId}`, about('RouterWorkerOfferIssued', 'offerId', offered.offerId));
    expect(event.data['jobId'], 'jobId of RouterWorkerOfferIssued').toBe(offered.jobId);
    expect(event.data['workerId'], 'workerId of RouterWorkerOfferIssued').toBe(offered.workerId);
    const same = (eventValue: unknown, shown: Date | undefined, what: string): void => {
      if (!shown) return; // OFFER-02 judges an offer without its times
      const ms = typeof eventValue === 'string' ? Date.parse(eventValue) : Number.NaN;
      expect(Math.abs(ms - shown.getTime()), `${what} ${str(eventValue)} is the worker's ${shown.toISOString()} (±1 ms)`).toBeLessThanOrEqual(1);
    };
    same(event.data['offeredOn'], offer?.offeredAt, 'offeredOn');
    same(event.data['expiresOn'], offer?.expiresAt, 'expiresOn');
  });

  test(...proves('EVT-OFFER-ACCEPTED-01'), async ({ events, router, offered }) => {
    const assigned = await router.accept(offered);
    const event = await events.waitFor(`RouterWorkerOfferAccepted for offer ${offered.offerId}`, about('RouterWorkerOfferAccepted', 'offerId', offered.offerId));
    expect(event.data['assignmentId'], 'assignmentId of RouterWorkerOfferAccepted').toBe(assigned.assignmentId);
    expect(event.data['jobId'], 'jobId of RouterWorkerOfferAccepted').toBe(offered.jobId);
  });

  test(...proves('EVT-OFFER-DECLINED-01'), async ({ events, router, offered }) => {
    expectActionResult(await router.send('POST', routes.decline(offered.workerId, offered.offerId), { json: {} }));
    const event = await events.waitFor(`RouterWorkerOfferDeclined for offer ${offered.offerId}`, about('RouterWorkerOfferDeclined', 'offerId', offered.offerId));
    expect(event.data['workerId'], 'workerId of RouterWorkerOfferDeclined').toBe(offered.workerId);
  });

  test(...proves('EVT-OFFER-REVOKED-01'), async ({ events, router, offered }) => {
    expectActionResult(await router.send('POST', routes.cancel(offered.jobId), { json: {} }));
    const event = await events.waitFor(`RouterWorkerOfferRevoked for offer ${offered.offerId}`, about('RouterWorkerOfferRevoked', 'offerId', offered.offerId));
    expect(event.data['workerId'], 'workerId of RouterWorkerOfferRevoked').toBe(offered.workerId);
  });

  test(...proves('EVT-DATA-01'), async ({ events, router, faker }) => {
    try {
      // accept → complete → close on one job, cancel of another's offer: each action's events judged against the job before it.
      const desk = await router.desk({ job: framedJob(router), worker: { labels: { skill: faker.word.noun() }, tags: { team: faker.string.alphanumeric(6) } } });
      const o = await router.offerOn(desk);
      const offerSubject = { jobId: o.jobId, workerId: o.workerId, offerId: o.offerId };
      const offerShown = (s: Snapshot): boolean => isObject(s.worker) && Array.isArray(s.worker['offers']) && s.worker['offers'].some((x) => isObject(x) && x['offerId'] === o.offerId);
      let before = await observe(router, offerSubject, { events, until: offerShown });
      // The worker's registration and the offer, as the state read shows them.
      const shown = treesOf(before) as { job: unknown; worker: unknown };
      await expectEventData(events, workerRegistrationEvent('RouterWorkerRegistered', shown.worker, o.workerId), 'data-only');
      await expectEventData(events, offerIssuedEvent(shown.job, shown.worker, offerSubject), 'data-only');
      await expectEventData(events, jobArrivalEvent('RouterJobReceived', shown.job, offerSubject), 'data-only');
      await expectEventData(events, jobArrivalEvent('RouterJobQueued', shown.job, offerSubject), 'data-only');
      const accepted = await router.send('POST', routes.accept(o.workerId, o.offerId));
      await expectEffect(router, 'accept', offerSubject, before, {}, accepted, { events, missingEvents: 'data-only' });
      const assignmentId = isObject(accepted.body) ? String(accepted.body['assignmentId']) : '';
      const subject = { jobId: o.jobId, workerId: o.workerId, assignmentId };
      for (const [action, body] of [['complete', { note: faker.lorem.words(3) }], ['close', { dispositionCode: `ok-${faker.string.alphanumeric(4)}` }]] as const) {
        before = await observe(router, subject, { events });
        const res = await router.send('POST', action === 'complete' ? routes.complete(o.jobId, assignmentId) : routes.close(o.jobId, assignmentId), { json: body });
        await expectEffect(router, action, subject, before, { body }, res, { events, missingEvents: 'data-only' });
      }
      const other = await router.offerOn(desk);
      const cancelSubject = { jobId: other.jobId, workerId: other.workerId, offerId: other.offerId };
      before = await observe(router, cancelSubject, { events });
      const cancelBody = { note: faker.lorem.words(4), dispositionCode: `no-${faker.string.alphanumeric(4)}` };
      const cancelled = await router.send('POST', routes.cancel(other.jobId), { json: cancelBody });
      await expectEffect(router, 'cancel', cancelSubject, before, { body: cancelBody }, cancelled, { events, missingEvents: 'data-only' });
      const third = await router.offerOn(desk);
      const declineSubject = { jobId: third.jobId, workerId: third.workerId, offerId: third.offerId };
      before = await observe(router, declineSubject, { events });
      const declined = await router.send('POST', routes.decline(third.workerId, third.offerId), { json: {} });
      await expectEffect(router, 'decline', declineSubject, before, { body: {} }, declined, { events, missingEvents: 'data-only' });
      // A registration changed (capacity, tags), then withdrawn: RouterWorkerUpdated, then RouterWorkerDeregistered.
      const capacity = (isObject(shown.worker) && typeof shown.worker['capacity'] === 'number' ? shown.worker['capacity'] : 10) + 2;
      expectActionResult(await router.send('PATCH', routes.worker(o.workerId), { json: { capacity, tags: { team: faker.string.alphanumeric(7) } } }));
      const updated = await observe(router, subject, { until: (s) => isObject(s.worker) && s.worker['capacity'] === capacity });
      await expectEventData(events, workerRegistrationEvent('RouterWorkerUpdated', (treesOf(updated) as { worker: unknown }).worker, o.workerId, ['TotalCapacity', 'Tags']), 'data-only');
      expectActionResult(await router.send('PATCH', routes.worker(o.workerId), { json: { availableForOffers: false } }));
      await expectEventData(events, workerDeregisteredEvent(o.workerId), 'data-only');
      if (events.deliveredNothing()) throw new HarnessError(`The event source has delivered no event of this run at all, so no event's data could be checked (${events.describeStats()}).`);
    } catch (error) {
      // A source that carried nothing of this run is the source's trouble: error, never a finding about the data.
      if (!(error instanceof HarnessError) && events.deliveredNothing()) throw new HarnessError(`The event source has delivered no event of this run at all, so the events' data could not be checked (${events.describeStats()}).`);
      throw error;
    }
  });

  test(...proves('EVT-SCHEMA-01'), async ({ events, router, assigned }) => {
    await lifecycle(router, events, assigned);
    // This test's own events (a whole lifecycle) and every other event of the run received so far.
    const all = new Map([...(await events.readRun()), ...(await events.read())].map((e) => [e.id, e]));
    const broken = [...all.values()].flatMap((e) => {
      const result = validateRouterEvent(e.raw, e.envelope);
      return result.ok ? [] : [`${e.type.replace('Microsoft.Communication.', '')} ${e.id}: ${result.errors.slice(0, 4).join('; ')}`];
    });
    expect(all.size, 'router events received').toBeGreaterThan(0);
    expect(broken, `${broken.length} of ${all.size} events do not match their published schema`).toEqual([]);
    expect(events.refused, 'events whose envelope @azure/eventgrid refused').toEqual([]);
  });
});

/** Offered → accepted → completed → closed, and a second job queued and cancelled: most of the router's event types. */
async function lifecycle(router: TestRouter, events: EventWatch, assigned: Assigned): Promise<void> {
  await router.complete(assigned);
  expectActionResult(await router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: { dispositionCode: 'Resolved', note: 'done' } }));
  const { jobId } = await router.queued();
  expectActionResult(await router.send('POST', routes.cancel(jobId), { json: { note: 'not needed' } }));
  // Whatever arrives is judged; a missing event is EVT-CLOSE-01's or EVT-CANCEL-01's finding, not this one's.
  await events.waitFor(`an event about job ${jobId}`, (all) => all.find((e) => e.data['jobId'] === jobId));
  await events.settle(about('RouterJobCancelled', 'jobId', jobId), 2000);
  await events.settle(about('RouterJobClosed', 'jobId', assigned.jobId), 2000);
}
