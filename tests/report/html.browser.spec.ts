import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { REQUIREMENTS } from '../../src/contract/requirements';
import { buildReport, type TestOutcome } from '../../src/report/build';
import { loadWaivers } from '../../src/report/waivers';
import { writeReports } from '../../src/report/write';
import { ROOT } from './runner';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

test.skip(!existsSync(CHROMIUM), `Debian's Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`);

const CLOSE_AT_FINDING = [
  'expected: worker jrck-w1 holds assignment a1 until shortly before closeAt 2026-03-02T03:18:04.000Z',
  'observed: released from closeAt − 3.3 s on, still 2358 ms later: offers none; assigned jobs none, loadRatio 0',
  'timeline: closeAt − 3.9 s: held · closeAt − 3.3 s … − 1.1 s: released (5 reads) ← before closeAt',
  "reproduce: curl -X GET 'https://contoso.communication.azure.com/routing/workers/jrck-w1?api-version=2023-11-01' -H 'Authorization: <hmac>'",
].join('\n');

/** A run against a production-like target: the catalog, a MUST failure with evidence, the service profile's waivers. */
function sampleOutcomes(): TestOutcome[] {
  return REQUIREMENTS.map((r, i): TestOutcome => {
    const exchange = {
      method: 'POST',
      url: `https://contoso.communication.azure.com/routing/jobs/jrck-${i}:close?api-version=2023-11-01`,
      requestHeaders: { 'content-type': 'application/json', authorization: '[REDACTED]' },
      requestBody: '{"closeAt":"2999-01-01T00:00:00Z"}',
      status: 200,
      responseHeaders: { 'content-type': 'application/json; charset=utf-8' },
      responseBody: '{"communicationError":{"code":"BadRequest","message":"</script><img src=x onerror=alert(1)>"}}',
      durationMs: 87,
      curl: `curl -X POST 'https://contoso.communication.azure.com/routing/jobs/jrck-${i}:close?api-version=2023-11-01' -H 'Authorization: <hmac>'`,
    };
    const base = { requirementId: r.id, key: r.id, title: `${r.id} ${r.title}`, durationMs: 200 + i * 7, evidence: [exchange] };
    // As a fixture throws it, plus matcher text the reporter must not show.
    if (r.id === 'CLOSE-AT-01') return { ...base, status: 'failed', message: `Error: ${CLOSE_AT_FINDING}\n\nexpect(received).toBe(expected) // Object.is equality` };
    if (r.area === 'error-contract' && r.id !== 'ERR-JSON-01') return { ...base, status: 'failed', message: 'body has communicationError, not error' };
    if (r.id === 'OFFER-02') return { ...base, status: 'skipped', message: 'Not applicable: offers expire too fast on this target' };
    return { ...base, status: 'passed' };
  });
}

test('conformance.html opens from disk, shows the verdict, expands evidence and filters by status', async () => {
  const dir = join(ROOT, '.tmp', 'report-browser');
  const loaded = loadWaivers({ profile: 'service', waiversFile: undefined });
  const report = buildReport({
    catalog: REQUIREMENTS,
    outcomes: sampleOutcomes(),
    scope: 'full',
    waivers: loaded.waivers,
    meta: { target: 'https://contoso.communication.azure.com', apiVersion: '2023-11-01', profile: 'service', kitVersion: '0.1.0', startedAt: '2026-03-02T03:17:00.000Z', durationMs: 95_000 },
  });
  writeReports(report, dir, []);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.goto(pathToFileURL(join(dir, 'conformance.html')).href);

    await expect(page.locator('#verdict h1')).toHaveText('Not conformant');
    await expect(page.locator('#verdict p')).toContainText('CLOSE-AT-01');
    await expect(page.locator('#shown')).toHaveText(`${REQUIREMENTS.length} of ${REQUIREMENTS.length} requirements shown`);
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'docs', 'report-screenshot.png') });

    // The page opens on the findings, right under the banner: expected and observed readable without a click.
    const top = page.locator('#findings .top-finding').first();
    await expect(top).toBeInViewport();
    await expect(top.locator('h3 a').first()).toHaveText('CLOSE-AT-01');
    await expect(top.locator('dd.f-expected')).toHaveText('worker jrck-w1 holds assignment a1 until shortly before closeAt 2026-03-02T03:18:04.000Z');
    await expect(top.locator('dd.f-observed')).toContainText('released from closeAt − 3.3 s on');
    await expect(top.locator('dd.f-timeline')).toHaveText('closeAt − 3.9 s: held · closeAt − 3.3 s … − 1.1 s: released (5 reads) ← before closeAt');
    await expect(top.locator('pre.repro-curl')).toBeVisible();
    await expect(top.locator('dd.f-source')).toHaveText(/Close Job .* CloseJobOptions\.closeAt/);
    await expect(page.locator('body')).not.toContainText('expect(received)');
    expect(await page.locator('#findings .top-finding').count()).toBe(report.summary.byStatus.failed + report.summary.byStatus.error + report.summary.byStatus.xpassed);

    // Failed requirements come first; each card shows its finding, and the evidence is collapsed until asked for.
    const failed = page.locator('section.req[data-status="failed"]').first();
    await expect(failed.locator('.rid')).toHaveText('CLOSE-AT-01');
    await expect(failed.locator('dl.finding dd.f-observed')).toBeVisible();
    await expect(failed.locator('details.evidence')).not.toHaveAttribute('open', '');
    const curl = failed.locator('pre.curl').first();
    await expect(curl).toBeHidden();
    await failed.locator('details.evidence > summary').click();
    await failed.locator('details.ex > summary').first().click();
    await expect(curl).toBeVisible();
    await expect(curl).toContainText('curl -X POST');
    await expect(failed.locator('pre.body').last()).toContainText('</script><img src=x onerror=alert(1)>');

    const visible = page.locator('section.req:not([hidden])');
    const before = await visible.count();
    await page.locator('#filters input[data-filter="status"][value="passed"]').uncheck();
    const after = await visible.count();
    expect(after).toBeLessThan(before);
    expect(after).toBe(REQUIREMENTS.length - report.summary.byStatus.passed);
    await page.locator('#only-problems').click();
    await expect(visible).toHaveCount(report.summary.byStatus.failed + report.summary.byStatus.error + report.summary.byStatus.xpassed);
    await page.locator('#filters input[data-filter="level"][value="MUST"]').uncheck();
    await expect(visible).toHaveCount(0);
    await page.locator('#show-all').click();
    await expect(visible).toHaveCount(REQUIREMENTS.length);

    await failed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'reports', 'conformance-screenshot.png') });
    expect(dialogs).toEqual([]);
  } finally {
    await browser.close();
  }
});
