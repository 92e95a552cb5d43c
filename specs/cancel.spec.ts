import { expect, expectActionResult, expectEffect, expectNear, expectRefusals, expectStatus, observe, proves, routes, test, type ApiResponse, type Subject, type TestRouter } from '../fixtures';
import { wrongTypeCases } from '../src/contract/option-cases';

const NOTE_TOLERANCE_MS = 2 * 60_000;

type SendOptions = NonNullable<Parameters<TestRouter['send']>[2]>;

/** Cancels with `options`, runs the requirement's own check on the answer, then judges the cancel's whole effect and frame. */
async function cancelJudged(router: TestRouter, subject: Subject, options: SendOptions, judge: (res: ApiResponse) => Promise<void> | void): Promise<void> {
  const before = await observe(router, subject);
  const res = await router.send('POST', routes.cancel(subject.jobId), options);
  await judge(res);
  await expectEffect(router, 'cancel', subject, before, 'json' in options ? { body: options.json } : {}, res);
}

test.describe('cancel', () => {
  test(...proves('CANCEL-EMPTY-01'), async ({ router, queued }) => {
    await cancelJudged(router, { jobId: queued.jobId }, { contentType: null }, expectActionResult);
  });

  test(...proves('CANCEL-EMPTY-02'), async ({ router, queued }) => {
    await cancelJudged(router, { jobId: queued.jobId }, { json: {} }, expectActionResult);
  });

  test(...proves('CANCEL-EMPTY-03'), async ({ router, queued }) => {
    await cancelJudged(router, { jobId: queued.jobId }, { contentType: 'application/json' }, (res) => expectStatus(res, 200));
  });

  test(...proves('CANCEL-STATUS-01'), async ({ router, queued }) => {
    await cancelJudged(router, { jobId: queued.jobId }, { json: {} }, async (res) => {
      expectActionResult(res);
      await router.settledJob(queued.jobId, (job) => job.status === 'cancelled', 'job status cancelled');
    });
  });

  test(...proves('CANCEL-DISP-01'), async ({ router, queued }) => {
    await cancelJudged(router, { jobId: queued.jobId }, { json: {} }, async (res) => {
      expectActionResult(res);
      const job = await router.settledJob(queued.jobId, (j) => j.status === 'cancelled' || j.dispositionCode !== undefined, 'the job cancelled');
      expect(job.dispositionCode, 'dispositionCode of a job cancelled without one').toBe('Cancelled');
    });
  });

  test(...proves('CANCEL-DISP-02'), async ({ router, queued, faker }) => {
    const dispositionCode = `${faker.word.verb()}-${faker.string.alphanumeric(6)}`;
    await cancelJudged(router, { jobId: queued.jobId }, { json: { dispositionCode } }, async (res) => {
      expectActionResult(res);
      const job = await router.settledJob(queued.jobId, (j) => j.status === 'cancelled' || j.dispositionCode !== undefined, 'the job cancelled');
      expect(job.dispositionCode, 'dispositionCode of the cancelled job').toBe(dispositionCode);
    });
  });

  test(...proves('CANCEL-NOTE-01'), async ({ router, queued, faker }) => {
    const note = faker.lorem.sentence();
    await cancelJudged(router, { jobId: queued.jobId }, { json: { note } }, async (res) => {
      expectActionResult(res);
      const job = await router.settledJob(queued.jobId, (j) => j.notes.some((n) => n.message === note), `a note "${note}" on the job`);
      const appended = job.notes.find((n) => n.message === note);
      expectNear(appended?.addedAt, res.serverDate ?? new Date(), NOTE_TOLERANCE_MS, 'the note addedAt');
    });
  });

  test(...proves('CANCEL-OFFER-01'), async ({ router, offered }) => {
    await cancelJudged(router, { jobId: offered.jobId, workerId: offered.workerId, offerId: offered.offerId }, { json: {} }, async (res) => {
      expectActionResult(res);
      await router.settledWorker(offered.workerId, (w) => !w.offers.some((o) => o.offerId === offered.offerId), `offer ${offered.offerId} gone from the worker`);
    });
  });

  test(...proves('CANCEL-CAP-01'), async ({ router, assigned }) => {
    await cancelJudged(router, { jobId: assigned.jobId, workerId: assigned.workerId, assignmentId: assigned.assignmentId }, { json: {} }, async (res) => {
      expectActionResult(res);
      const worker = await router.settledWorker(
        assigned.workerId,
        (w) => !w.assignedJobs.some((a) => a.assignmentId === assigned.assignmentId || a.jobId === assigned.jobId),
        `assignment ${assigned.assignmentId} released by the worker`,
      );
      if (worker.loadRatio !== undefined) expect(worker.loadRatio, 'loadRatio of a worker with nothing assigned or offered').toBe(0);
    });
  });

  test(...proves('CANCEL-TYPE-01'), async ({ router, queued, caseSeed }, testInfo) => {
    await expectRefusals(testInfo, caseSeed, wrongTypeCases('CancelJobOptions'), ({ inputs }) => router.send('POST', routes.cancel(queued.jobId), { json: inputs }), () =>
      router.expectJobNot(queued.jobId, 'cancelled'),
    );
  });

  test(...proves('CANCEL-JSON-01'), async ({ router, queued }) => {
    const res = await router.send('POST', routes.cancel(queued.jobId), { rawBody: '{"note": "unterminated', contentType: 'application/json' });
    expectStatus(res, 400, 'the body is not JSON');
    await router.expectJobNot(queued.jobId, 'cancelled');
  });

  test(...proves('CANCEL-SAMPLE-01'), async ({ router, queued }) => {
    const sample = { note: 'User hung up while waiting in queue.', dispositionCode: 'Disconnected' };
    await cancelJudged(router, { jobId: queued.jobId }, { json: sample }, async (res) => {
      expectActionResult(res);
      const job = await router.settledJob(queued.jobId, (j) => j.status === 'cancelled' || j.notes.some((n) => n.message === sample.note), 'the job cancelled');
      expect(job.notes.map((n) => n.message), 'notes of the job').toContain(sample.note);
      expect(job.dispositionCode, 'dispositionCode of the sample request').toBe(sample.dispositionCode);
    });
  });
});
