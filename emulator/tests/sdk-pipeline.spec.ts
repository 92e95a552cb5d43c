import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, type RunningEmulator } from '../src';
import { fakeEntraToken, fields, sdkClient, tokenCredential } from './sdk-client';

const run = promisify(execFile);
let emulator: RunningEmulator;
let certPath: string;

test.beforeAll(async () => {
  emulator = await startEmulator({ cert: 'dev', certDir: mkdtempSync(join(tmpdir(), 'jr-sdk-')), oauth: 'basic' });
  certPath = emulator.tls?.certPath ?? '';
});
test.afterAll(async () => emulator.close());

test('the SDK pipeline runs offer → accept → complete → close with closeAt over HTTPS', async () => {
  expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const started = performance.now();
  const client = sdkClient(emulator.url, emulator.accessKey, certPath);
  const merge = 'application/merge-patch+json';
  expect((await client.path('/routing/distributionPolicies/{id}', 'sdk-p').patch({ contentType: merge, body: { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } } })).status).toBe('201');
  expect((await client.path('/routing/queues/{id}', 'sdk-q').patch({ contentType: merge, body: { distributionPolicyId: 'sdk-p' } })).status).toBe('201');
  await client.path('/routing/workers/{id}', 'sdk-w').patch({ contentType: merge, body: { capacity: 1, queues: ['sdk-q'], channels: [{ channelId: 'voice', capacityCostPerJob: 1 }], availableForOffers: true } });
  expect((await client.path('/routing/jobs/{id}', 'sdk-job').patch({ contentType: merge, body: { channelId: 'voice', queueId: 'sdk-q', priority: 1 } })).status).toBe('201');
  const worker = await client.path('/routing/workers/{id}', 'sdk-w').get();
  const offers = fields(worker.body)['offers'];
  const offerId = Array.isArray(offers) ? fields(offers[0])['offerId'] : undefined;
  expect(typeof offerId).toBe('string');
  const accepted = await client.path('/routing/workers/{workerId}/offers/{offerId}:accept', 'sdk-w', String(offerId)).post();
  expect(accepted.status).toBe('200');
  const assignmentId = String(fields(accepted.body)['assignmentId']);
  expect((await client.path('/routing/jobs/{jobId}/assignments/{assignmentId}:complete', 'sdk-job', assignmentId).post({ body: { note: 'done' } })).status).toBe('200');
  const serverNow = Date.parse((await client.path('/routing/jobs/{id}', 'sdk-job').get()).headers['date'] ?? '');
  const closeAt = new Date(serverNow + 1500).toISOString();
  expect((await client.path('/routing/jobs/{jobId}/assignments/{assignmentId}:close', 'sdk-job', assignmentId).post({ body: { closeAt, dispositionCode: 'resolved' } })).status).toBe('200');
  expect(fields((await client.path('/routing/jobs/{id}', 'sdk-job').get()).body)['status']).toBe('completed');
  await expect.poll(async () => fields((await client.path('/routing/jobs/{id}', 'sdk-job').get()).body)['status'], { timeout: 6000, intervals: [100] }).toBe('closed');
  const closed = fields((await client.path('/routing/jobs/{id}', 'sdk-job').get()).body);
  expect(closed['dispositionCode']).toBe('resolved');
  test.info().annotations.push({ type: 'flow', description: `8 writes and the reads between them, closeAt 1.5 s ahead: ${Math.round(performance.now() - started)} ms` });
});

test('with --oauth basic the SDK\'s token credential is accepted; an implausible token answers the documented 401', async () => {
  const good = sdkClient(emulator.url, tokenCredential(fakeEntraToken()), certPath);
  expect((await good.path('/routing/jobs/{id}', 'no-such-job').get()).status).toBe('404');
  for (const claims of [{ aud: 'https://storage.azure.com' }, { iss: 'https://evil.example/' }, { exp: Math.floor(Date.now() / 1000) - 3600 }, { nbf: Math.floor(Date.now() / 1000) + 3600 }]) {
    const refused = await sdkClient(emulator.url, tokenCredential(fakeEntraToken(claims)), certPath).path('/routing/jobs/{id}', 'x').get();
    expect(refused.status).toBe('401');
    expect(refused.headers['x-ms-error-code']).toBe('Unauthorized');
    expect(fields(fields(refused.body)['error'])['code']).toBe('Unauthorized');
  }
});

test('NODE_EXTRA_CA_CERTS makes a plain Node.js process trust the development certificate', async () => {
  const script = `fetch(${JSON.stringify(`${emulator.url}/emulator/health`)}).then((r) => process.stdout.write(String(r.status)), (e) => process.stdout.write('refused ' + (e.cause?.code ?? e.message)))`;
  const trusted = await run(process.execPath, ['-e', script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath } });
  expect(trusted.stdout.trim()).toBe('401');
  const untrusted = await run(process.execPath, ['-e', script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } });
  expect(untrusted.stdout.trim()).toMatch(/^refused/);
});
