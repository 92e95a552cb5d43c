import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REQUIREMENTS } from '../../src/contract/requirements';
import type { ConformanceReport } from '../../src/report/model';
import { catalogCases, configText, inlineProject, readReportJson, REPORTER, runPlaywright, specFiles } from './runner';

/** Everything but timing: what "identical in content" means for a sharded-and-merged run. */
function content(report: ConformanceReport): unknown {
  const { startedAt: _s, durationMs: _d, ...rest } = report;
  return {
    ...rest,
    requirements: report.requirements.map(({ durationMs: _rd, evidence, ...r }) => ({ ...r, evidence: evidence?.map(({ durationMs: _ed, ...e }) => e) })),
  };
}

test.setTimeout(240_000);

test('three shards merged with merge-reports give the same conformance report as one unsharded run', () => {
  const cases = catalogCases(REQUIREMENTS, { 'CANCEL-EMPTY-02': 'fail', 'CLOSE-AT-03': 'evidence-fail', 'OFFER-02': 'skip', 'ERR-HEADER-01': 'evidence-fail' });
  const dir = inlineProject('shards', {
    'playwright.config.ts': configText(),
    'merge.config.ts': `export default { testDir: '.', reporter: [[${JSON.stringify(REPORTER)}]] };\n`,
    ...specFiles(cases, 3),
  });
  const whole = runPlaywright(dir, ['test'], { JOBROUTER_REPORTS_DIR: 'reports-unsharded' });
  expect(whole.stdout).toContain('Conformance: not-conformant');
  // Each shard as on its own machine: its own blob directory, then the zips gathered as CI's artifact download does.
  mkdirSync(join(dir, 'all-blobs'));
  for (const shard of [1, 2, 3]) {
    const run = runPlaywright(dir, ['test', `--shard=${shard}/3`, '--reporter=blob'], { PLAYWRIGHT_BLOB_OUTPUT_DIR: `blob-${shard}` });
    expect(run.status, run.stderr).not.toBeNull();
    for (const zip of readdirSync(join(dir, `blob-${shard}`)).filter((f) => f.endsWith('.zip'))) copyFileSync(join(dir, `blob-${shard}`, zip), join(dir, 'all-blobs', zip));
  }
  expect(readdirSync(join(dir, 'all-blobs'))).toHaveLength(3);
  const merged = runPlaywright(dir, ['merge-reports', '--config', 'merge.config.ts', 'all-blobs'], { JOBROUTER_REPORTS_DIR: 'reports-merged' });
  expect(merged.stdout + merged.stderr).toContain('Conformance: not-conformant');

  const a = readReportJson(dir, 'reports-unsharded');
  const b = readReportJson(dir, 'reports-merged');
  expect(b.scope).toBe('full');
  expect(b.requirements).toHaveLength(REQUIREMENTS.length);
  expect(b.requirements.find((r) => r.id === 'CLOSE-AT-03')?.evidence).toHaveLength(1);
  expect(content(b)).toEqual(content(a));
  test.info().annotations.push({ type: 'measure', description: `1 vs 3 shards: ${a.requirements.length} requirements, identical content (verdict ${a.verdict})` });
});

test('a single shard is a partial report: requirements of other shards are absent, not errors', () => {
  const dir = inlineProject('one-shard', { 'playwright.config.ts': configText(), ...specFiles(catalogCases(REQUIREMENTS), 3) });
  runPlaywright(dir, ['test', '--shard=2/3']);
  const report = readReportJson(dir);
  expect(report.scope).toBe('partial');
  expect(report.requirements.length).toBeGreaterThan(0);
  expect(report.requirements.length).toBeLessThan(REQUIREMENTS.length);
  expect(report.verdict).toBe('conformant');
});
