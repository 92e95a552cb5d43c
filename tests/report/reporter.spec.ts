import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REQUIREMENTS } from '../../src/contract/requirements';
import { catalogCases, configText, inlineProject, readReportJson, readText, runPlaywright, specFiles, specFor } from './runner';

// Each case runs a nested Playwright; give them room on a loaded machine.
test.setTimeout(120_000);

const title = (id: string) => `${id} ${REQUIREMENTS.find((r) => r.id === id)?.title ?? 'inline'}`;

test.describe.configure({ mode: 'parallel' });

test('a full run folds statuses, evidence and messages into conformance.json, junit.xml and conformance.html', () => {
  const cases = catalogCases(REQUIREMENTS, { 'CANCEL-EMPTY-02': 'fail', 'CLOSE-DISP-02': 'skip', 'APIVER-01': 'harness', 'ERR-BODY-01': 'evidence-fail' });
  const dir = inlineProject('full', { 'playwright.config.ts': configText(), ...specFiles(cases, 2, title) });
  const run = runPlaywright(dir, ['test']);
  const report = readReportJson(dir);
  const byId = Object.fromEntries(report.requirements.map((r) => [r.id, r]));
  expect(report.requirements).toHaveLength(REQUIREMENTS.length);
  expect(report.scope).toBe('full');
  expect(byId['CANCEL-EMPTY-02']?.status).toBe('failed');
  expect(byId['CANCEL-EMPTY-02']?.message).toContain('status of the unknown job');
  expect(byId['CLOSE-DISP-02']?.status).toBe('skipped');
  expect(byId['CLOSE-DISP-02']?.message).toContain('the target has no such feature');
  expect(byId['APIVER-01']?.status).toBe('error');
  expect(byId['ERR-BODY-01']?.evidence?.[0]?.url).toContain('/routing/jobs/ERR-BODY-01:cancel');
  expect(byId['CLOSE-NOW-01']).toMatchObject({ status: 'passed', level: 'MUST', operation: 'JobRouterOperations_CloseJob' });
  // A failed MUST decides the verdict; the requirement that could not be checked is named beside it.
  expect(report.verdict).toBe('not-conformant');
  expect(report.verdictReason).toMatch(/CANCEL-EMPTY-02.*could not be checked \(APIVER-01\)/);
  expect(report.kitVersion).toMatch(/^\d+\.\d+\.\d+/);
  expect(run.stdout).toMatch(/Conformance: not-conformant \(exit 1\) · \d+ requirements: \d+ passed, 2 failed, 1 error/);
  const junit = readText(dir, 'reports/junit.xml');
  expect(junit).toContain('<property name="requirement" value="CANCEL-EMPTY-02"/>');
  expect(junit).toMatch(/<testcase name="APIVER-01[^"]*"[^>]*>[\s\S]*?<error /);
  const page = readText(dir, 'reports/conformance.html');
  expect(page).toContain('Not conformant');
  expect(page).not.toMatch(/<img\b/);
});

test('the service profile turns the communicationError deviations into waived and stays conformant', () => {
  const cases = catalogCases(REQUIREMENTS, { 'ERR-BODY-01': 'evidence-fail', 'ERR-HEADER-01': 'fail', 'ERR-HEADER-02': 'fail', 'CLOSE-DISP-02': 'fail' });
  const dir = inlineProject('service', { 'playwright.config.ts': configText(), ...specFiles(cases, 2, title) });
  runPlaywright(dir, ['test'], { JOBROUTER_PROFILE: 'service' });
  const report = readReportJson(dir);
  expect(report.profile).toBe('service');
  expect(report.requirements.filter((r) => r.status === 'waived').map((r) => r.id).sort()).toEqual(['ERR-BODY-01', 'ERR-HEADER-01', 'ERR-HEADER-02']);
  expect(report.requirements.find((r) => r.id === 'CLOSE-DISP-02')?.status).toBe('failed');
  expect(report.verdict).toBe('conformant');
});

