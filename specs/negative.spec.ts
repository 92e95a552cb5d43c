import { expectRefusals, hasOffer, proves, routes, test } from '../fixtures';
import { NOT_DATE_TIMES, wrongTypeCases } from '../src/contract/option-cases';

/** The negative space of the options CLOSE-TYPE-01 and CANCEL-TYPE-01 do not cover: complete and decline. */
test.describe('negative space', () => {
  test(...proves('COMPLETE-TYPE-01'), async ({ router, assigned, caseSeed }, testInfo) => {
    await expectRefusals(testInfo, caseSeed, wrongTypeCases('CompleteJobOptions'), ({ inputs }) => router.send('POST', routes.complete(assigned.jobId, assigned.assignmentId), { json: inputs }), () =>
      router.settledJob(
        assigned.jobId,
        (j) => j.status === 'assigned' && j.assignments.some((a) => a.assignmentId === assigned.assignmentId && a.completedAt === undefined),
        `assignment ${assigned.assignmentId} still not completed after a refused complete`,
      ),
    );
  });

  test(...proves('DECLINE-TYPE-01'), async ({ router, offered, caseSeed }, testInfo) => {
    const cases = [...wrongTypeCases('DeclineJobOfferOptions'), ...NOT_DATE_TIMES.map(({ label, value }) => ({ label: `retryOfferAt: ${label}`, inputs: { retryOfferAt: value } }))];
    await expectRefusals(testInfo, caseSeed, cases, ({ inputs }) => router.send('POST', routes.decline(offered.workerId, offered.offerId), { json: inputs }), () =>
      router.settledWorker(offered.workerId, (w) => hasOffer(w, offered.offerId), `offer ${offered.offerId} still on the worker after a refused decline`),
    );
  });
});
