import { expect, test } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { signedHeaders } from '../src/signer';
import { DEV_ACCESS_KEY, startEmulator, type RunningEmulator } from '../src';
import { at, clientFor, setupOffered, type Send } from './client';

let emulator: RunningEmulator;
let send: Send;

test.beforeAll(async () => {
  emulator = await startEmulator({ bearerTokens: ['good-token'] });
  send = clientFor(emulator.url, emulator.accessKey);
});
test.afterAll(async () => emulator.close());

function expectDocumentedError(answer: { status: number; headers: Headers; body: unknown }, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(typeof at(answer.body, 'error', 'message')).toBe('string');
  expect(answer.headers.get('x-ms-error-code')).toBe(at(answer.body, 'error', 'code'));
  expect(answer.headers.get('api-supported-versions')).toContain('2023-11-01');
}

test.describe('http surface', () => {
  test('the dev key is the default and the URL is on loopback', () => {
    expect(emulator.accessKey).toBe(DEV_ACCESS_KEY);
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('requests without, or with wrong, credentials answer 401', async () => {
    expectDocumentedError(await send('GET', '/routing/jobs/x', { sign: false }), 401);
    const wrongKey = clientFor(emulator.url, Buffer.from('another key').toString('base64'));
    expectDocumentedError(await wrongKey('GET', '/routing/jobs/x'), 401);
    const stale = new Date(Date.now() - 16 * 60 * 1000);
    expectDocumentedError(await send('GET', '/routing/jobs/x', { date: stale }), 401);
    expectDocumentedError(await send('GET', '/routing/jobs/x', { headers: { 'x-ms-content-sha256': 'AAAA' } }), 401);
    expectDocumentedError(await send('GET', '/routing/jobs/x', { sign: false, headers: { authorization: 'Bearer nope' } }), 401);
    expect((await send('GET', '/routing/jobs/x', { sign: false, headers: { authorization: 'Bearer good-token' } })).status).toBe(404);
  });

  test('a body that does not match its signed hash answers 401', async () => {
    const url = new URL(emulator.url);
    const status = await new Promise<number>((resolve, reject) => {
      const signed = clientSignedHeaders('POST', '/routing/jobs/x:cancel?api-version=2023-11-01', url.host, '{}');
      const req = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: '/routing/jobs/x:cancel?api-version=2023-11-01', headers: { ...signed, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{"note":"tampered"}');
    });
    expect(status).toBe(401);
  });

  test('api-version is required and must be 2023-11-01', async () => {
    expectDocumentedError(await send('GET', '/routing/jobs/x', { apiVersion: null }), 400);
    expectDocumentedError(await send('GET', '/routing/jobs/x', { apiVersion: '2099-01-01' }), 400);
  });

  test('unknown paths answer 404; a router rule kind the emulator does not evaluate answers 501 NotImplemented', async () => {
    expectDocumentedError(await send('GET', '/nothing/here'), 404);
    expectDocumentedError(await send('GET', '/routing/classificationPolicies/c'), 404);
    const rule = await send('PATCH', '/routing/classificationPolicies/c', { body: { prioritizationRule: { kind: 'function', functionUri: 'https://f.example/api/score' } } });
    expectDocumentedError(rule, 501);
    expect(at(rule.body, 'error', 'code')).toBe('NotImplemented');
  });

  test('upserts answer 201 then 200 with ETag and Last-Modified; lists page with nextLink', async () => {
    const created = await send('PATCH', '/routing/distributionPolicies/page-p', { body: { offerExpiresAfterSeconds: 30, mode: { kind: 'roundRobin' } } });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe(at(created.body, 'etag'));
    expect(created.headers.get('last-modified')).toBeTruthy();
    expect(at(created.body, 'mode')).toEqual({ kind: 'roundRobin', minConcurrentOffers: 1, maxConcurrentOffers: 1, bypassSelectors: false });
    expect((await send('PATCH', '/routing/distributionPolicies/page-p', { body: { name: 'n' } })).status).toBe(200);
    for (const id of ['page-q1', 'page-q2', 'page-q3']) await send('PATCH', `/routing/queues/${id}`, { body: { distributionPolicyId: 'page-p' } });
    const first = await send('GET', '/routing/queues?maxpagesize=2');
    const nextLink = at(first.body, 'nextLink');
    expect(typeof nextLink).toBe('string');
    const next = new URL(String(nextLink));
    const second = await send('GET', `${next.pathname}${next.search}`, { apiVersion: null });
    expect(at(second.body, 'nextLink')).toBeUndefined();
    expect(((at(first.body, 'value') as unknown[]).length) + ((at(second.body, 'value') as unknown[]).length)).toBeGreaterThanOrEqual(3);
    expect((await send('DELETE', '/routing/distributionPolicies/page-p')).status).toBe(400);
  });

  test('cancel accepts every empty-body shape and answers 200 {}', async () => {
    const shapes: { rawBody: string; contentType: string | null }[] = [
      { rawBody: '', contentType: null },
      { rawBody: '', contentType: 'application/json' },
      { rawBody: '{}', contentType: 'application/json' },
    ];
    await send('PATCH', '/routing/distributionPolicies/c-p', { body: { offerExpiresAfterSeconds: 30 } });
    await send('PATCH', '/routing/queues/c-q', { body: { distributionPolicyId: 'c-p' } });
    for (const [i, shape] of shapes.entries()) {
      await send('PATCH', `/routing/jobs/cancel-${i}`, { body: { channelId: 'voice', queueId: 'c-q' } });
      const answer = await send('POST', `/routing/jobs/cancel-${i}:cancel`, shape);
      expect(answer.status, JSON.stringify(shape)).toBe(200);
      expect(answer.body).toEqual({});
      expect(at((await send('GET', `/routing/jobs/cancel-${i}`)).body, 'dispositionCode')).toBe('Cancelled');
    }
  });

  test('a body sent as something other than JSON answers 415 and changes nothing; JSON types and bodiless requests pass', async () => {
    await send('PATCH', '/routing/distributionPolicies/m-p', { body: { offerExpiresAfterSeconds: 30 } });
    await send('PATCH', '/routing/queues/m-q', { body: { distributionPolicyId: 'm-p' } });
    await send('PATCH', '/routing/jobs/media-1', { body: { channelId: 'voice', queueId: 'm-q' } });
    expectDocumentedError(await send('POST', '/routing/jobs/media-1:cancel', { rawBody: '{}', contentType: 'text/plain' }), 415);
    expectDocumentedError(await send('PATCH', '/routing/jobs/media-1', { rawBody: '{"priority":3}', contentType: 'application/x-www-form-urlencoded' }), 415);
    expect(at((await send('GET', '/routing/jobs/media-1')).body, 'status')).toBe('queued');
    expect((await send('PATCH', '/routing/jobs/media-1', { rawBody: '{"priority":3}', contentType: 'application/json; charset=utf-8' })).status).toBe(200);
    expect((await send('POST', '/routing/jobs/media-1:cancel', { rawBody: '', contentType: 'text/plain' })).status).toBe(200);
  });

  test('malformed, non-object and wrongly typed option bodies answer 400', async () => {
    expectDocumentedError(await send('POST', '/routing/jobs/x:cancel', { rawBody: '{"note":', contentType: 'application/json' }), 400);
    expectDocumentedError(await send('POST', '/routing/jobs/x:cancel', { rawBody: '[1]', contentType: 'application/json' }), 400);
    expectDocumentedError(await send('POST', '/routing/jobs/x:cancel', { body: { dispositionCode: 5 } }), 400);
    expectDocumentedError(await send('POST', '/routing/jobs/x/assignments/a:close', { body: { closeAt: 'tomorrow' } }), 400);
    expectDocumentedError(await send('POST', '/routing/jobs/x/assignments/a:close', { body: { closeAt: '2024-13-01T00:00:00Z' } }), 400);
  });

  test('a body over 1 MiB answers 413', async () => {
    expectDocumentedError(await send('PATCH', '/routing/jobs/big', { body: { tags: { big: 'x'.repeat(1024 * 1024) } } }), 413);
  });

  test('empty id segments answer 400, never 5xx', async () => {
    expectDocumentedError(await send('POST', '/routing/jobs/:cancel'), 400);
    expectDocumentedError(await send('POST', '/routing/jobs//assignments/x:close'), 400);
    expectDocumentedError(await send('POST', '/routing/jobs/%E0%A4%A:cancel'), 400);
  });

  test('job ids with reserved characters are percent-decoded and found', async () => {
    const id = 'enc @+=!,;:x';
    const path = `/routing/jobs/${encodeURIComponent(id)}`;
    expect((await send('PATCH', path, { body: { channelId: 'voice' } })).status).toBe(201);
    expect(at((await send('GET', path)).body, 'id')).toBe(id);
    expect((await send('POST', `${path}:cancel`)).status).toBe(200);
    expect(at((await send('GET', path)).body, 'status')).toBe('cancelled');
  });

  test('of 50 parallel accepts of one offer exactly one wins', async () => {
    const offered = await setupOffered(send, 'race');
    const answers = await Promise.all(Array.from({ length: 50 }, () => send('POST', `/routing/workers/${offered.workerId}/offers/${offered.offerId}:accept`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 404)).toHaveLength(49);
  });

  test('the offer → accept → complete → close → delete flow works over HTTP', async () => {
    const offered = await setupOffered(send, 'flow');
    const accepted = await send('POST', `/routing/workers/${offered.workerId}/offers/${offered.offerId}:accept`);
    expect(accepted.body).toEqual({ assignmentId: expect.any(String), jobId: offered.jobId, workerId: offered.workerId });
    const assignmentId = String(at(accepted.body, 'assignmentId'));
    expect((await send('POST', `/routing/jobs/${offered.jobId}/assignments/${assignmentId}:complete`, { body: { note: 'n' } })).body).toEqual({});
    expect((await send('POST', `/routing/jobs/${offered.jobId}/assignments/${assignmentId}:close`)).body).toEqual({});
    const job = (await send('GET', `/routing/jobs/${offered.jobId}`)).body;
    expect(job).toMatchObject({ status: 'closed', dispositionCode: 'Closed', notes: [{ message: 'n' }] });
    const deleted = await send('DELETE', `/routing/jobs/${offered.jobId}`);
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('api-supported-versions')).toContain('2023-11-01');
    expect(deleted.headers.get('date')).toBeTruthy();
    expectDocumentedError(await send('GET', `/routing/jobs/${offered.jobId}`), 404);
  });
});

test.describe('observed error shape', () => {
  test('errors are wrapped in communicationError with the path as target and no x-ms-error-code', async () => {
    const observed = await startEmulator({ errors: 'observed' });
    try {
      const answer = await clientFor(observed.url, observed.accessKey)('GET', '/routing/jobs/gone');
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ communicationError: { code: 'NotFound', message: expect.any(String), target: '/routing/jobs/gone' } });
      expect(answer.headers.get('x-ms-error-code')).toBeNull();
    } finally {
      await observed.close();
    }
  });
});

function clientSignedHeaders(method: string, pathAndQuery: string, host: string, body: string): Record<string, string> {
  return signedHeaders(DEV_ACCESS_KEY, { method, pathAndQuery, host, date: new Date().toUTCString(), body });
}
