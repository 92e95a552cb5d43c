import { addBreaches, breachesOf, emptyErrorTally, parseErrorTally } from '../../src/contract/error-contract';
import { addStatus, emptyStatusTally, operationOf, parseStatusTally, statusBreachOf } from '../../src/contract/status-contract';
import { describeTally, parseTally } from '../../src/contract/transport';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REQUIREMENTS, type Requirement } from '../../src/contract/requirements';
import { type BuildInputs, type TestOutcome, buildReport } from '../../src/report/build';
import { exitCodeFor } from '../../src/report/model';
import { STATUSES, worse, worst } from '../../src/report/status';
import { loadWaivers, parseWaivers, SERVICE_PROFILE_FILE } from '../../src/report/waivers';
import { inlineProject } from './runner';

const CATALOG: Requirement[] = [
  { id: 'A-01', level: 'MUST', area: 'cancel', operation: 'JobRouterOperations_CancelJob', title: 'a holds', source: 's' },
  { id: 'B-01', level: 'MUST', area: 'close', operation: 'JobRouterOperations_CloseJob', title: 'b holds', source: 's' },
  { id: 'C-01', level: 'SHOULD', area: 'close', operation: 'JobRouterOperations_CloseJob', title: 'c holds', source: 's' },
];
const META = { target: 'embedded emulator', apiVersion: '2023-11-01', profile: 'default', kitVersion: '0.0.0', startedAt: '2026-03-01T10:00:00.000Z', durationMs: 10 };

function outcome(id: string | undefined, status: TestOutcome['status'], extra: Partial<TestOutcome> = {}): TestOutcome {
  return { requirementId: id, key: `${id}-${extra.key ?? ''}`, title: `${id} t`, status, durationMs: 5, ...extra };
}

function build(outcomes: TestOutcome[], extra: Partial<BuildInputs> = {}) {
  return buildReport({ catalog: CATALOG, outcomes, scope: 'full', meta: META, ...extra });
}

const allPass = () => [outcome('A-01', 'passed'), outcome('B-01', 'passed'), outcome('C-01', 'passed')];
const waiver = (id: string, expires = '2027-11-30') => ({ id, reason: 'known deviation of the target', link: 'https://example.org/w', expires });

test('statuses are ordered passed < skipped < waived < xpassed < failed < error and the worst wins', () => {
  expect(STATUSES).toEqual(['passed', 'skipped', 'waived', 'xpassed', 'failed', 'error']);
  expect(worse('passed', 'failed')).toBe('failed');
  expect(worse('error', 'failed')).toBe('error');
  expect(worst(['skipped', 'waived', 'passed'])).toBe('waived');
  expect(worst([])).toBeUndefined();
});

test('a requirement proved by several tests takes the worst status and all their evidence', () => {
  const evidence = [{ method: 'GET', url: 'u', requestHeaders: {}, durationMs: 1, curl: 'curl u' }];
  const report = build([...allPass(), outcome('A-01', 'failed', { key: 'b', message: 'boom', evidence })]);
  const a = report.requirements.find((r) => r.id === 'A-01');
  expect(a?.status).toBe('failed');
  expect(a?.message).toBe('boom');
  expect(a?.evidence).toHaveLength(1);
  expect(a?.durationMs).toBe(10);
});

test('all MUST requirements passing is conformant with exit code 0', () => {
  const report = build(allPass());
  expect(report.verdict).toBe('conformant');
  expect(exitCodeFor(report.verdict)).toBe(0);
  expect(report.summary.byLevel.MUST.passed).toBe(2);
  expect(report.summary.total).toBe(3);
});

test('a failed MUST is not conformant (exit 1); a failed SHOULD is reported but passes the gate', () => {
  const must = build([outcome('A-01', 'failed'), outcome('B-01', 'passed'), outcome('C-01', 'passed')]);
  expect(must.verdict).toBe('not-conformant');
  expect(must.verdictReason).toContain('A-01');
  expect(exitCodeFor(must.verdict)).toBe(1);
  const should = build([outcome('A-01', 'passed'), outcome('B-01', 'passed'), outcome('C-01', 'failed')]);
  expect(should.verdict).toBe('conformant');
  expect(should.verdictReason).toContain('C-01');
});

