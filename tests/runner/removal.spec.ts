import { expect, test } from '@playwright/test';
import type { ApiResponse } from '../../src/client/client';
import { removeAll, type RouterSender } from '../../src/runner/removal';

/** A scripted target: answers by method, records what it was asked. */
function target(statusFor: (method: string, path: string) => number): RouterSender & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async send(method, path) {
      calls.push(`${method} ${path}`);
      const status = statusFor(method, path);
      const response: ApiResponse = {
        status, headers: {}, text: '', body: status >= 400 ? { error: { code: 'Boom', message: 'internal failure' } } : {},
        contentType: 'application/json', serverDate: undefined, answeredAt: Date.now(), exchange: { method, url: path, requestHeaders: {}, durationMs: 0, curl: '' },
      };
      return response;
    },
  };
}

const timing = { patienceMs: 0, pollIntervalMs: 10 };

test('a job whose read fails is not counted as removed unless its delete succeeds', async () => {
  const broken = target(() => 500);
  const result = await removeAll(broken, { jobs: ['j1'], workers: [], queues: [], policies: [] }, timing);
  expect(result.removed).toEqual([]);
  expect(result.left).toEqual([{ kind: 'job', id: 'j1', status: 500, detail: 'internal failure' }]);
  expect(broken.calls).toContain('DELETE /routing/jobs/j1');
});

test('a job that reads 404 is gone without further calls; one that deletes with 204 is removed', async () => {
  const missing = target(() => 404);
  expect((await removeAll(missing, { jobs: ['j1'], workers: [], queues: [], policies: [] }, timing)).removed).toEqual([{ kind: 'job', id: 'j1' }]);
  expect(missing.calls).toEqual(['GET /routing/jobs/j1']);
  const readFailsDeleteWorks = target((method) => (method === 'DELETE' ? 204 : 500));
  expect((await removeAll(readFailsDeleteWorks, { jobs: ['j2'], workers: [], queues: [], policies: [] }, timing)).removed).toEqual([{ kind: 'job', id: 'j2' }]);
});
