import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startEmulator } from 'jobrouter-emulator';
import type { ConformanceReport } from '../src/report/model';
import { runCli } from './support/cli';
import { startCorruptingProxy } from './support/corrupting-proxy';

/**
 * A refusal is never an observation, proved on whole runs: against a correct target whose worker and job bodies carry
 * a valid extra property nested 1,500 levels (the emulator's deep-extra-property variation) the requirements pass;
 * against a target whose state reads go bad mid-run (cut off, not UTF-8, not JSON) they end `error`, never `failed`.
 * (The whole suite against the deep-JSON target runs in the self-check's variations-all.)
 */

/** Requirements that read a worker's offers and a job's state to judge: the ones a refused read used to fail. */
const IDS = ['OFFER-01', 'OFFER-02', 'CANCEL-STATUS-01', 'CLOSE-NOW-01', 'DECLINE-01', 'SCHEMA-WORKER-01', 'SCHEMA-JOB-01'];
const STATE_IDS = IDS.filter((id) => !id.startsWith('SCHEMA-'));
const grep = (ids: readonly string[]): string => `^(?:.* )?(?:${ids.join('|')}) `;

async function run(name: string, endpoint: string, accessKey: string, ids: readonly string[], env: Record<string, string> = {}) {
  const dir = join('.tmp', `unreadable-run-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  try {
    const cli = await runCli('conformance', ['--grep', grep(ids)], {
      JOBROUTER_ENDPOINT: endpoint,
      JOBROUTER_ACCESS_KEY: accessKey,
      JOBROUTER_REPORTS_DIR: join(dir, 'reports'),
      JOBROUTER_TEST_RESULTS_DIR: join(dir, 'test-results'),
      JOBROUTER_WORKERS: '2',
      ...env,
    });
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'conformance.json'), 'utf8')) as ConformanceReport;
    return { cli, report, statuses: Object.fromEntries(report.requirements.map((r) => [r.id, r.status])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test.describe('unreadable answers in a whole run', () => {
  test.describe.configure({ mode: 'parallel', timeout: 180_000 });

  test('deep-JSON target: reads with a valid extra property nested 1,500 levels are read, and the run is conformant', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true, faults: ['deep-extra-property'] });
    try {
      const { cli, statuses } = await run('deep', emulator.url, emulator.accessKey, IDS);
      expect(cli.code, cli.stdout + cli.stderr).toBe(0);
      expect(statuses).toEqual(Object.fromEntries(IDS.map((id) => [id, 'passed'])));
    } finally {
      await emulator.close();
    }
  });

  test('reads cut off, not UTF-8 or not JSON mid-run: every requirement that needs them is error with the reason, none failed', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true });
    const proxy = await startCorruptingProxy(emulator.url);
    try {
      const { cli, report, statuses } = await run('spoilt', proxy.url, emulator.accessKey, STATE_IDS, {
        JOBROUTER_OFFER_TIMEOUT_MS: '3000',
        JOBROUTER_SETTLE_TIMEOUT_MS: '2000',
        JOBROUTER_RETRY_MAX_ATTEMPTS: '2',
      });
      test.info().annotations.push({ type: 'spoilt', description: JSON.stringify(proxy.spoilt()) });
      expect(cli.code, cli.stdout + cli.stderr).toBe(2);
      expect(statuses).toEqual(Object.fromEntries(STATE_IDS.map((id) => [id, 'error'])));
      for (const r of report.requirements) expect(r.message, r.id).toMatch(/could not be read|not valid UTF-8|not JSON|closed before|kit cannot read the state/);
      const spoilt = proxy.spoilt();
      for (const kind of ['cut-off', 'not-utf8', 'not-json'] as const) expect(spoilt[kind], kind).toBeGreaterThan(0);
    } finally {
      await proxy.close();
      await emulator.close();
    }
  });
});
