import { expect, expectRefusals, expectStatus, proves, routes, test, type ApiResponse } from '../fixtures';

/** Unsupported api-versions of different kinds: never released, a preview spelling, a future date, a word, a bad date. */
const UNSUPPORTED_API_VERSIONS = ['1999-01-01', '2023-11-01-preview', '2099-01-01', 'latest', '2023-11-1'];
const PUBLISHED_API_VERSION = '2023-11-01';

test.describe('api-version', () => {
  test(...proves('APIVER-01'), async ({ router, queued }) => {
    const res = await router.send('POST', routes.cancel(queued.jobId), { json: {}, apiVersion: null });
    expectStatus(res, 400, 'no api-version');
    await router.expectJobNot(queued.jobId, 'cancelled');
  });

  test(...proves('APIVER-02'), async ({ router, queued, caseSeed }, testInfo) => {
    const cases = UNSUPPORTED_API_VERSIONS.map((v) => ({ label: `api-version=${v}`, inputs: v }));
    await expectRefusals(testInfo, caseSeed, cases, ({ inputs }) => router.send('POST', routes.cancel(queued.jobId), { json: {}, apiVersion: String(inputs) }), () =>
      router.expectJobNot(queued.jobId, 'cancelled'),
    );
  });

  test(...proves('APIVER-03'), async ({ router, assigned }) => {
    const res = await router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: {}, apiVersion: null });
    expectStatus(res, 400, 'no api-version');
    await router.expectAssignmentOpen(assigned);
  });

  test(...proves('APIVER-04'), async ({ router, offered, caseSeed }, testInfo) => {
    const cases = UNSUPPORTED_API_VERSIONS.map((v) => ({ label: `api-version=${v}`, inputs: v }));
    await expectRefusals(testInfo, caseSeed, cases, ({ inputs }) => router.send('POST', routes.accept(offered.workerId, offered.offerId), { apiVersion: String(inputs) }), () =>
      router.expectOfferOpen(offered),
    );
  });

  test(...proves('APIVER-05'), async ({ router, queued }) => {
    // Responses of several kinds: a read, an action, an error and (normally) a body-less 204.
    const responses: ApiResponse[] = [
      await router.send('GET', routes.job(queued.jobId)),
      await router.send('POST', routes.cancel(queued.jobId), { json: {} }),
      await router.send('GET', routes.job(router.newId('job'))),
      await router.send('DELETE', routes.job(queued.jobId)),
    ];
    for (const res of responses) {
      const listed = (res.headers['api-supported-versions'] ?? '').split(',').map((v) => v.trim());
      expect(listed, `api-supported-versions of ${res.exchange.method} ${res.exchange.url} → ${res.status}`).toContain(PUBLISHED_API_VERSION);
    }
  });
});
