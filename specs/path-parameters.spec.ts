import { expect, expectClientError, expectStatus, isObject, proves, routes, test } from '../fixtures';

test.describe('path parameters', () => {
  test(...proves('PATH-CLOSE-01'), async ({ router }) => {
    const res = await router.send('POST', routes.close(router.newId('job'), router.newId('job')), { json: {} });
    expectStatus(res, 404, 'no such job');
  });

  test(...proves('PATH-CLOSE-02'), async ({ router, assigned, faker }) => {
    const res = await router.send('POST', routes.close(assigned.jobId, faker.string.uuid()), { json: {} });
    expectStatus(res, 404, 'no such assignment on the job');
    await router.expectAssignmentOpen(assigned);
  });

  test(...proves('PATH-CLOSE-03'), async ({ router }) => {
    const desk = await router.desk();
    const first = await router.accept(await router.offerOn(desk));
    const second = await router.accept(await router.offerOn(desk));
    const res = await router.send('POST', routes.close(first.jobId, second.assignmentId), { json: {} });
    expectClientError(res, `assignment ${second.assignmentId} belongs to job ${second.jobId}`);
    await router.expectAssignmentOpen(first);
    await router.expectAssignmentOpen(second);
  });

  test(...proves('PATH-CLOSE-04'), async ({ router, assigned }) => {
    expectClientError(await router.send('POST', routes.close('', assigned.assignmentId), { json: {} }), 'empty jobId segment');
    expectClientError(await router.send('POST', routes.close(assigned.jobId, ''), { json: {} }), 'empty assignmentId segment');
    await router.expectAssignmentOpen(assigned);
  });

  test(...proves('PATH-CANCEL-01'), async ({ router }) => {
    expectStatus(await router.send('POST', routes.cancel(router.newId('job')), { json: {} }), 404, 'no such job');
  });

  test(...proves('PATH-CANCEL-02'), async ({ router }) => {
    expectClientError(await router.send('POST', routes.cancel(''), { json: {} }), 'empty jobId segment');
  });

  test(...proves('PATH-ACCEPT-01'), async ({ router, faker }) => {
    const workerId = await router.idleWorker();
    expectStatus(await router.send('POST', routes.accept(workerId, faker.string.uuid())), 404, 'no such offer');
  });

  test(...proves('PATH-ACCEPT-02'), async ({ router, offered }) => {
    const otherWorkerId = await router.idleWorker();
    const res = await router.send('POST', routes.accept(otherWorkerId, offered.offerId));
    expectStatus(res, 404, `offer ${offered.offerId} belongs to worker ${offered.workerId}`);
    await router.expectOfferOpen(offered);
  });

  test(...proves('PATH-DECLINE-01'), async ({ router, faker }) => {
    const workerId = await router.idleWorker();
    expectStatus(await router.send('POST', routes.decline(workerId, faker.string.uuid()), { json: {} }), 404, 'no such offer');
  });

  test(...proves('PATH-ENCODE-01'), async ({ router }) => {
    // ':' is the interesting one: actions are addressed as `{jobId}:cancel`.
    const jobId = `${router.newId('job')}:a@b+c=d!e,f;g`;
    const { jobId: created } = await router.queued(jobId);
    const read = await router.send('GET', routes.job(created));
    expectStatus(read, 200, 'the job is found by its encoded id');
    expect(isObject(read.body) ? read.body['id'] : undefined, 'id of the job as stored').toBe(jobId);
    expectStatus(await router.send('POST', routes.cancel(created), { json: {} }), 200, 'the job is cancelled by its encoded id');
    await router.settledJob(created, (j) => j.status === 'cancelled', 'job status cancelled');
  });
});