test('a harness error is an error verdict (exit 2), never a conformance failure', () => {
  const report = build([outcome('A-01', 'error', { message: 'HarnessError: ECONNREFUSED' }), outcome('B-01', 'passed'), outcome('C-01', 'passed')]);
  expect(report.verdict).toBe('error');
  expect(report.requirements.find((r) => r.id === 'A-01')?.status).toBe('error');
  expect(exitCodeFor(report.verdict)).toBe(2);
});

test('a failed MUST decides the verdict even when other requirements could not be checked; they are named', () => {
  const report = build([outcome('A-01', 'error', { message: 'HarnessError: precondition not met' }), outcome('B-01', 'failed'), outcome('C-01', 'passed')]);
  expect(report.verdict).toBe('not-conformant');
  expect(report.verdictReason).toMatch(/B-01.*could not be checked \(A-01\)/);
  expect(report.requirements.find((r) => r.id === 'A-01')?.status).toBe('error');
  expect(exitCodeFor(report.verdict)).toBe(1);
});

test('a run that executed nothing is an error, also when everything was skipped', () => {
  expect(buildReport({ catalog: CATALOG, outcomes: [], scope: 'partial', meta: META }).verdict).toBe('error');
  const skipped = build(CATALOG.map((r) => outcome(r.id, 'skipped')));
  expect(skipped.verdict).toBe('error');
  expect(skipped.verdictReason).toContain('Nothing ran');
});

test('in a full run a catalog requirement with no test is an error and a problem', () => {
  const report = build([outcome('A-01', 'passed'), outcome('B-01', 'passed')]);
  expect(report.requirements.find((r) => r.id === 'C-01')?.status).toBe('error');
  expect(report.problems.join()).toContain('C-01');
  expect(report.verdict).toBe('error');
});

test('in a partial run (shard, --grep) requirements that did not run are absent, planned-but-unreported ones are errors', () => {
  const report = build([outcome('A-01', 'passed')], { scope: 'partial' });
  expect(report.requirements.map((r) => r.id)).toEqual(['A-01']);
  expect(report.verdict).toBe('conformant');
  const interrupted = build([outcome('A-01', 'passed')], { scope: 'partial', planned: ['A-01', 'B-01'] });
  expect(interrupted.requirements.find((r) => r.id === 'B-01')?.status).toBe('error');
  expect(interrupted.verdict).toBe('error');
});

test('a test without a known requirement id is an error problem', () => {
  const report = build([...allPass(), outcome(undefined, 'passed'), outcome('NOPE-01', 'passed')]);
  expect(report.problems.join('\n')).toMatch(/carries no requirement id[\s\S]*unknown requirement "NOPE-01"/);
  expect(report.verdict).toBe('error');
});

test('a waived failure is waived and keeps the gate green', () => {
  const report = build([outcome('A-01', 'failed'), outcome('B-01', 'passed'), outcome('C-01', 'passed')], { waivers: [waiver('A-01')] });
  const a = report.requirements.find((r) => r.id === 'A-01');
  expect(a?.status).toBe('waived');
  expect(a?.waiver?.link).toBe('https://example.org/w');
  expect(report.verdict).toBe('conformant');
});

test('a waived requirement that passes is xpassed and fails the gate as a stale waiver', () => {
  const report = build(allPass(), { waivers: [waiver('A-01')] });
  expect(report.requirements.find((r) => r.id === 'A-01')?.status).toBe('xpassed');
  expect(report.problems.join()).toContain('Waiver "A-01" is stale');
  expect(report.verdict).toBe('not-conformant');
});

