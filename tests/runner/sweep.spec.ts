import { expect, test } from '@playwright/test';
import { JobRouterClient } from '../../src/client/client';
import { routes } from '../../src/client/routes';
import { startEmulator, type RunningEmulator } from 'jobrouter-emulator';
import { findLeftovers } from '../../src/runner/leftovers';
import { runCli } from '../support/cli';

const sweep = (args: string[], env: Record<string, string>) => runCli('sweep', args, env);



const clientOf = (emulator: RunningEmulator): JobRouterClient =>
  new JobRouterClient({ endpoint: emulator.url, auth: { kind: 'hmac', accessKey: emulator.accessKey }, apiVersion: '2023-11-01', secrets: [] });

async function ok(pending: Promise<{ status: number; text: string }>): Promise<void> {
  const res = await pending;
  expect(res.status >= 200 && res.status < 300, res.text).toBe(true);
}

/** The id of the first offer of `jobId` on the worker, once one appears. */
async function offerOf(client: JobRouterClient, workerId: string, jobId: string): Promise<string> {
  let offerId = '';
  await expect
    .poll(async () => {
      const body: unknown = (await client.send('GET', routes.worker(workerId))).body;
      const offers: unknown = typeof body === 'object' && body !== null && 'offers' in body ? body.offers : [];
      for (const o of Array.isArray(offers) ? (offers as unknown[]) : []) {
        if (typeof o === 'object' && o !== null && 'jobId' in o && o.jobId === jobId && 'offerId' in o && typeof o.offerId === 'string') offerId = o.offerId;
      }
      return offerId;
    }, { message: `an offer of ${jobId} on ${workerId}`, timeout: 10_000 })
    .not.toBe('');
  return offerId;
}