test('a stale waiver (waived but passing) and an unknown waiver id fail the gate; an invalid waiver file is an error', () => {
  const dir = inlineProject('waivers', { 'playwright.config.ts': configText(), 'a.spec.ts': specFor({ 'CLOSE-AT-01': 'pass', 'CLOSE-AT-02': 'pass' }) });
  const good = { reason: 'accepted for this release', link: 'https://example.org/issue/1', expires: '2099-01-01' };
  writeFileSync(join(dir, 'waivers.json'), JSON.stringify({ waivers: [{ id: 'CLOSE-AT-01', ...good }, { id: 'NOT-A-REQ-01', ...good }] }));
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({ waivers: [{ id: 'CLOSE-AT-01' }] }));
  const stale = runPlaywright(dir, ['test', '--grep', 'CLOSE-AT'], { JOBROUTER_WAIVERS: 'waivers.json' });
  const report = readReportJson(dir);
  expect(report.requirements.find((r) => r.id === 'CLOSE-AT-01')?.status).toBe('xpassed');
  expect(report.problems).toEqual(expect.arrayContaining(['Waiver "CLOSE-AT-01" is stale: the requirement passed.', 'Waiver "NOT-A-REQ-01" in waivers.json names no known requirement.']));
  expect(report.verdict).toBe('not-conformant');
  expect(stale.stdout).toContain('Conformance: not-conformant (exit 1)');
  runPlaywright(dir, ['test', '--grep', 'CLOSE-AT'], { JOBROUTER_WAIVERS: 'broken.json' });
  const broken = readReportJson(dir);
  expect(broken.verdict).toBe('error');
  expect(broken.verdictReason).toContain('broken.json does not match schemas/waivers.schema.json');
});

test('a filtered run lists only what ran; an unfiltered run with missing tests is an error', () => {
  const dir = inlineProject('filtered', { 'playwright.config.ts': configText(), 'a.spec.ts': specFor({ 'CANCEL-EMPTY-01': 'pass', 'CANCEL-EMPTY-02': 'pass', 'CLOSE-NOW-01': 'fail' }) });
  runPlaywright(dir, ['test', '--grep', 'CANCEL-']);
  const filtered = readReportJson(dir);
  expect(filtered.scope).toBe('partial');
  expect(filtered.requirements.map((r) => r.id)).toEqual(['CANCEL-EMPTY-01', 'CANCEL-EMPTY-02']);
  expect(filtered.verdict).toBe('conformant');
  runPlaywright(dir, ['test', 'a.spec.ts:3']);
  expect(readReportJson(dir).requirements.map((r) => r.id)).toEqual(['CANCEL-EMPTY-01']);
  runPlaywright(dir, ['test']);
  const full = readReportJson(dir);
  expect(full.scope).toBe('full');
  expect(full.verdict).toBe('error');
  expect(full.problems.join()).toMatch(/catalog requirement\(s\) have no test in this full run: PATH-CLOSE-01/);
});

test('the final retry decides; a test without a requirement id is a problem', () => {
  const spec = `import { test, expect } from '@playwright/test';
test('CANCEL-EMPTY-01 flaky', async ({}, testInfo) => { expect(testInfo.retry).toBe(1); });
test('CANCEL-EMPTY-02 always fails', async () => { expect(1).toBe(2); });
test('a test with no id', async () => {});
`;
  const dir = inlineProject('retries', { 'playwright.config.ts': configText({ retries: 1 }), 'a.spec.ts': spec });
  runPlaywright(dir, ['test', '--grep', 'CANCEL|no id']);
  const report = readReportJson(dir);
  expect(report.requirements.find((r) => r.id === 'CANCEL-EMPTY-01')).toMatchObject({ status: 'passed', message: 'Flaky (passed on retry 1).' });
  expect(report.requirements.find((r) => r.id === 'CANCEL-EMPTY-02')?.status).toBe('failed');
  expect(report.problems).toContain('Test "a test with no id" carries no requirement id.');
});

