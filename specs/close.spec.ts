import {
  assignmentOf,
  expect,
  expectActionResult,
  expectNear,
  holdsAssignment,
  holdsUntil,
  widening,
  poll,
  proves,
  routes,
  test,
  expectRefusals,
  fail,
  relativeTo,
  expectEffect,
  observe,
  type ApiResponse,
  type Assigned,
  type TestRouter,
} from '../fixtures';
import type { ServerClock } from '../fixtures/server-clock';
import { NOT_DATE_TIMES, wrongTypeCases } from '../src/contract/option-cases';

const NOTE_TOLERANCE_MS = 2 * 60_000;
/** "Shortly before closeAt": the Date header's 1 s resolution plus half a second of margin. */
const BEFORE_CLOSE_AT_MARGIN_MS = 1500;

/** A fresh (or the fixture's) assignment, closed with a closeAt `delayMs` ahead: see TestRouter.closeAhead. */
async function closedAhead(router: TestRouter, assigned: Assigned, delayMs: number): Promise<{ assigned: Assigned; clock: ServerClock; closeAt: Date }> {
  return { assigned, ...(await router.closeAhead(assigned, delayMs)) };
}

/** Closes with `body`, checks the answer, and then the close's whole effect and frame (fixtures/effects.ts). */
async function closeJudged(router: TestRouter, assigned: Assigned, body: Record<string, unknown>, judge: (res: ApiResponse) => Promise<void> = async () => undefined): Promise<void> {
  const subject = { jobId: assigned.jobId, workerId: assigned.workerId, assignmentId: assigned.assignmentId };
  const before = await observe(router, subject);
  const res = await router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: body });
  expectActionResult(res);
  await judge(res);
  await expectEffect(router, 'close', subject, before, { body }, res);
}

