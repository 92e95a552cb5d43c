import { expect, test } from '@playwright/test';
import { inputModel, modelRows } from '../../src/contract/input-model';
import { EXPLORE_ANNOTATION, type ExploreRecord } from '../../src/contract/explore-record';
import { buildReport } from '../../src/report/build';
import { coverageLines } from '../../src/report/coverage';
import { coverageOfRun } from '../../src/report/coverage-run';
import { renderHtml } from '../../src/report/html';
import { renderJson } from '../../src/report/json';

/** The coverage table reaches all three outputs: conformance.json, the HTML section and the console's last lines. */

function recordOf(name: 'cancel' | 'accept'): ExploreRecord {
  const model = inputModel(name);
  const dims = model.dimensions.map((d) => d.name);
  return { model: name, depth: 'default', seed: 1, dimensions: dims, rows: modelRows(model, 'default', 1).map((r) => dims.map((d) => r[d] ?? '')), errors: [{ status: 404, provocation: 'unknown-id' }] };
}

function reportWithCoverage() {
  const coverage = coverageOfRun([[{ type: EXPLORE_ANNOTATION, description: JSON.stringify(recordOf('cancel')) }, { type: EXPLORE_ANNOTATION, description: JSON.stringify(recordOf('cancel')) }], [{ type: 'cases', description: '{}' }, { type: EXPLORE_ANNOTATION, description: JSON.stringify(recordOf('accept')) }], [{ type: EXPLORE_ANNOTATION, description: '{not json' }]]);
  const base = buildReport({ catalog: [], outcomes: [], scope: 'partial', meta: { target: 't', apiVersion: '2023-11-01', profile: 'default', kitVersion: '1', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 } });
  return { ...base, ...(coverage ? { coverage } : {}) };
}

test('the run coverage folds the explore annotations and ignores malformed ones', () => {
  const report = reportWithCoverage();
  const cancel = report.coverage?.operations.find((o) => o.model === 'cancel');
  expect(cancel?.cases).toBe(recordOf('cancel').rows.length);
  expect(cancel?.states.exercised).toBe(cancel?.states.total);
  expect(report.coverage?.operations.map((o) => o.model)).toContain('close');
  expect(report.coverage?.operations.find((o) => o.model === 'close')?.cases).toBe(0);
});

test('conformance.json carries the coverage', () => {
  const parsed = JSON.parse(renderJson(reportWithCoverage())) as { coverage?: { operations: { model: string; errors: { missing: { what: string; why: string }[] } }[] } };
  const accept = parsed.coverage?.operations.find((o) => o.model === 'accept');
  expect(accept?.errors.missing.map((m) => m.what)).toEqual(expect.arrayContaining(['409 taken-by-another', '413 oversized']));
  expect(accept?.errors.missing.find((m) => m.what === '413 oversized')?.why).toBe('the operation takes no body');
});

test('the HTML has a coverage section with a row per operation and the reasons for what was not exercised', () => {
  const page = renderHtml(reportWithCoverage());
  expect(page).toContain('id="coverage"');
  expect(page).toContain('id="coverage-cancel"');
  expect(page).toContain('the documents do not say whether an empty string is a value or none');
  expect(page).toContain('--depth thorough');
});

test('the console lines name each operation with its counts', () => {
  const lines = coverageLines(reportWithCoverage().coverage ?? { operations: [] });
  expect(lines[0]).toMatch(/^Explored \(default depth\)/);
  expect(lines.find((l) => l.trim().startsWith('cancel'))).toMatch(/classes \d+\/\d+ · pairs \d+\/\d+ · states 10\/10 · errors 1\/6/);
});