test('with a baseline the report marks regressions and fixes', () => {
  const dir = inlineProject('baseline', { 'playwright.config.ts': configText(), 'a.spec.ts': specFor({ 'CANCEL-EMPTY-01': 'pass', 'CANCEL-EMPTY-02': 'fail' }) });
  const baseline = { verdict: 'conformant', startedAt: '2026-01-01T00:00:00.000Z', requirements: [{ id: 'CANCEL-EMPTY-01', status: 'failed' }, { id: 'CANCEL-EMPTY-02', status: 'passed' }, { id: 'CLOSE-NOW-01', status: 'passed' }] };
  writeFileSync(join(dir, 'old.json'), JSON.stringify(baseline));
  runPlaywright(dir, ['test', '--grep', 'CANCEL'], { JOBROUTER_BASELINE: 'old.json' });
  const report = readReportJson(dir);
  expect(report.diff?.regressions.map((e) => e.id)).toEqual(['CANCEL-EMPTY-02']);
  expect(report.diff?.fixes.map((e) => e.id)).toEqual(['CANCEL-EMPTY-01']);
  expect(report.diff?.removed.map((e) => e.id)).toEqual(['CLOSE-NOW-01']);
  expect(readText(dir, 'reports/conformance.html')).toContain('class="diff d-regression"');
});

test('secrets from the configuration never reach reports or stdout, even when a test leaks them', () => {
  const key = Buffer.from('canary-access-key-0123456789-do-not-print').toString('base64');
  const spec = `import { test, expect } from '@playwright/test';
test('CANCEL-EMPTY-01 leaks', { annotation: { type: 'requirement', description: 'CANCEL-EMPTY-01' } }, async ({}, testInfo) => {
  await testInfo.attach('jobrouter-evidence', { contentType: 'application/json', body: JSON.stringify([{ method: 'POST', url: 'https://x/routing?k=${encodeURIComponent(key)}', requestHeaders: { authorization: 'HMAC-SHA256 SignedHeaders=a&Signature=c2lnbmF0dXJlLXZhbHVlLTEyMzQ1Ng==' }, durationMs: 1, curl: 'curl -H "Authorization: Bearer eyJhbGciOi.canarytoken.sig"' }]) });
  expect('${key}').toBe('something else');
});`;
  const dir = inlineProject('secrets', { 'playwright.config.ts': configText(), 'a.spec.ts': spec });
  const run = runPlaywright(dir, ['test', '--grep', 'CANCEL'], { JOBROUTER_CONNECTION_STRING: `endpoint=https://canary.communication.azure.com/;accesskey=${key}` });
  const reports = join(dir, 'reports');
  const files = readdirSync(reports).map((f) => join(reports, f)).filter((f) => statSync(f).isFile());
  expect(files.map((f) => f.slice(reports.length + 1)).sort()).toEqual(["conformance.html", "conformance.json", "junit.xml", "summary.md"]);
  // Playwright's own line reporter prints raw assertion messages; the kit's redaction covers what this reporter prints.
  const ours = run.stdout.slice(run.stdout.indexOf('Conformance:'));
  expect(ours).toContain('Conformance: not-conformant');
  for (const text of [ours, ...files.map((f) => readFileSync(f, 'utf8'))]) {
    for (const secret of [key, encodeURIComponent(key), 'c2lnbmF0dXJlLXZhbHVlLTEyMzQ1Ng==', 'eyJhbGciOi.canarytoken.sig']) expect(text).not.toContain(secret);
  }
  expect(readReportJson(dir).target).toMatch(/^https:\/\/canary\.communication\.azure\.com\/?$/);
  expect(existsSync(join(reports, 'conformance.html'))).toBe(true);
});
