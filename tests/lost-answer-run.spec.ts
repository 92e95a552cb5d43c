import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parseChaos } from '../emulator/src/chaos';
import { startEmulator } from 'jobrouter-emulator';
import type { FaultName } from '../emulator/src/faults';
import type { ConformanceReport } from '../src/report/model';
import { runCli } from './support/cli';

/**
 * A lost answer is not the end, proved on whole runs: the emulator drops the answer of a third of its actions after
 * applying them (chaos `lost=0.33`); requirements whose answer was lost run again on a fresh setup, so a correct target
 * is conformant, and a fault switched on as well is still caught. (Before, each lost answer was an `error`.)
 */

const IDS = ['CLOSE-NOW-01', 'CLOSE-NOW-02', 'CANCEL-STATUS-01', 'ACCEPT-02', 'DECLINE-01', 'COMPLETE-01', 'RESULT-CLOSE-01', 'DELETE-01'];
const grep = (ids: readonly string[]): string => `^(?:.* )?(?:${ids.join('|')}) `;

async function lossyRun(name: string, faults: FaultName[], seed: number) {
  const emulator = await startEmulator({ port: 0, quiet: true, faults, chaos: parseChaos('lost=0.33', seed) });
  const dir = join('.tmp', `lost-answer-run-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  try {
    const cli = await runCli('conformance', ['--grep', grep(IDS)], {
      JOBROUTER_ENDPOINT: emulator.url,
      JOBROUTER_ACCESS_KEY: emulator.accessKey,
      JOBROUTER_REPORTS_DIR: join(dir, 'reports'),
      JOBROUTER_TEST_RESULTS_DIR: join(dir, 'test-results'),
      // One worker: the emulator draws which answers it loses from a seeded sequence, in the order the actions arrive,
      // so one worker makes that order — and with it which requirements lose an answer — the same on every machine.
      // With two, the order followed the machine's timing, and in one CI run every loss happened to fall on setup
      // steps, which need no re-run, so the run had nothing to show.
      JOBROUTER_WORKERS: '1',
      // A third of the answers lost: DELETE-01 sends two actions of its own (close, then delete), so an attempt of it
      // loses one with a chance of 1 − (2/3)² ≈ 0.56, and with seed 12 it needs four attempts. The default, 3, suits a
      // rough endpoint, not one that drops a third of its answers; ten leave room should the sequence shift.
      JOBROUTER_LOST_ANSWER_ATTEMPTS: '10',
    });
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'conformance.json'), 'utf8')) as ConformanceReport;
    return { cli, report, statuses: Object.fromEntries(report.requirements.map((r) => [r.id, r.status])) };
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test.describe('answers lost after the target applied the action', () => {
  test.describe.configure({ mode: 'parallel', timeout: 600_000 });

  test('a correct target that drops 1 in 3 answers is conformant: each requirement that lost one ran again on a fresh setup', async () => {
    const { cli, report, statuses } = await lossyRun('clean', [], 11);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(statuses).toEqual(Object.fromEntries(IDS.map((id) => [id, 'passed'])));
    expect(cli.stdout).toContain('leftover resources: 0');
    // The chaos did bite: lost answers show as network retries, and at least one requirement needed another attempt.
    expect(cli.stdout).toMatch(/↻ [A-Z-]+\d+ .*running it again on a fresh setup/);
    const rerun = report.requirements.find((r) => /^Passed on attempt \d/.test(r.message ?? ''));
    expect(rerun?.message).toMatch(/lost an action's answer/);
    expect(rerun?.evidence?.some((e) => /closed before a response arrived/.test(e.transportError ?? ''))).toBe(true);
  });

  test('with a fault switched on too, the fault is still caught', async () => {
    const { cli, statuses } = await lossyRun('fault', ['close-keeps-capacity'], 12);
    expect(cli.code, cli.stdout + cli.stderr).toBe(1);
    expect(statuses['CLOSE-NOW-01']).toBe('failed');
    // CLOSE-NOW-02 judges the close's whole effect too, the released capacity among it.
    expect(Object.entries(statuses).filter(([id, s]) => id !== 'CLOSE-NOW-01' && id !== 'CLOSE-NOW-02' && s !== 'passed')).toEqual([]);
  });
});
