import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Requirement } from '../../src/contract/requirements';
import { buildReport } from '../../src/report/build';
import { REPORT_BOUNDS } from '../../src/report/bounds';
import type { ConformanceReport } from '../../src/report/model';
import { writeReports } from '../../src/report/write';
import { caseClient, HOSTILE_CASES, runCase, type CaseResult, type CaseSettings } from '../support/hostile-cases';
import { startHostileServer, type HostileServer } from '../support/hostile-server';

/**
 * The target is untrusted input: against a real loopback server that sends what a buggy implementation might, each
 * case ends in the status it should (error when the kit cannot judge, failed when the answer is wrong), within a
 * bounded time, with bounded evidence, and no credential leaves for another origin.
 */

const CAP = 1024 * 1024;
const SETTINGS: CaseSettings = { limits: { maxResponseBytes: CAP, evidenceBodyBytes: 16 * 1024 }, timeoutMs: 1000, maxAttempts: 3 };
/** Three attempts of one second, plus backoff capped at 2 s between them. */
const SLOWEST_MS = 3 * 1000 + 2 * 2000 + 1000;

let server: HostileServer;

test.beforeAll(async () => {
  server = await startHostileServer({ hugeBytes: 4 * CAP, trickleMs: 50 });
});

test.afterAll(async () => {
  await server.close();
});

/** Requests `path` received while `run` ran (tests of one worker share its server, one at a time). */
async function hitsDuring(path: string, run: () => Promise<unknown>): Promise<number> {
  const before = server.hits.get(path) ?? 0;
  await run();
  return (server.hits.get(path) ?? 0) - before;
}

const byName = (name: string) => {
  const found = HOSTILE_CASES.find((c) => c.name === name);
  if (!found) throw new Error(`no hostile case ${name}`);
  return found;
};

for (const c of HOSTILE_CASES) {
  test(`${c.name}: ${c.expected}`, async () => {
    const result = await runCase(c, server, SETTINGS);
    test.info().annotations.push({ type: 'outcome', description: `${result.status} in ${result.ms} ms: ${result.outcome}` });
    expect(result.status, result.outcome).toBe(c.expected);
    expect(result.outcome).toMatch(c.says);
    expect(result.ms).toBeLessThan(SLOWEST_MS);
    // Whatever came, the evidence holds at most the head of each body.
    for (const r of result.records) expect(Buffer.byteLength(r.responseBody ?? '')).toBeLessThanOrEqual(SETTINGS.limits.evidenceBodyBytes);
  });
}

test('an answer larger than the cap is neither retried nor held: the evidence keeps its status, head and size', async () => {
  let result: CaseResult | undefined;
  expect(await hitsDuring('/routing/jobs/huge', async () => (result = await runCase(byName('huge body, streamed'), server, SETTINGS)))).toBe(1);
  const record = result?.records[0];
  expect(record?.status).toBe(200);
  expect(record?.transportError).toMatch(/larger than 1048576 bytes/);
  expect(record?.responseBodyInfo?.bytes).toBeGreaterThan(CAP);
  expect(record?.responseBodyInfo?.bytes).toBeLessThan(CAP + 512 * 1024);
  expect(record?.responseBodyInfo?.note).toMatch(/incomplete: the kit stopped reading after \d+ bytes/);
  expect(record?.responseBodyInfo?.sha256).toBeUndefined();
});

test('a trickling answer ends at the exchange timeout and is not resent; a silent socket is, within the attempts', async () => {
  let ms = 0;
  expect(await hitsDuring('/routing/jobs/trickle', async () => (ms = (await runCase(byName('trickling body'), server, SETTINGS)).ms))).toBe(1);
  expect(ms).toBeGreaterThanOrEqual(SETTINGS.timeoutMs - 50);
  expect(ms).toBeLessThan(SETTINGS.timeoutMs + 1000);
  const silent = await runCase(byName('accepts, never answers'), server, SETTINGS);
  expect(silent.records.filter((r) => r.retry)).toHaveLength(SETTINGS.maxAttempts - 1);
});