test.describe('npm run sweep', () => {
  test('removes every resource a run left behind, in dependency order, and nothing with another prefix', async () => {
    test.setTimeout(90_000);
    const emulator = await startEmulator({ port: 0, quiet: true });
    try {
      const client = clientOf(emulator);
      const env = { JOBROUTER_ENDPOINT: emulator.url, JOBROUTER_ACCESS_KEY: emulator.accessKey };
      const p = `sw-${Date.now().toString(36)}`;
      const other = `so-${Date.now().toString(36)}-policy`;
      const policy = { offerExpiresAfterSeconds: 300, mode: { kind: 'longestIdle', minConcurrentOffers: 1, maxConcurrentOffers: 1 } };
      await ok(client.send('PATCH', routes.distributionPolicy(`${p}-policy`), { json: policy }));
      await ok(client.send('PATCH', routes.distributionPolicy(other), { json: policy }));
      await ok(client.send('PATCH', routes.queue(`${p}-queue`), { json: { distributionPolicyId: `${p}-policy` } }));
      // One channel per worker, so each job is offered to the worker the test expects.
      for (const w of ['a', 'b']) {
        const worker = { capacity: 10, queues: [`${p}-queue`], channels: [{ channelId: w, capacityCostPerJob: 1 }], availableForOffers: true };
        await ok(client.send('PATCH', routes.worker(`${p}-worker-${w}`), { json: worker }));
      }
      const job = (id: string, channelId: string): Promise<void> => ok(client.send('PATCH', routes.job(`${p}-${id}`), { json: { channelId, queueId: `${p}-queue`, priority: 1 } }));
      await job('job-queued', 'nobody');
      await job('job-cancelled', 'nobody');
      await ok(client.send('POST', routes.cancel(`${p}-job-cancelled`), { json: {} }));
      await job('job-offered', 'a');
      await offerOf(client, `${p}-worker-a`, `${p}-job-offered`);
      await job('job-closing', 'b');
      const accepted = await client.send('POST', routes.accept(`${p}-worker-b`, await offerOf(client, `${p}-worker-b`, `${p}-job-closing`)));
      expect(accepted.status, accepted.text).toBe(200);
      const assignmentId = (accepted.body as { assignmentId: string }).assignmentId;
      await ok(client.send('POST', routes.complete(`${p}-job-closing`, assignmentId), { json: {} }));

      const mine = (await findLeftovers(client, emulator.url, p)).map((l) => `${l.kind} ${l.id}`).sort();
      expect(mine).toHaveLength(8);

      const dry = await sweep(['--prefix', p, '--dry-run'], env);
      expect(dry.code, dry.stdout + dry.stderr).toBe(0);
      expect(dry.stdout).toContain('would remove 8 resources');
      expect(dry.stdout).toContain('dry run: nothing removed');
      for (const line of mine) expect(dry.stdout).toContain(`  ${line}\n`);
      expect(dry.stdout).not.toContain(other);
      expect((await findLeftovers(client, emulator.url, p)).map((l) => `${l.kind} ${l.id}`).sort()).toEqual(mine);

      // Closed only at closeAt, 3 s from now: until then the job refuses deletion and the sweep has to wait for it.
      const closeAt = new Date(Date.now() + 3000).toISOString();
      await ok(client.send('POST', routes.close(`${p}-job-closing`, assignmentId), { json: { closeAt } }));
      expect((await client.send('DELETE', routes.job(`${p}-job-closing`))).status).toBe(409);

      const real = await sweep(['--prefix', p], env);
      test.info().annotations.push({ type: 'sweep output', description: real.stdout });
      expect(real.code, real.stdout + real.stderr).toBe(0);
      expect(real.stdout).toContain('removing 8 resources');
      expect(real.stdout).toContain('swept 8, left 0');
      expect(real.stdout + real.stderr).not.toContain(emulator.accessKey);
      expect(await findLeftovers(client, emulator.url, p)).toEqual([]);
      // Gone only once the close took effect, never by deleting a job whose close was still pending.
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(closeAt));
      expect((await client.send('GET', routes.distributionPolicy(other))).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  test('what cannot be removed is reported with its reason, and the sweep exits 1', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true });
    try {
      const client = clientOf(emulator);
      const p = `sl-${Date.now().toString(36)}`;
      const o = `ol-${Date.now().toString(36)}`;
      const policy = { offerExpiresAfterSeconds: 300, mode: { kind: 'longestIdle', minConcurrentOffers: 1, maxConcurrentOffers: 1 } };
      await ok(client.send('PATCH', routes.distributionPolicy(`${o}-policy`), { json: policy }));
      await ok(client.send('PATCH', routes.queue(`${o}-queue`), { json: { distributionPolicyId: `${o}-policy` } }));
      const worker = { capacity: 10, queues: [`${o}-queue`], channels: [{ channelId: 'c', capacityCostPerJob: 1 }], availableForOffers: true };
      await ok(client.send('PATCH', routes.worker(`${p}-worker`), { json: worker }));
      // The prefixed worker holds a job the sweep must not touch, so the target refuses to delete the worker.
      await ok(client.send('PATCH', routes.job(`${o}-job`), { json: { channelId: 'c', queueId: `${o}-queue`, priority: 1 } }));
      await ok(client.send('POST', routes.accept(`${p}-worker`, await offerOf(client, `${p}-worker`, `${o}-job`))));

      const run = await sweep(['--prefix', p], { JOBROUTER_ENDPOINT: emulator.url, JOBROUTER_ACCESS_KEY: emulator.accessKey });
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toContain('swept 0, left 1');
      expect(run.stdout).toMatch(new RegExp(`  left worker ${p}-worker: DELETE answered HTTP 409: .*holds assigned jobs`));
      expect((await client.send('GET', routes.job(`${o}-job`))).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  test('a prefix shorter than 4 characters is refused: one sentence, exit 2', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true });
    try {
      const run = await sweep(['--prefix', 'sw'], { JOBROUTER_ENDPOINT: emulator.url, JOBROUTER_ACCESS_KEY: emulator.accessKey });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr.trim()).toMatch(/^The prefix "sw" is shorter than 4 characters.*\.$/);
    } finally {
      await emulator.close();
    }
  });

  test('the embedded emulator has nothing to sweep: one sentence, exit 2', async () => {
    const run = await sweep(['--prefix', 'jrck-abc'], {});
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('nothing to sweep');
  });

  test('refused credentials: one sentence, exit 2, the key never printed', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true });
    const key = Buffer.from('a user key that must never be printed, 0123456789').toString('base64');
    try {
      const run = await sweep(['--prefix', 'jrck-abc'], { JOBROUTER_ENDPOINT: emulator.url, JOBROUTER_ACCESS_KEY: key });
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe('The endpoint refused the credentials (HTTP 401).');
      expect(run.stdout + run.stderr).not.toContain(key);
    } finally {
      await emulator.close();
    }
  });
});
