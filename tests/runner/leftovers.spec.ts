import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { JobRouterClient } from '../../src/client/client';
import { routes } from '../../src/client/routes';
import { startEmulator } from 'jobrouter-emulator';
import { findLeftovers } from '../../src/runner/leftovers';

/** Requirements whose setup is the hardest to undo: a pending closeAt, two assignments, a deleted job, odd ids. */
const SUBSET = ['CLOSE-AT-01', 'PATH-CLOSE-03', 'ERR-BODY-01', 'DECLINE-02', 'CANCEL-TYPE-01', 'DELETE-01', 'PATH-ENCODE-01', 'SCHEMA-WORKER-01', 'PATH-ACCEPT-02'];

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

test.describe('nothing is left behind', () => {
  test('a run of the hardest-to-clean specs leaves no resource with its prefix', async () => {
    test.setTimeout(120_000);
    const emulator = await startEmulator({ port: 0, quiet: true });
    try {
      const prefix = `lo-${Date.now().toString(36)}`;
      const dir = `.tmp/leftovers-${prefix}`;
      const grep = `^(?:.* )?(?:${SUBSET.join('|')}) `;
      const result = await run('node_modules/.bin/playwright', ['test', '-c', 'playwright.config.ts', '--grep', grep, '--reporter=line'], {
        ...process.env,
        JOBROUTER_CONNECTION_STRING: '',
        JOBROUTER_BEARER_TOKEN: '',
        JOBROUTER_ENDPOINT: emulator.url,
        JOBROUTER_ACCESS_KEY: emulator.accessKey,
        JOBROUTER_RUN_PREFIX: prefix,
        JOBROUTER_REPORTS_DIR: `${dir}/reports`,
        JOBROUTER_TEST_RESULTS_DIR: `${dir}/test-results`,
        JOBROUTER_CLOSE_AT_DELAY_MS: '2500',
        FORCE_COLOR: '0',
      });
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain(`${SUBSET.length} passed`);
      const client = new JobRouterClient({ endpoint: emulator.url, auth: { kind: 'hmac', accessKey: emulator.accessKey }, apiVersion: '2023-11-01', secrets: [] });
      expect(await findLeftovers(client, emulator.url, prefix)).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    } finally {
      await emulator.close();
    }
  });

  test('the leftover count finds prefixed resources across pages and ignores others', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true });
    try {
      const client = new JobRouterClient({ endpoint: emulator.url, auth: { kind: 'hmac', accessKey: emulator.accessKey }, apiVersion: '2023-11-01', secrets: [] });
      const ok = (status: number): void => expect([200, 201]).toContain(status);
      ok((await client.send('PATCH', routes.distributionPolicy('mine-policy'), { json: { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } } })).status);
      ok((await client.send('PATCH', routes.queue('mine-queue'), { json: { distributionPolicyId: 'mine-policy' } })).status);
      ok((await client.send('PATCH', routes.queue('other-queue'), { json: { distributionPolicyId: 'mine-policy' } })).status);
      // More jobs than one page holds, so the count has to follow nextLink.
      for (let i = 0; i < 105; i += 1) ok((await client.send('PATCH', routes.job(`mine-job-${i}`), { json: { channelId: 'c', queueId: 'other-queue' } })).status);
      const leftovers = await findLeftovers(client, emulator.url, 'mine');
      expect(leftovers.filter((l) => l.kind === 'job')).toHaveLength(105);
      expect(leftovers.filter((l) => l.kind !== 'job')).toEqual([
        { kind: 'queue', id: 'mine-queue' },
        { kind: 'distribution policy', id: 'mine-policy' },
      ]);
    } finally {
      await emulator.close();
    }
  });
});
