import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { formatFinding, parseFinding } from '../../src/contract/finding';
import { REQUIREMENTS } from '../../src/contract/requirements';
import { buildReport, type TestOutcome } from '../../src/report/build';
import { withFindings } from '../../src/report/findings';
import { normaliseFailure } from '../../src/report/normalise';
import { coverageLines, renderSummary, SUMMARY_MAX_CHARS } from '../../src/report/summary';
import { configText, inlineProject, readReportJson, readText, runPlaywright } from './runner';

/** Matcher boilerplate that must appear in no report, summary or console line. */
const BOILERPLATE = new RegExp(`expect\\(received\\)|Object\\.is equality|Expected: true|Received: false|Received:|${String.fromCharCode(27)}\\[`);

test('a finding survives its text form: labelled lines, then the detail', () => {
  const finding = { expected: 'status cancelled', observed: 'status "queued"', timeline: 'closeAt − 3.1 s: held · closeAt − 0.4 s: released ← before closeAt', reproduce: "curl -X GET 'http://x/'", detail: '• case a\n• case b' };
  expect(parseFinding(`Error: ${formatFinding(finding)}`)).toEqual(finding);
  expect(parseFinding('some other error')).toBeUndefined();
});

test('matcher errors read as expected / observed, whatever the matcher', () => {
  const title = 'the requirement title';
  const boolean = 'Error: expected HTTP 200 (an empty body); got:\nPOST http://x/ → 415 application/json\n{"error":{}}\nreproduce: curl -X POST http://x/\n\nexpect(received).toBe(expected) // Object.is equality\n\nExpected: true\nReceived: false';
  expect(normaliseFailure(boolean, 'failed', title)).toEqual({ expected: 'HTTP 200 (an empty body)', observed: 'POST http://x/ → 415 application/json {"error":{}}', reproduce: 'curl -X POST http://x/' });
  const value = 'Error: dispositionCode of a job cancelled without one\n\nexpect(received).toBe(expected) // Object.is equality\n\nExpected: "Cancelled"\nReceived: undefined';
  expect(normaliseFailure(value, 'failed', title)).toEqual({ expected: 'dispositionCode of a job cancelled without one: "Cancelled"', observed: 'undefined' });
  const number = 'Error: closedAt is not before closeAt\n\nexpect(received).toBeGreaterThanOrEqual(expected)\n\nExpected: >= 1000\nReceived:    990';
  expect(normaliseFailure(number, 'failed', title)).toMatchObject({ expected: 'closedAt is not before closeAt: >= 1000', observed: '990' });
  const diff = 'Error: notes\n\nexpect(received).toEqual(expected) // deep equality\n\n- Expected  - 1\n+ Received  + 1\n\n- Array [ "a" ]\n+ Array [ "b" ]';
  expect(normaliseFailure(diff, 'failed', title)).toMatchObject({ expected: 'notes: Array [ "a" ]', observed: 'Array [ "b" ]' });
  const lastSeen = 'Error: job status cancelled (job j1) within 5000 ms; last seen: {"found":true,"status":"queued"}\n\nexpect(received).toBe(expected) // Object.is equality\n\nExpected: true\nReceived: false';
  expect(normaliseFailure(lastSeen, 'failed', title)).toMatchObject({ expected: 'job status cancelled (job j1) within 5000 ms', observed: '{"found":true,"status":"queued"}' });
  for (const text of [boolean, value, number, diff, lastSeen]) expect(formatFinding(normaliseFailure(text, 'failed', title))).not.toMatch(BOILERPLATE);
});

test('an error names the step that could not be done and why', () => {
  const precondition = 'HarnessError: precondition not met: creating job j1: HTTP 503\nstep: creating job j1\nexpected: creating job j1 answers 200/201\nobserved: HTTP 503 busy\nreproduce: curl -X PATCH http://x/';
  expect(normaliseFailure(precondition, 'error', 't')).toEqual({ step: 'creating job j1', expected: 'creating job j1 answers 200/201', observed: 'HTTP 503 busy', reproduce: 'curl -X PATCH http://x/' });
  expect(normaliseFailure('HarnessError: precondition not met: an offer of job j1 on worker w1: no offer within 15000 ms', 'error', 't')).toEqual({ step: 'an offer of job j1 on worker w1', expected: 't', observed: 'no offer within 15000 ms' });
  expect(normaliseFailure('InconclusiveWindow: no read was answered before the window closed', 'error', 't')).toMatchObject({ step: 'the check', observed: 'no read was answered before the window closed' });
});