test('an answer is dated by its first byte: a body that takes 400 ms more does not move answeredAt', async () => {
  const client = caseClient(server.url, SETTINGS, []);
  const started = Date.now();
  const res = await client.send('GET', '/routing/jobs/slow');
  const finished = Date.now();
  expect(res.body).toEqual({ id: 'slow', etag: '"1"' });
  expect(res.answeredAt - started).toBeLessThan(200);
  expect(finished - res.answeredAt).toBeGreaterThanOrEqual(350);
});

test('odd bytes are named in the evidence: invalid UTF-8 noted, a deep body kept as its head with size and hash', async () => {
  const invalid = await runCase(byName('invalid UTF-8'), server, SETTINGS);
  expect(invalid.records[0]?.responseBodyInfo?.note).toContain('not valid UTF-8');
  const deep = await runCase(byName('JSON nested 100,000 deep'), server, SETTINGS);
  const info = deep.records[0]?.responseBodyInfo;
  expect(info).toMatchObject({ bytes: 200_000, shownBytes: 16 * 1024 });
  expect(info?.sha256).toMatch(/^[0-9a-f]{64}$/);
});

test('credentials stay home: a redirect and a nextLink to another origin reach it with no request at all', async () => {
  expect(await hitsDuring('/routing/jobs/redirect', () => runCase(byName('redirect to another origin'), server, SETTINGS))).toBe(1);
  expect(await hitsDuring('/routing/jobs', () => runCase(byName('nextLink to another origin'), server, SETTINGS))).toBe(1);
  expect(server.stolen).toEqual([]);
});

test('a report of every hostile case is written, within its bounds, with the target text escaped', async () => {
  const results: CaseResult[] = [];
  for (const c of HOSTILE_CASES) results.push(await runCase(c, server, SETTINGS));
  const catalog: Requirement[] = results.map((r, i) => ({ id: `HOSTILE-${i + 1}`, level: 'MUST', area: 'result-schema', operation: 'JobRouterOperations_GetJob', title: r.name, source: 'tests/support/hostile-cases.ts' }));
  const report = buildReport({
    catalog,
    outcomes: results.map((r, i) => ({ requirementId: `HOSTILE-${i + 1}`, key: r.name, title: r.name, status: r.status, durationMs: r.ms, message: r.outcome, evidence: r.records })),
    scope: 'full',
    meta: { target: server.url, apiVersion: '2023-11-01', profile: 'default', kitVersion: 'test', startedAt: new Date().toISOString(), durationMs: 1 },
  });
  const dir = join('.tmp', `hostile-report-${process.pid}-${test.info().workerIndex}`);
  rmSync(dir, { recursive: true, force: true });
  const written = writeReports(report, dir, []);
  expect(written.errors).toEqual([]);
  for (const [file, bound] of Object.entries(REPORT_BOUNDS.fileBytes)) {
    expect(existsSync(join(dir, file)), file).toBe(true);
    expect(statSync(join(dir, file)).size, file).toBeLessThanOrEqual(bound);
  }
  const json = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  expect(json.requirements.map((r) => r.status)).toEqual(HOSTILE_CASES.map((c) => c.expected));
  expect(json.verdict).toBe('not-conformant');
  const page = readFileSync(join(dir, 'conformance.html'), 'utf8');
  expect(page).not.toMatch(/<img\b|<b>bold/);
  // Control characters and a bidirectional override arrive in the markup body; the page shows them as escapes.
  for (const raw of ['\u0000', '\u0007', '\u001b', '\u202e']) expect(page.includes(raw), `raw U+${raw.charCodeAt(0).toString(16)} on the page`).toBe(false);
  expect(page).toContain('\\u001b[2J\\u202eevil');
  const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
  for (const raw of ['\u0000', '\u0007', '\u001b']) expect(junit.includes(raw), `raw U+${raw.charCodeAt(0).toString(16)} in junit.xml`).toBe(false);
  rmSync(dir, { recursive: true, force: true });
});