test('an expired waiver waives nothing and fails the gate naming it; the expiry day itself still holds', () => {
  const expired = build([outcome('A-01', 'failed'), outcome('B-01', 'passed'), outcome('C-01', 'passed')], { waivers: [waiver('A-01', '2026-02-28')] });
  expect(expired.requirements.find((r) => r.id === 'A-01')?.status).toBe('failed');
  expect(expired.problems).toContain('Waiver "A-01" expired on 2026-02-28.');
  expect(expired.verdict).toBe('not-conformant');
  const lastDay = build([outcome('A-01', 'failed'), outcome('B-01', 'passed'), outcome('C-01', 'passed')], { waivers: [waiver('A-01', '2026-03-01')] });
  expect(lastDay.verdict).toBe('conformant');
});

test('a waiver naming no known requirement fails the gate naming it', () => {
  const report = build(allPass(), { waivers: [waiver('GHOST-01')] });
  expect(report.problems).toContain('Waiver "GHOST-01" names no known requirement.');
  expect(report.verdict).toBe('not-conformant');
});

test('a waiver file that fails its schema makes the run an error with a clear message', () => {
  const bad = parseWaivers(JSON.stringify({ waivers: [{ id: 'A-01', reason: 'short', link: 'http://x', expires: '2027-13-01', extra: 1 }] }), 'w.json');
  expect(bad.waivers).toEqual([]);
  expect(bad.errors[0]).toContain('w.json does not match schemas/waivers.schema.json:');
  for (const field of ['/reason', '/link', '/expires', '"extra"']) expect(bad.errors[0]).toContain(field);
  expect(parseWaivers('{not json', 'w.json').errors[0]).toContain('not valid JSON');
  expect(parseWaivers(JSON.stringify({ waivers: [{ ...waiver('A-01'), expires: '2027-02-30' }] }), 'w.json').errors[0]).toContain('impossible expiry');
  const report = build(allPass(), { errors: bad.errors });
  expect(report.verdict).toBe('error');
  expect(report.verdictReason).toContain('w.json');
});