test('a run through the reporter: findings with the catalog source, no matcher text anywhere, summary.md and the step summary', () => {
  const spec = `import { test, expect } from '@playwright/test';
const req = (id: string) => ({ annotation: { type: 'requirement', description: id } });
test('CANCEL-DISP-01 plain expect', req('CANCEL-DISP-01'), async () => { expect(undefined, 'dispositionCode of a job cancelled without one').toBe('Cancelled'); });
test('CANCEL-STATUS-01 boolean expect', req('CANCEL-STATUS-01'), async () => { expect(false, 'job status cancelled (job j1) within 5000 ms; last seen: {"status":"queued"}').toBe(true); });
test('CANCEL-EMPTY-01 passes', req('CANCEL-EMPTY-01'), async () => { expect(1).toBe(1); });
`;
  const dir = inlineProject('findings', { 'playwright.config.ts': configText(), 'a.spec.ts': spec });
  const stepSummary = join(dir, 'step-summary.md');
  writeFileSync(stepSummary, 'earlier step\n');
  const run = runPlaywright(dir, ['test', '--grep', 'CANCEL-'], { GITHUB_STEP_SUMMARY: stepSummary });
  const report = readReportJson(dir);
  const disp = report.requirements.find((r) => r.id === 'CANCEL-DISP-01');
  expect(disp?.finding).toEqual({ expected: 'dispositionCode of a job cancelled without one: "Cancelled"', observed: 'undefined', source: REQUIREMENTS.find((r) => r.id === 'CANCEL-DISP-01')?.source });
  expect(report.requirements.find((r) => r.id === 'CANCEL-STATUS-01')?.finding?.observed).toBe('{"status":"queued"}');
  const html = readText(dir, 'reports/conformance.html');
  for (const text of [html, readText(dir, 'reports/conformance.json'), readText(dir, 'reports/junit.xml'), readText(dir, 'reports/summary.md'), run.stdout.slice(run.stdout.indexOf('Conformance:'))]) {
    expect(text).not.toMatch(BOILERPLATE);
  }
  expect(html.indexOf('id="findings"')).toBeLessThan(html.indexOf('class="meta"'));
  const summary = readText(dir, 'reports/summary.md');
  expect(summary).toContain('## Job Router conformance: ❌ Not conformant (exit 1)');
  expect(summary).toContain('- **CANCEL-DISP-01** (MUST, failed) dispositionCode defaults to "Cancelled" when none is given — expected dispositionCode of a job cancelled without one: "Cancelled" · observed undefined');
  expect(summary).toContain('| MUST | **1** | 0 | 0 | 0 | **2** | 0 | 3 |');
  expect(readFileSync(stepSummary, 'utf8')).toBe(`earlier step\n${summary}\n`);
});

test('summary.md stays under GitHub\'s 65,536 characters with a note, however many requirements fail', () => {
  const outcomes: TestOutcome[] = Array.from({ length: 3000 }, (_, i) => ({ requirementId: `BIG-${i}`, key: `k${i}`, title: `BIG-${i}`, status: 'failed', durationMs: 1, message: formatFinding({ expected: 'x'.repeat(200), observed: 'y'.repeat(200) }) }));
  const catalog = outcomes.map((o) => ({ id: o.requirementId ?? '', level: 'MUST' as const, area: 'cancel' as const, operation: 'JobRouterOperations_CancelJob' as const, title: 'a title', source: 'a source' }));
  const report = withFindings(buildReport({ catalog, outcomes, scope: 'full', meta: { target: 't', apiVersion: 'v', profile: 'default', kitVersion: '0', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 } }));
  const text = renderSummary(report);
  expect(text.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
  expect(text).toMatch(/… \d+ more line\(s\) not shown: the summary keeps within 65536 characters/);
  expect(coverageLines(report)[0]).toBe('3000 requirements in this full run: 3000 checked, 0 not applicable.');
});
