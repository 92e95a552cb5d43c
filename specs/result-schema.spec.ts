import {
  expect,
  fail,
  statusBreachOf,
  expectActionResult,
  expectEtagAgrees,
  expectSchema,
  expectStatus,
  hasOffer,
  holdsAssignment,
  proves,
  routes,
  test,
  workerView,
} from '../fixtures';

test.describe('result schema', () => {
  test(...proves('RESULT-CLOSE-01'), async ({ router, assigned }) => {
    await router.complete(assigned);
    expectActionResult(await router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: {} }));
  });

  test(...proves('RESULT-COMPLETE-01'), async ({ router, assigned }) => {
    expectActionResult(await router.send('POST', routes.complete(assigned.jobId, assigned.assignmentId), { json: {} }));
  });

  test(...proves('RESULT-DECLINE-01'), async ({ router, offered }) => {
    expectActionResult(await router.send('POST', routes.decline(offered.workerId, offered.offerId), { json: {} }));
  });

  test(...proves('STATUS-01'), async ({ router, assigned }) => {
    // This test's own answers, one of each kind; every other success answer of the run is folded in by the reporter.
    const answers = [
      await router.send('GET', routes.job(assigned.jobId)),
      await router.send('GET', routes.worker(assigned.workerId)),
      // The list the pre-flight asks (a vendor's first answer): the pre-flight itself is outside any requirement.
      await router.send('GET', routes.jobs(), { query: { maxpagesize: '1' } }),
      await router.send('POST', routes.complete(assigned.jobId, assigned.assignmentId), { json: {} }),
      await router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: {} }),
      await router.send('DELETE', routes.job(assigned.jobId)),
    ];
    const breaches = answers.flatMap((res) => statusBreachOf(res.exchange) ?? []);
    const first = breaches[0];
    if (first) fail({ expected: 'each answer carries a status its operation documents', observed: `${first.what}: ${first.why}${breaches.length > 1 ? ` (and ${breaches.length - 1} more)` : ''}`, reproduce: first.curl });
  });

  test(...proves('SCHEMA-JOB-01'), async ({ router, assigned, faker }) => {
    await router.send('POST', routes.complete(assigned.jobId, assigned.assignmentId), { json: { note: faker.lorem.sentence() } });
    await router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: { note: faker.lorem.sentence() } });
    const closed = await router.settledJob(assigned.jobId, (j) => j.status === 'closed' && j.notes.length > 0, 'job closed with notes');
    expect(closed.assignments.map((a) => a.assignmentId), 'assignments of the closed job').toContain(assigned.assignmentId);
    const res = await router.send('GET', routes.job(assigned.jobId));
    expectStatus(res, 200);
    expectSchema('RouterJob', res.body, res);
    expectEtagAgrees(res);
  });

  test(...proves('SCHEMA-WORKER-01'), async ({ router }) => {
    const desk = await router.desk();
    const held = await router.accept(await router.offerOn(desk));
    const open = await router.offerOn(desk);
    const res = await router.send('GET', routes.worker(desk.workerId));
    expectStatus(res, 200);
    expectSchema('RouterWorker', res.body, res);
    expectEtagAgrees(res);
    // The schema only proves something about offers and assignments if the body holds one of each.
    const worker = workerView(true, res.body);
    expect(holdsAssignment(worker, held.assignmentId), `assignment ${held.assignmentId} in assignedJobs`).toBe(true);
    expect(hasOffer(worker, open.offerId), `offer ${open.offerId} in offers`).toBe(true);
  });
});