test('the service profile waives exactly the communicationError deviations, each with a link and a year-out expiry', () => {
  const loaded = loadWaivers({ profile: 'service', waiversFile: undefined });
  expect(loaded.errors).toEqual([]);
  expect(loaded.waivers.map((w) => w.id).sort()).toEqual(['ERR-BODY-01', 'ERR-HEADER-01', 'ERR-HEADER-02']);
  for (const w of loaded.waivers) {
    expect(REQUIREMENTS.some((r) => r.id === w.id)).toBe(true);
    expect(w.link).toMatch(/^https:\/\/github\.com\/Azure\/azure-sdk-for-js\/blob\/[0-9a-f]{40}\/sdk\/communication\/communication-job-router-rest\/recordings\//);
    expect(w.expires).toBe('2027-11-30');
    expect(w.reason).toMatch(/communicationError|x-ms-error-code/);
  }
  expect(loadWaivers({ profile: 'default', waiversFile: undefined }).waivers).toEqual([]);
  expect(SERVICE_PROFILE_FILE).toMatch(/profiles\/service\.waivers\.json$/);
});

test('a user waiver file adds to the profile and overrides the same id; a missing file is an error', () => {
  const dir = inlineProject('waivers', {});
  const file = join(dir, 'mine.json');
  writeFileSync(file, JSON.stringify({ waivers: [waiver('CLOSE-AT-02'), { ...waiver('ERR-BODY-01'), reason: 'my own reason for this' }] }));
  const loaded = loadWaivers({ profile: 'service', waiversFile: file });
  expect(loaded.waivers.map((w) => w.id).sort()).toEqual(['CLOSE-AT-02', 'ERR-BODY-01', 'ERR-HEADER-01', 'ERR-HEADER-02']);
  expect(loaded.waivers.find((w) => w.id === 'ERR-BODY-01')?.reason).toBe('my own reason for this');
  expect(loadWaivers({ profile: 'default', waiversFile: join(dir, 'absent.json') }).errors[0]).toContain('does not exist');
});

test('transport tallies add up per requirement and for the run, and reach the HTML page', async () => {
  const rough = { requests: 12, retries: { throttled: 2, network: 1 }, retryWaitMs: 2100, settleWaitMs: 400 };
  const calm = { requests: 5, retries: {}, retryWaitMs: 0, settleWaitMs: 0 };
  const report = build([
    outcome('A-01', 'passed', { transport: rough }),
    outcome('B-01', 'passed', { transport: calm }),
    outcome('C-01', 'passed', { transport: { ...rough, retries: { throttled: 1 } } }),
  ]);
  expect(report.requirements.find((r) => r.id === 'A-01')?.transport).toEqual(rough);
  expect(report.transport).toEqual({ requests: 29, retries: { throttled: 3, network: 1 }, retryWaitMs: 4200, settleWaitMs: 800 });
  expect(describeTally(report.transport ?? calm)).toBe('29 requests, 4 retries (network 1, throttled 3), 4.2 s waiting to retry, 0.8 s for reads to catch up');
  const { renderHtml } = await import('../../src/report/html');
  const page = renderHtml(report);
  expect(page).toContain('<dt>Transport</dt><dd>29 requests, 4 retries');
  expect(page).toContain('transport rough');
  expect(page).toContain('5 requests, no retries');
  // A report without tallies (an older kit, a merge of old blobs) has no transport line rather than a zero one.
  expect(build(allPass()).transport).toBeUndefined();
});

test('a transport annotation that is not a tally counts as nothing', () => {
  expect(parseTally('{"requests":"many"}')).toEqual({ requests: 0, retries: {}, retryWaitMs: 0, settleWaitMs: 0 });
  expect(parseTally('not json')).toBeUndefined();
  expect(parseTally(JSON.stringify({ requests: 3, retries: { throttled: 2, bogus: -1 }, retryWaitMs: 10, settleWaitMs: 0 }))?.retries).toEqual({ throttled: 2 });
});

test('an error response anywhere in the run that breaks the error contract fails that aspect, not the others', () => {
  const catalog = [...CATALOG, ...(['ERR-JSON-01', 'ERR-BODY-01', 'ERR-HEADER-01', 'ERR-HEADER-02'] as const).map((id) => ({ id, level: 'MUST' as const, area: 'error-contract' as const, operation: 'JobRouterOperations_CancelJob' as const, title: id, source: 's' }))];
  const bare401 = { id: 'POST', url: 'http://t/routing/jobs/j:cancel', method: 'POST', requestHeaders: {}, status: 401, responseHeaders: {}, responseBody: '', durationMs: 1, curl: 'curl -X POST http://t/routing/jobs/j:cancel' };
  const breaches = breachesOf(bare401);
  expect(breaches?.map((b) => b.id)).toEqual(['ERR-JSON-01', 'ERR-BODY-01', 'ERR-HEADER-01', 'ERR-HEADER-02']);
  const good404 = { ...bare401, status: 404, responseHeaders: { 'content-type': 'application/json', 'x-ms-error-code': 'NotFound' }, responseBody: '{"error":{"code":"NotFound","message":"no"}}' };
  expect(breachesOf(good404)).toEqual([]);
  expect(breachesOf({ ...bare401, status: 429 })).toBeUndefined();
  expect(breachesOf({ ...bare401, status: 200 })).toBeUndefined();
  let seen = addBreaches(emptyErrorTally(), breachesOf(good404));
  seen = addBreaches(seen, breachesOf({ ...good404, responseHeaders: { 'content-type': 'application/json' } }));
  const outcomes = [
    ...allPass(),
    ...['ERR-JSON-01', 'ERR-BODY-01', 'ERR-HEADER-01', 'ERR-HEADER-02'].map((id) => outcome(id, 'passed')),
    outcome('A-01', 'passed', { key: 'other', errorContract: JSON.parse(JSON.stringify(seen)) }),
  ];
  const report = buildReport({ catalog, outcomes, scope: 'full', meta: META });
  const status = (id: string) => report.requirements.find((r) => r.id === id)?.status;
  expect([status('ERR-JSON-01'), status('ERR-BODY-01'), status('ERR-HEADER-01'), status('ERR-HEADER-02')]).toEqual(['passed', 'passed', 'failed', 'failed']);
  expect(report.requirements.find((r) => r.id === 'ERR-HEADER-01')?.message).toMatch(/1 of the 2 error responses this run provoked break it[\s\S]*POST http:\/\/t\/routing\/jobs\/j:cancel → 404: no x-ms-error-code header/);
  expect(report.verdict).toBe('not-conformant');
  expect(parseErrorTally(JSON.stringify(seen))).toEqual(seen);
});

test('a success answer anywhere in the run with a status its operation does not document fails STATUS-01', () => {
  const catalog = [...CATALOG, { id: 'STATUS-01', level: 'MUST' as const, area: 'result-schema' as const, operation: 'JobRouterOperations_UpsertJob' as const, title: 'statuses', source: 's' }];
  const record = (method: string, path: string, status: number) => ({ method, url: `http://t${path}?api-version=2023-11-01`, requestHeaders: {}, status, responseHeaders: {}, durationMs: 1, curl: `curl -X ${method} http://t${path}` });
  // The operation is found by method and path template; prefixes before /routing are allowed.
  expect(operationOf('POST', 'http://t/base/routing/jobs/a%3Ab:cancel?api-version=x')?.operationId).toBe('JobRouterOperations_CancelJob');
  expect(operationOf('POST', 'http://t/routing/jobs/j/assignments/a:close')?.operationId).toBe('JobRouterOperations_CloseJob');
  expect(operationOf('DELETE', 'http://t/routing/distributionPolicies/p')?.operationId).toBe('JobRouterAdministrationOperations_DeleteDistributionPolicy');
  expect(operationOf('GET', 'http://t/routing/jobs')?.operationId).toBe('JobRouterOperations_ListJobs');
  expect(operationOf('PUT', 'http://t/routing/jobs/j')).toBeUndefined();
  expect(statusBreachOf(record('PATCH', '/routing/jobs/j', 201))).toBeUndefined();
  expect(statusBreachOf(record('DELETE', '/routing/jobs/j', 204))).toBeUndefined();
  expect(statusBreachOf(record('DELETE', '/routing/jobs/j', 404))).toBeUndefined();
  expect(statusBreachOf(record('DELETE', '/routing/queues/q', 201))?.why).toBe('JobRouterAdministrationOperations_DeleteQueue documents 204, not 201');
  let seen = emptyStatusTally();
  for (const r of [record('GET', '/routing/jobs/j', 200), record('POST', '/routing/jobs/j:cancel', 202), record('GET', '/routing/jobs/j', 404)]) seen = addStatus(seen, r);
  expect(seen).toMatchObject({ checked: 2, count: 1 });
  expect(parseStatusTally(JSON.stringify(seen))).toEqual(seen);
  const clean = buildReport({ catalog, outcomes: [...allPass(), outcome('STATUS-01', 'passed', { statusContract: { checked: 5, count: 0, examples: [] } })], scope: 'full', meta: META });
  expect(clean.verdict).toBe('conformant');
  const broken = buildReport({ catalog, outcomes: [...allPass(), outcome('STATUS-01', 'passed'), outcome('A-01', 'passed', { key: 'other', statusContract: seen })], scope: 'full', meta: META });
  const result = broken.requirements.find((r) => r.id === 'STATUS-01');
  expect(result?.status).toBe('failed');
  expect(result?.message).toMatch(/1 of the 2 success answers of this run do not, e\.g\. POST http:\/\/t\/routing\/jobs\/j:cancel → 202/);
  expect(broken.verdict).toBe('not-conformant');
});
