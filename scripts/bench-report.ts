/**
 * `npm run bench:report`: size and render time of the conformance report for a synthetic 500-requirement run and,
 * when present, for reports/conformance.json; plus how long Chromium takes to load and filter the page.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { buildReport } from '../src/report/build';
import { renderHtml } from '../src/report/html';
import { renderJUnit } from '../src/report/junit';
import type { ConformanceReport } from '../src/report/model';
import { syntheticInputs } from '../src/report/synthetic';
import { readReport, writeReports } from '../src/report/write';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('.tmp/bench-report');
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

function time<T>(fn: () => T, runs = 5): { value: T; ms: number } {
  let value = fn();
  const started = performance.now();
  for (let i = 0; i < runs; i++) value = fn();
  return { value, ms: (performance.now() - started) / runs };
}

async function browserLoad(file: string): Promise<string> {
  if (!existsSync(CHROMIUM)) return 'chromium: skipped (/usr/bin/chromium absent)';
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    const started = performance.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const loadMs = performance.now() - started;
    // Timed inside the page: the click handler filters synchronously, so this is the filter's own cost.
    const filterMs = Number(await page.evaluate("(() => { const t = performance.now(); document.getElementById('only-problems').click(); return performance.now() - t; })()"));
    return `chromium: load ${loadMs.toFixed(0)} ms, filter "only problems" ${filterMs.toFixed(0)} ms`;
  } finally {
    await browser.close();
  }
}

async function measure(label: string, report: ConformanceReport, buildMs?: number): Promise<void> {
  const dir = join(OUT, label.replace(/\W+/g, '-'));
  mkdirSync(dir, { recursive: true });
  const html = time(() => renderHtml(report));
  const junit = time(() => renderJUnit(report));
  const write = time(() => writeReports(report, dir, []), 3);
  const sizes = Object.entries(write.value.bytes).map(([f, b]) => `${f} ${kb(b)} (${b} B)`).join(', ');
  process.stdout.write(`\n${label}: ${report.requirements.length} requirements, ${report.requirements.reduce((n, r) => n + (r.evidence?.length ?? 0), 0)} exchanges\n`);
  process.stdout.write(`  sizes: ${sizes}\n`);
  process.stdout.write(`  ${buildMs === undefined ? '' : `build ${buildMs.toFixed(1)} ms · `}render html ${html.ms.toFixed(1)} ms · junit ${junit.ms.toFixed(1)} ms · write all three ${write.ms.toFixed(1)} ms\n`);
  process.stdout.write(`  ${await browserLoad(join(dir, 'conformance.html'))}\n`);
}

const inputs = syntheticInputs(500);
const built = time(() => buildReport(inputs));
await measure('synthetic 500-requirement model', built.value, built.ms);
const real = resolve('reports/conformance.json');
if (existsSync(real)) {
  const report = readReport(real);
  process.stdout.write(`\n(reports/conformance.json: ${statSync(real).size} B on disk, verdict ${report.verdict})`);
  await measure('reports/conformance.json', report);
} else {
  process.stdout.write('\nreports/conformance.json: absent (run `npm run conformance` first to measure a real run)\n');
}
