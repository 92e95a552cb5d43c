import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ConformanceReport } from '../../src/report/model';

/** Runs small inline spec files through the real Playwright runner, as Playwright's own reporter tests do. */

export const ROOT = resolve(import.meta.dirname, '../..');
export const REPORTER = join(ROOT, 'src/report/reporter.ts');
const PLAYWRIGHT_CLI = join(ROOT, 'node_modules/@playwright/test/cli.js');

export interface InlineRun {
  readonly dir: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function inlineProject(name: string, files: Record<string, string>): string {
  const dir = join(ROOT, '.tmp', 'report-tests', `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

/** A Playwright config that registers the conformance reporter the way playwright.config.ts does. */
export function configText(extra: { reporters?: string; retries?: number; workers?: number } = {}): string {
  const reporters = extra.reporters ?? `[[${JSON.stringify(REPORTER)}]]`;
  return `import { defineConfig } from '@playwright/test';
export default defineConfig({ testDir: '.', fullyParallel: true, workers: ${extra.workers ?? 2}, retries: ${extra.retries ?? 0}, outputDir: 'test-results', reporter: ${reporters} });
`;
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The parent is itself a Playwright worker; its variables would confuse the nested runner.
    // A CI job summary file is the outer run's: a nested run must not append to it unless a test says so.
    if (/^(TEST_|PW_|PLAYWRIGHT_|JOBROUTER_)/.test(key) || key === 'CI' || key === 'FORCE_COLOR' || key === 'GITHUB_STEP_SUMMARY') continue;
    env[key] = value;
  }
  return { ...env, FORCE_COLOR: '0', JOBROUTER_REPORTS_DIR: 'reports', ...extra };
}

export function runPlaywright(dir: string, args: readonly string[], env: Record<string, string> = {}): InlineRun {
  const child = spawnSync(process.execPath, [PLAYWRIGHT_CLI, ...args], { cwd: dir, env: childEnv(env), encoding: 'utf8', timeout: 120_000 });
  return { dir, status: child.status, stdout: child.stdout, stderr: child.stderr };
}

export function readReportJson(dir: string, reports = 'reports'): ConformanceReport {
  return JSON.parse(readFileSync(join(dir, reports, 'conformance.json'), 'utf8')) as ConformanceReport;
}

export function readText(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** One spec line per requirement: `pass`, `fail`, `skip`, `harness` or `evidence` (passes with an exchange). */
export type Behaviour = 'pass' | 'fail' | 'skip' | 'harness' | 'evidence-fail';

export function specFor(cases: Record<string, Behaviour>, titles: (id: string) => string = (id) => `${id} inline check`): string {
  const lines = Object.entries(cases).map(([id, behaviour]) => {
    const head = `test(${JSON.stringify(titles(id))}, { annotation: { type: 'requirement', description: ${JSON.stringify(id)} } }, async ({}, testInfo) => {`;
    const body: Record<Behaviour, string> = {
      pass: `expect(1).toBe(1);`,
      fail: `expect(404, 'status of the unknown job').toBe(200);`,
      skip: `test.skip(true, 'the target has no such feature');`,
      harness: `const e = new Error('connect ECONNREFUSED 127.0.0.1:1'); e.name = 'HarnessError'; throw e;`,
      'evidence-fail': `await testInfo.attach('jobrouter-evidence', { contentType: 'application/json', body: JSON.stringify(EXCHANGES(${JSON.stringify(id)})) });
  expect(500, 'status').toBe(400);`,
    };
    return `${head}\n  ${body[behaviour]}\n});`;
  });
  return `import { test, expect } from '@playwright/test';
const EXCHANGES = (id: string) => [{ method: 'POST', url: 'http://127.0.0.1:1/routing/jobs/' + id + ':cancel?api-version=2023-11-01', requestHeaders: { 'content-type': 'application/json', authorization: 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<redacted>' }, requestBody: '{}', status: 500, responseHeaders: { 'content-type': 'application/json' }, responseBody: '{"error":{"code":"Boom","message":"</script><img src=x onerror=alert(1)>"}}', durationMs: 3, curl: "curl -X POST 'http://127.0.0.1:1/routing/jobs/" + id + ":cancel?api-version=2023-11-01'" }];
${lines.join('\n')}
`;
}

/** Every catalog requirement as a passing inline test, with some overridden. */
export function catalogCases(catalog: readonly { id: string }[], overrides: Record<string, Behaviour> = {}): Record<string, Behaviour> {
  return Object.fromEntries(catalog.map((r) => [r.id, overrides[r.id] ?? 'pass']));
}

/** Splits cases over several spec files so shards get different files and tests. */
export function specFiles(cases: Record<string, Behaviour>, files: number, titles?: (id: string) => string): Record<string, string> {
  const entries = Object.entries(cases);
  const out: Record<string, string> = {};
  for (let f = 0; f < files; f++) {
    const part = Object.fromEntries(entries.filter((_, i) => i % files === f));
    out[`specs/part-${f + 1}.spec.ts`] = specFor(part, titles);
  }
  return out;
}
