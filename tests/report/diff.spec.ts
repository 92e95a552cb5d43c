import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Requirement } from '../../src/contract/requirements';
import { type TestOutcome, buildReport } from '../../src/report/build';
import { diffReports, formatDiff } from '../../src/report/diff';
import type { Status } from '../../src/report/status';
import { inlineProject, ROOT } from './runner';

const META = { target: 't', apiVersion: '2023-11-01', profile: 'default', kitVersion: '0', startedAt: '2026-03-01T00:00:00.000Z', durationMs: 1 };

function run(statuses: Record<string, Exclude<Status, 'waived' | 'xpassed'>>) {
  const catalog: Requirement[] = Object.keys(statuses).map((id) => ({ id, level: 'MUST', area: 'cancel', operation: 'JobRouterOperations_CancelJob', title: `${id} title`, source: 's' }));
  const outcomes: TestOutcome[] = Object.entries(statuses).map(([id, status]) => ({ requirementId: id, key: id, title: id, status, durationMs: 1 }));
  return { catalog, outcomes, report: buildReport({ catalog, outcomes, scope: 'full', meta: META }) };
}

test('the diff separates regressions, fixes, added, removed and other changes', () => {
  const old = run({ 'R-01': 'passed', 'F-01': 'failed', 'G-01': 'passed', 'S-01': 'skipped', 'X-01': 'passed' }).report;
  const now = run({ 'R-01': 'failed', 'F-01': 'passed', 'N-01': 'passed', 'S-01': 'passed', 'X-01': 'passed' }).report;
  const diff = diffReports(old, now);
  expect(diff.regressions.map((e) => [e.id, e.from, e.to])).toEqual([['R-01', 'passed', 'failed']]);
  expect(diff.fixes.map((e) => e.id)).toEqual(['F-01']);
  expect(diff.added.map((e) => e.id)).toEqual(['N-01']);
  expect(diff.removed.map((e) => e.id)).toEqual(['G-01']);
  expect(diff.changed.map((e) => [e.id, e.from, e.to])).toEqual([['S-01', 'skipped', 'passed']]);
  expect(diff.baseline?.startedAt).toBe(META.startedAt);
  expect(formatDiff(diff).join('\n')).toMatch(/Regressions \(1\):\n {2}R-01 \[MUST\] passed → failed/);
});

test('identical runs have no differences', () => {
  const { report } = run({ 'A-01': 'passed', 'B-01': 'failed' });
  const diff = diffReports(report, report);
  expect([diff.regressions, diff.fixes, diff.added, diff.removed, diff.changed].every((l) => l.length === 0)).toBe(true);
  expect(formatDiff(diff)).toEqual(['No differences.']);
});

test('with a baseline the model marks each moved requirement and carries the diff', () => {
  const old = run({ 'R-01': 'passed', 'F-01': 'failed', 'G-01': 'passed' }).report;
  const { catalog, outcomes } = run({ 'R-01': 'failed', 'F-01': 'passed', 'N-01': 'passed' });
  const report = buildReport({ catalog, outcomes, scope: 'full', meta: META, baseline: old });
  const marks = Object.fromEntries(report.requirements.map((r) => [r.id, r.diff?.mark]));
  expect(marks).toEqual({ 'R-01': 'regression', 'F-01': 'fixed', 'N-01': 'new' });
  expect(report.diff?.removed.map((e) => e.id)).toEqual(['G-01']);
});

test('report:diff prints the diff for CI logs and exits 1 on regressions, 0 without, 2 on a bad file', () => {
  const dir = inlineProject('diff-cli', {
    'old.json': JSON.stringify(run({ 'R-01': 'passed', 'F-01': 'failed' }).report),
    'new.json': JSON.stringify(run({ 'R-01': 'failed', 'F-01': 'passed' }).report),
    'bad.json': '{"requirements": 3}',
  });
  const cli = (a: string, b: string) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/report-diff.ts'), join(dir, a), join(dir, b)], { encoding: 'utf8', cwd: ROOT });
  const regressed = cli('old.json', 'new.json');
  expect(regressed.status).toBe(1);
  expect(regressed.stdout).toContain('Regressions (1):\n  R-01 [MUST] passed → failed');
  expect(regressed.stdout).toContain('Fixed (1):');
  const same = cli('new.json', 'new.json');
  expect(same.status).toBe(0);
  expect(same.stdout).toContain('No differences.');
  const bad = cli('old.json', 'bad.json');
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('is not a conformance.json');
});
