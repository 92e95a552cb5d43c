/**
 * `npm run report:merge -- <blob-dir>`: merges the blob reports of `npm run conformance -- --shard=i/n` runs into one
 * conformance report (reports/ or JOBROUTER_REPORTS_DIR) and exits with the gate's code: 0 conformant,
 * 1 not conformant, 2 error (including an incomplete set of shards, whose missing requirements are errors).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/index';
import { exitCodeFor } from '../src/report/model';
import { readReport } from '../src/report/write';

const ROOT = resolve(import.meta.dirname, '..');
const dirs = process.argv.slice(2).filter((a) => a !== '--');
if (dirs.length !== 1 || !existsSync(dirs[0] ?? '')) {
  process.stderr.write('usage: npm run report:merge -- <directory holding the shards\' blob report zips>\n');
  process.exit(2);
}
const reportsDir = resolve(loadConfig().reportsDir);
// A stale report from an earlier run must not stand in for a merge that wrote nothing.
rmSync(join(reportsDir, 'conformance.json'), { force: true });
const merge = spawnSync(process.execPath, [join(ROOT, 'node_modules/@playwright/test/cli.js'), 'merge-reports', '--reporter', `${join(ROOT, 'src/report/reporter.ts')},list`, dirs[0] ?? ''], { stdio: 'inherit' });
if (merge.status === null) {
  process.stderr.write('merge-reports did not finish.\n');
  process.exit(2);
}
try {
  const report = readReport(join(reportsDir, 'conformance.json'));
  process.exit(exitCodeFor(report.verdict));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
