import { expectStatus, proves, routes, test } from '../fixtures';

test.describe('authentication', () => {
  test(...proves('AUTH-01'), async ({ router, queued }) => {
    const res = await router.send('POST', routes.cancel(queued.jobId), { json: {}, auth: 'none' });
    expectStatus(res, 401, 'no Authorization header');
    await router.expectJobNot(queued.jobId, 'cancelled');
  });

  test.describe('HMAC signing', () => {
    // Decided before any fixture runs, so a bearer-token target gets no resources created for these.
    test.skip(({ connection }) => connection.auth.kind === 'bearer', 'target configured for bearer tokens');

    test(...proves('AUTH-02'), async ({ router, queued }) => {
      const res = await router.send('POST', routes.cancel(queued.jobId), { json: {}, auth: 'wrong-signature' });
      expectStatus(res, 401, 'signed with another key');
      await router.expectJobNot(queued.jobId, 'cancelled');
    });

    test(...proves('AUTH-03'), async ({ router, queued }) => {
      const res = await router.send('POST', routes.cancel(queued.jobId), { json: {}, auth: 'stale-date' });
      expectStatus(res, 401, 'x-ms-date 20 minutes old');
      await router.expectJobNot(queued.jobId, 'cancelled');
    });

    test(...proves('AUTH-04'), async ({ router, queued, faker }) => {
      const res = await router.send('POST', routes.cancel(queued.jobId), { json: { note: faker.lorem.sentence() }, auth: 'wrong-content-hash' });
      expectStatus(res, 401, 'x-ms-content-sha256 of another body');
      await router.expectJobNot(queued.jobId, 'cancelled');
    });
  });
});
