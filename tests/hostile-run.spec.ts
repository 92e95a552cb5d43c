import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ExchangeRecord } from '../src/contract/evidence';
import { startEmulator } from 'jobrouter-emulator';
import { REPORT_BOUNDS } from '../src/report/bounds';
import type { ConformanceReport } from '../src/report/model';
import { runCli } from './support/cli';
import { startPaddingProxy } from './support/padding-proxy';

/**
 * A whole conformance run against a correct target whose job reads carry a 20 MB property (the emulator behind a
 * proxy that adds it): the run ends with a verdict and writes all three reports, each within its bound. With the
 * default cap the reads are refused (error, never failed); with the cap raised they are read, slowly, and the timing
 * requirements pass, because each read is dated by when the target answered rather than when 20 MB finished arriving.
 */

const PADDING = 20 * 1000 * 1000;
const IDS = ['CLOSE-AT-01', 'DECLINE-02', 'OFFER-01', 'CANCEL-STATUS-01'];
const GREP = `^(?:.* )?(?:${IDS.join('|')}) `;

async function paddedRun(name: string, env: Record<string, string>, transferMs = 0) {
  const emulator = await startEmulator({ port: 0, quiet: true });
  const proxy = await startPaddingProxy(emulator.url, PADDING, transferMs);
  const dir = join('.tmp', `hostile-run-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  try {
    const started = Date.now();
    const run = await runCli('conformance', ['--grep', GREP], {
      JOBROUTER_ENDPOINT: proxy.url,
      JOBROUTER_ACCESS_KEY: emulator.accessKey,
      JOBROUTER_REPORTS_DIR: join(dir, 'reports'),
      JOBROUTER_TEST_RESULTS_DIR: join(dir, 'test-results'),
      JOBROUTER_WORKERS: '2',
      ...env,
    });
    const wallMs = Date.now() - started;
    const files = Object.fromEntries(Object.keys(REPORT_BOUNDS.fileBytes).map((f) => [f, join(dir, 'reports', f)]));
    for (const [file, path] of Object.entries(files)) expect(existsSync(path ?? ''), `${file} written`).toBe(true);
    for (const [file, bound] of Object.entries(REPORT_BOUNDS.fileBytes)) expect(statSync(files[file] ?? '').size, file).toBeLessThanOrEqual(bound);
    const report = JSON.parse(readFileSync(files['conformance.json'] ?? '', 'utf8')) as ConformanceReport;
    test.info().annotations.push({ type: 'run', description: `${name}: exit ${run.code}, ${report.verdict}, ${wallMs} ms, ${proxy.padded()} job reads padded` });
    expect(proxy.padded(), 'job reads the proxy padded').toBeGreaterThan(0);
    return { run, report, wallMs };
  } finally {
    await proxy.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const statusOf = (report: ConformanceReport) => Object.fromEntries(report.requirements.map((r) => [r.id, r.status]));

test.describe('a target whose job reads carry 20 MB', () => {
  test.describe.configure({ mode: 'parallel', timeout: 240_000 });

  test('with the default cap: the reads are refused as errors, and the run still ends with a verdict and three bounded reports', async () => {
    const { run, report } = await paddedRun('default-cap', {});
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stdout).toMatch(/Conformance: error \(exit 2\) · 4 requirements: 0 passed, 0 failed, 4 error/);
    expect(run.stdout).toContain('leftover resources: 0');
    expect(statusOf(report)).toEqual(Object.fromEntries(IDS.map((id) => [id, 'error'])));
    expect(report.requirements.every((r) => /larger than 8388608 bytes/.test(r.message ?? ''))).toBe(true);
    const refused = report.requirements.flatMap((r) => r.evidence ?? []).find((e: ExchangeRecord) => e.responseBodyInfo?.note?.startsWith('incomplete'));
    expect(refused?.status).toBe(200);
    expect(Buffer.byteLength(refused?.responseBody ?? '')).toBeLessThanOrEqual(64 * 1024);
  });

  test('with the cap above 20 MB and 3 s to transfer each: the reads are judged and the timing requirements pass', async () => {
    // A job read whose body takes 3 s to arrive would, dated by its last byte, move the kit's idea of the target's
    // clock 3 s late and let it see the release at closeAt (or the offer at retryOfferAt) "before" it.
    const { run, report } = await paddedRun('raised-cap', { JOBROUTER_MAX_RESPONSE_BYTES: String(32 * 1024 * 1024) }, 3000);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(statusOf(report)).toEqual(Object.fromEntries(IDS.map((id) => [id, 'passed'])));
    const padded = report.requirements.flatMap((r) => r.evidence ?? []).find((e: ExchangeRecord) => (e.responseBodyInfo?.bytes ?? 0) > PADDING);
    expect(padded?.responseBodyInfo?.note).toMatch(/^the first 65536 of \d+ bytes are kept/);
    expect(padded?.responseBodyInfo?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