test.describe('close', () => {
  test(...proves('CLOSE-NOW-01'), async ({ router, assigned }) => {
    await router.complete(assigned);
    await closeJudged(router, assigned, {}, async () => {
      await router.settledWorker(assigned.workerId, (w) => !holdsAssignment(w, assigned.assignmentId), `assignment ${assigned.assignmentId} released`);
    });
  });

  test(...proves('CLOSE-NOW-02'), async ({ router, assigned }) => {
    await router.complete(assigned);
    await closeJudged(router, assigned, {}, async () => {
      const job = await router.settledJob(assigned.jobId, (j) => j.status === 'closed', 'job status closed');
      expect(assignmentOf(job, assigned.assignmentId)?.closedAt, `closedAt of assignment ${assigned.assignmentId}`).toBeInstanceOf(Date);
    });
  });

  test(...proves('CLOSE-AT-01'), async ({ router, assigned: first, config }) => {
    // A window the road left no answer in is tried again, wider, on a fresh assignment.
    await widening(config.timing.closeAtDelayMs, 3, async (delayMs, attempt) => {
      const { assigned, clock, closeAt } = await closedAhead(router, attempt === 0 ? first : await router.assigned(), delayMs);
      const lastCheck = clock.toLocal(closeAt) - BEFORE_CLOSE_AT_MARGIN_MS;
      await holdsUntil(() => router.readWorker(assigned.workerId), (w) => holdsAssignment(w, assigned.assignmentId), lastCheck, {
        intervalMs: Math.max(config.timing.pollIntervalMs, 500),
        settleMs: config.timing.settleTimeoutMs,
        // The clock mapping is good to ±0.5 s: re-reads up to 1 s before closeAt still see the held state on a correct target.
        graceUntil: clock.toLocal(closeAt) - 1000,
        // Each read is dated by when the target answered it, so a slow transfer cannot carry it past the window.
        answeredBy: (w) => clock.answeredBy(w),
        message: `worker ${assigned.workerId} holds ${assigned.assignmentId} until shortly before closeAt ${closeAt.toISOString()}`,
        instant: { name: 'closeAt', localMs: clock.toLocal(closeAt) },
        states: ['held', 'released'],
      });
      // Reads may lag the target's writes, so an early release can hide behind them; the closedAt the job records
      // cannot. When the job reads closed within the budget, it closed no earlier than closeAt (1 s for clock precision).
      const budget = clock.toLocal(closeAt) + config.timing.closeAtToleranceMs + config.timing.settleTimeoutMs - Date.now();
      const job = await poll(() => router.readJob(assigned.jobId), (j) => j.status === 'closed', { timeoutMs: Math.max(0, budget), intervalMs: 500, message: 'job closed' }).catch(() => undefined);
      const closedAt = job ? assignmentOf(job, assigned.assignmentId)?.closedAt : undefined;
      if (closedAt && closedAt.getTime() < closeAt.getTime() - 1000) {
        fail({ expected: `closedAt of ${assigned.assignmentId} not before closeAt ${closeAt.toISOString()}`, observed: `closedAt ${closedAt.toISOString()} (closeAt − ${((closeAt.getTime() - closedAt.getTime()) / 1000).toFixed(1)} s)`, ...(job?.curl ? { reproduce: job.curl } : {}) });
      }
    });
  });

  test(...proves('CLOSE-AT-02'), async ({ router, assigned: first, config }) => {
    await widening(config.timing.closeAtDelayMs, 3, async (delayMs, attempt) => {
      const { assigned, clock, closeAt } = await closedAhead(router, attempt === 0 ? first : await router.assigned(), delayMs);
      const deadline = clock.toLocal(closeAt) + config.timing.closeAtToleranceMs;
      const instant = { name: 'closeAt', localMs: clock.toLocal(closeAt) };
      const expected = `worker ${assigned.workerId} releases ${assigned.assignmentId} after closeAt ${closeAt.toISOString()} (tolerance ${config.timing.closeAtToleranceMs} ms)`;
      const released = await poll(() => router.readWorker(assigned.workerId), (w) => !holdsAssignment(w, assigned.assignmentId), {
        timeoutMs: deadline - Date.now(),
        intervalMs: Math.max(config.timing.pollIntervalMs, 500),
        message: expected,
        instant,
        states: ['released', 'held'],
      });
      // The releasing response's Date is at most 1 s behind the server's time; earlier than closeAt − 1 s is too early.
      const releasedBy = (released.serverDate?.getTime() ?? clock.after(0).getTime()) + 1000;
      if (releasedBy < closeAt.getTime() - 1000) {
        const at = clock.toLocal(new Date(releasedBy));
        fail({ expected, observed: `released by ${new Date(releasedBy).toISOString()} (target's Date header), before closeAt`, timeline: `${relativeTo(instant, at)}: released ← before closeAt`, ...(released.curl ? { reproduce: released.curl } : {}) });
      }
      const job = await router.settledJob(assigned.jobId, (j) => j.status === 'closed', 'job status closed after closeAt');
      const closedAt = assignmentOf(job, assigned.assignmentId)?.closedAt;
      if (!closedAt) fail({ expected: `the closed job records closedAt for ${assigned.assignmentId}`, observed: 'no closedAt on the assignment', ...(job.curl ? { reproduce: job.curl } : {}) });
      // Reads may lag the target's writes, so the releasing read can come late; the recorded closedAt cannot.
      if (closedAt.getTime() < closeAt.getTime() - 1000) {
        fail({ expected: `closedAt not before closeAt ${closeAt.toISOString()}`, observed: `closedAt ${closedAt.toISOString()}`, timeline: `${relativeTo(instant, clock.toLocal(closedAt))}: closedAt recorded ← before closeAt`, ...(job.curl ? { reproduce: job.curl } : {}) });
      }
    });
  });

  test(...proves('CLOSE-AT-03'), async ({ router, assigned }) => {
    await router.complete(assigned);
    const clock = await router.serverClock(assigned.jobId);
    const closeAt = clock.after(-60_000);
    await closeJudged(router, assigned, { closeAt: closeAt.toISOString() }, async () => {
      await router.settledWorker(assigned.workerId, (w) => !holdsAssignment(w, assigned.assignmentId), `assignment released at once for closeAt ${closeAt.toISOString()}`);
    });
  });

  test(...proves('CLOSE-AT-04'), async ({ router, assigned, caseSeed }, testInfo) => {
    await router.complete(assigned);
    const cases = NOT_DATE_TIMES.map(({ label, value }) => ({ label: `closeAt: ${label}`, inputs: { closeAt: value } }));
    await expectRefusals(testInfo, caseSeed, cases, ({ inputs }) => router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: inputs }), () => router.expectAssignmentOpen(assigned));
  });

  test(...proves('CLOSE-DISP-01'), async ({ router, assigned, faker }) => {
    await router.complete(assigned);
    const dispositionCode = `${faker.word.adjective()}-${faker.string.alphanumeric(6)}`;
    await closeJudged(router, assigned, { dispositionCode }, async () => {
      const job = await router.settledJob(assigned.jobId, (j) => j.status === 'closed' || j.dispositionCode !== undefined, 'the job closed');
      expect(job.dispositionCode, 'dispositionCode of the closed job').toBe(dispositionCode);
    });
  });

  test(...proves('CLOSE-DISP-02'), async ({ router, assigned }) => {
    await router.complete(assigned);
    await closeJudged(router, assigned, {}, async () => {
      const job = await router.settledJob(assigned.jobId, (j) => j.status === 'closed' || j.dispositionCode !== undefined, 'the job closed');
      expect(job.dispositionCode, 'dispositionCode of a job closed without one').toBe('Closed');
    });
  });

  test(...proves('CLOSE-NOTE-01'), async ({ router, assigned, faker }) => {
    await router.complete(assigned);
    const note = faker.lorem.sentence();
    await closeJudged(router, assigned, { note }, async (res) => {
      const job = await router.settledJob(assigned.jobId, (j) => j.notes.some((n) => n.message === note), `a note "${note}" on the job`);
      expectNear(job.notes.find((n) => n.message === note)?.addedAt, res.serverDate ?? new Date(), NOTE_TOLERANCE_MS, 'the note addedAt');
    });
  });

  test(...proves('CLOSE-SAMPLE-01'), async ({ router, assigned }) => {
    await router.complete(assigned);
    const sample = { dispositionCode: 'JobCompleted.', note: 'Closing job' };
    await closeJudged(router, assigned, sample, async () => {
      const job = await router.settledJob(assigned.jobId, (j) => j.status === 'closed' || j.dispositionCode !== undefined, 'the job closed');
      expect(job.dispositionCode, 'dispositionCode of the sample request').toBe(sample.dispositionCode);
      expect(job.notes.map((n) => n.message), 'notes of the job').toContain(sample.note);
    });
  });

  test(...proves('CLOSE-ASSIGNED-01'), async ({ router, assigned }) => {
    await closeJudged(router, assigned, {}, async () => {
      await router.settledJob(assigned.jobId, (j) => j.status === 'closed', 'job status closed');
    });
  });

  test(...proves('CLOSE-TYPE-01'), async ({ router, assigned, caseSeed }, testInfo) => {
    await router.complete(assigned);
    await expectRefusals(testInfo, caseSeed, wrongTypeCases('CloseJobOptions'), ({ inputs }) => router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: inputs }), () =>
      router.expectAssignmentOpen(assigned),
    );
  });
});
