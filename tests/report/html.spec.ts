import { expect, test } from '@playwright/test';
import type { Requirement } from '../../src/contract/requirements';
import { buildReport } from '../../src/report/build';
import { escapeHtml, html } from '../../src/report/html-escape';
import { renderHtml } from '../../src/report/html';
import { syntheticReport } from '../../src/report/synthetic';

const HOSTILE = '</script><img src=x onerror=alert(1)><script>alert(2)</script>"\'&';

function hostileReport() {
  const catalog: Requirement[] = [{ id: 'X-01', level: 'MUST', area: 'cancel', operation: 'JobRouterOperations_CancelJob', title: `title ${HOSTILE}`, source: HOSTILE }];
  return buildReport({
    catalog,
    outcomes: [{
      requirementId: 'X-01', key: 'x', title: 'x', status: 'failed', durationMs: 1, message: `message ${HOSTILE}`,
      evidence: [{ method: 'POST', url: `http://h/${HOSTILE}`, requestHeaders: { [`x-${HOSTILE}`]: HOSTILE }, requestBody: HOSTILE, status: 500, responseHeaders: { 'content-type': HOSTILE }, responseBody: JSON.stringify({ error: { message: HOSTILE } }), durationMs: 1, curl: `curl '${HOSTILE}'` }],
    }],
    scope: 'full',
    meta: { target: `https://t/${HOSTILE}`, apiVersion: HOSTILE, profile: 'default', kitVersion: '1', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 },
  });
}

test('escapeHtml and the html tag escape every interpolation', () => {
  expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  expect(html`<p>${'<b>'}</p>${[html`<i>${'&'}</i>`]}`.value).toBe('<p>&#60;b&#62;</p><i>&#38;</i>');
});

test('hostile text in evidence, titles and messages cannot break out of the page', () => {
  const page = renderHtml(hostileReport());
  // Exactly one script element (the static filter script) and no injected element of any kind.
  expect(page.match(/<script\b/gi)).toHaveLength(1);
  expect(page.match(/<\/script>/gi)).toHaveLength(1);
  expect(page).not.toMatch(/<img\b/i);
  // Attribute values are quoted and escaped, so stripping them leaves only real attribute names to inspect.
  const attributeNames = (page.match(/<[a-z][^>]*>/gi) ?? []).map((tag) => tag.replace(/"[^"]*"/g, '""'));
  expect(attributeNames.filter((tag) => /\son\w+=/i.test(tag))).toEqual([]);
  expect(page).toContain('&#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;');
});

test('the page is self-contained: no external scripts, stylesheets, images or fonts', () => {
  const page = renderHtml(syntheticReport(50));
  expect(page).not.toMatch(/<script[^>]*\ssrc=/i);
  expect(page).not.toMatch(/<link[^>]*rel=["']?stylesheet/i);
  expect(page).not.toMatch(/\s(src|srcset)=["']?(https?:)?\/\//i);
  expect(page).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
  expect(page).not.toMatch(/@import/i);
  expect(page).toContain("default-src 'none'");
});

test('a synthetic 500-requirement model renders, with failures first and every card present', () => {
  const report = syntheticReport(500);
  const started = performance.now();
  const page = renderHtml(report);
  const ms = performance.now() - started;
  const bytes = Buffer.byteLength(page);
  test.info().annotations.push({ type: 'measure', description: `500 requirements: ${bytes} bytes, rendered in ${ms.toFixed(0)} ms` });
  expect(page.match(/<section class="req /g)).toHaveLength(500);
  const firstCard = /<section class="req s-(\w+)"/.exec(page)?.[1];
  expect(['failed', 'error']).toContain(firstCard);
  expect(bytes).toBeLessThan(20 * 1024 * 1024);
  expect(ms).toBeLessThan(5000);
});

test('the page shows verdict, target, api-version, profile, kit version, counts, matrix and diff markers', () => {
  const page = renderHtml(syntheticReport(40));
  expect(page).toContain('class="banner v-');
  for (const text of ['contoso.communication.azure.com', '2023-11-01', 'Profile', 'Kit version', 'Counts by level and status', 'Requirements by operation', 'CancelJob']) {
    expect(page).toContain(text);
  }
});
