import { expect, test } from '@playwright/test';
import type { Requirement } from '../../src/contract/requirements';
import { type TestOutcome, buildReport } from '../../src/report/build';
import { renderJUnit } from '../../src/report/junit';

const catalog: Requirement[] = [
  { id: 'P-01', level: 'MUST', area: 'cancel', operation: 'JobRouterOperations_CancelJob', title: 'passes', source: 's' },
  { id: 'F-01', level: 'MUST', area: 'cancel', operation: 'JobRouterOperations_CancelJob', title: 'fails <&> "quoted"', source: 's' },
  { id: 'W-01', level: 'MUST', area: 'error-contract', operation: 'JobRouterOperations_CancelJob', title: 'waived', source: 's' },
  { id: 'S-01', level: 'SHOULD', area: 'close', operation: 'JobRouterOperations_CloseJob', title: 'skipped', source: 's' },
  { id: 'E-01', level: 'MAY', area: 'close', operation: 'JobRouterOperations_CloseJob', title: 'errors', source: 's' },
];
const outcomes: TestOutcome[] = [
  { requirementId: 'P-01', key: 'p', title: 'p', status: 'passed', durationMs: 1500 },
  { requirementId: 'F-01', key: 'f', title: 'f', status: 'failed', durationMs: 10, message: 'expected 200, got 404 ]]> <tag> \u0007bell' },
  { requirementId: 'W-01', key: 'w', title: 'w', status: 'failed', durationMs: 10, message: 'no x-ms-error-code' },
  { requirementId: 'S-01', key: 's', title: 's', status: 'skipped', durationMs: 0, message: 'Not applicable: no feature' },
  { requirementId: 'E-01', key: 'e', title: 'e', status: 'error', durationMs: 10, message: 'HarnessError: ECONNREFUSED' },
];
const report = buildReport({
  catalog,
  outcomes,
  scope: 'full',
  waivers: [{ id: 'W-01', reason: 'production deviation', link: 'https://example.org/w', expires: '2099-01-01' }],
  meta: { target: 't', apiVersion: '2023-11-01', profile: 'service', kitVersion: '1', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1600 },
});
const xml = renderJUnit(report);

function testcase(id: string): string {
  const match = new RegExp(`<testcase name="${id} [^"]*"[\\s\\S]*?</testcase>`).exec(xml);
  expect(match, `testcase ${id}`).not.toBeNull();
  return match?.[0] ?? '';
}

test('junit.xml is well-formed enough: balanced tags, declared, no raw control characters', () => {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  for (const tag of ['testsuites', 'testsuite', 'testcase', 'properties']) {
    const opened = xml.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0;
    const closed = xml.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
    expect(closed, tag).toBe(opened);
  }
  expect(xml).not.toContain('\u0007');
  expect(xml).toContain('fails &lt;&amp;&gt; &quot;quoted&quot;');
  expect(xml).toMatch(/<testsuites name="[^"]*" tests="5" failures="1" errors="1" skipped="1"/);
});

test('every testcase carries its requirement id and level as properties', () => {
  for (const r of catalog) {
    const tc = testcase(r.id);
    expect(tc).toContain(`<property name="requirement" value="${r.id}"/>`);
    expect(tc).toContain(`<property name="level" value="${r.level}"/>`);
  }
});

test('failed is <failure>, error is <error>, skipped is <skipped/>, waived passes with the waiver in system-out', () => {
  // A control character XML cannot carry is shown as a visible escape, not dropped.
  expect(testcase('F-01')).toMatch(/<failure message="expected 200 · observed 404 \]\]&gt; &lt;tag&gt; \\u0007bell" type="MUST">/);
  expect(testcase('E-01')).toContain('<error message="not checked: ECONNREFUSED"');
  expect(testcase('S-01')).toContain('<skipped message="Not applicable: no feature"/>');
  const waived = testcase('W-01');
  expect(waived).not.toMatch(/<failure|<error|<skipped/);
  expect(waived).toContain('<property name="status" value="waived"/>');
  expect(waived).toContain('<system-out>WAIVED: production deviation https://example.org/w');
  expect(testcase('P-01')).toContain('time="1.500"');
});
