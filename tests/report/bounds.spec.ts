import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ExchangeRecord } from '../../src/contract/evidence';
import { EVIDENCE_BOUNDS, EvidenceBudget, REQUIREMENT_BUDGET, serialisedBytes } from '../../src/contract/evidence-bounds';
import type { Requirement } from '../../src/contract/requirements';
import { type TestOutcome, buildReport } from '../../src/report/build';
import { REPORT_BOUNDS } from '../../src/report/bounds';
import type { ConformanceReport } from '../../src/report/model';
import { renderJUnit } from '../../src/report/junit';
import { renderHtml } from '../../src/report/html';
import { renderJson } from '../../src/report/json';
import { writeReports } from '../../src/report/write';

/** Evidence and reports stay within their stated bounds, whatever the target sent, with a note where they cut. */

// Quotes and angle brackets: the worst case for JSON and HTML escaping.
const HEAVY = '"<>&'.repeat(16 * 1024);

function exchange(n: number): ExchangeRecord {
  return { method: 'GET', url: `http://t/routing/jobs/j${n}`, requestHeaders: {}, status: 200, responseHeaders: { 'content-type': 'application/json' }, responseBody: HEAVY, responseBodyInfo: { bytes: 20_000_000, shownBytes: HEAVY.length, note: 'cut' }, durationMs: 1, curl: 'curl http://t' };
}

/** `requirements` requirements, each with `exchanges` exchanges of 64 KiB of hostile text: far beyond every bound. */
function flood(requirements: number, exchanges: number): ConformanceReport {
  const catalog: Requirement[] = Array.from({ length: requirements }, (_, i) => ({ id: `FLOOD-${i + 1}`, level: 'MUST', area: 'cancel', operation: 'JobRouterOperations_CancelJob', title: `flood ${i + 1}`, source: 's' }));
  const outcomes: TestOutcome[] = catalog.map((r, i) => ({
    requirementId: r.id, key: r.id, title: r.title, status: i % 3 === 0 ? 'failed' : 'passed', durationMs: 1,
    message: `expected less; got ${'x'.repeat(100_000)}`, evidence: Array.from({ length: exchanges }, (_, n) => exchange(n)),
  }));
  return buildReport({ catalog, outcomes, scope: 'full', meta: { target: 't', apiVersion: '2023-11-01', profile: 'default', kitVersion: '1', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 } });
}

test('a requirement keeps exchanges in full up to its budget, then stubs, then only counts them', () => {
  const budget = new EvidenceBudget(REQUIREMENT_BUDGET);
  const kept = Array.from({ length: 1000 }, (_, n) => budget.take(exchange(n))).filter((e) => e !== undefined);
  expect(budget.fullUsed).toBeLessThanOrEqual(EVIDENCE_BOUNDS.fullBytesPerRequirement);
  expect(budget.stubUsed).toBeLessThanOrEqual(EVIDENCE_BOUNDS.stubBytesPerRequirement);
  expect(budget.stubbed).toBeGreaterThan(0);
  expect(budget.omitted).toBe(1000 - kept.length);
  const stub = kept[kept.length - 1];
  expect(stub).toMatchObject({ status: 200, curl: '', responseBodyInfo: { bytes: 20_000_000, shownBytes: 0 } });
  expect(stub?.responseBody).toBeUndefined();
  expect(budget.describe('why')).toMatch(/^Evidence bounded \(why\): \d+ exchanges kept without bodies, headers or curl, \d+ not kept at all\.$/);
});

test('a flood of evidence writes three reports within their bounds, every requirement listed, the cuts noted', () => {
  // 60 requirements × 40 exchanges × 64 KiB ≈ 150 MiB of evidence before the bounds.
  const report = flood(60, 40);
  const dir = join('.tmp', `bounds-${process.pid}-${test.info().workerIndex}`);
  rmSync(dir, { recursive: true, force: true });
  const written = writeReports(report, dir, []);
  expect(written.errors).toEqual([]);
  for (const [file, bound] of Object.entries(REPORT_BOUNDS.fileBytes)) expect(statSync(join(dir, file)).size, file).toBeLessThanOrEqual(bound);
  const json = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  expect(json.requirements).toHaveLength(60);
  const evidenceBytes = json.requirements.reduce((n, r) => n + serialisedBytes(r.evidence ?? []), 0);
  expect(evidenceBytes).toBeLessThanOrEqual(REPORT_BOUNDS.fullBytesPerReport + REPORT_BOUNDS.stubBytesPerReport);
  expect(json.bounded).toMatch(/60 requirement\(s\) keep only part of their evidence/);
  // Failures get the budget first: a failed requirement keeps full exchanges, a late passed one only stubs or nothing.
  expect(json.requirements[0]?.evidence?.[0]?.responseBody).toBe(HEAVY);
  expect(json.requirements.every((r) => (r.message?.length ?? 0) <= REPORT_BOUNDS.messageChars + 200)).toBe(true);
  const page = readFileSync(join(dir, 'conformance.html'), 'utf8');
  expect(page.match(/<section class="req /g)).toHaveLength(60);
  expect(page).toContain('Evidence bounded');
  rmSync(dir, { recursive: true, force: true });
});

test('each writer keeps to the bound it is given, cutting cards and entries with a note and staying well-formed', () => {
  const report = flood(20, 10);
  const limit = 2 * 1024 * 1024;
  const json = renderJson(report, limit);
  expect(Buffer.byteLength(json)).toBeLessThanOrEqual(limit);
  const parsed = JSON.parse(json) as ConformanceReport & { truncated?: string };
  expect(parsed.requirements).toHaveLength(20);
  expect(parsed.truncated).toMatch(/written without their evidence or as a summary/);
  const page = renderHtml(report, limit);
  expect(Buffer.byteLength(page)).toBeLessThanOrEqual(limit);
  expect(page).toContain('Evidence not shown: the page reached its size bound');
  expect(page.trimEnd().endsWith('</html>')).toBe(true);
  const xml = renderJUnit(report, 256 * 1024);
  expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(256 * 1024);
  expect(xml).toContain('cut: junit.xml keeps within its size bound');
  expect(xml.match(/<testsuite /g)?.length).toBe(xml.match(/<\/testsuite>/g)?.length);
  expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
});
