/**
 * `npm test`: types, lint, the emulator package's tests, then the kit's own Playwright tests (unit, emulator against
 * the kit, fuzz, reporter, browser, self-check subset).
 * Ends with one plain line `N passed, N failed, N skipped` summing every suite, and writes it to .tmp/test-summary.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const bin = (name: string): string => `node_modules/.bin/${name}`;

function step(name: string, command: string, args: string[]): boolean {
  process.stdout.write(`\n▶ ${name}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const ok = result.status === 0;
  process.stdout.write(`${ok ? '✔' : '✘'} ${name}\n`);
  return ok;
}

interface PlaywrightStats {
  expected?: number;
  unexpected?: number;
  flaky?: number;
  skipped?: number;
}

function readPlaywrightStats(file: string): PlaywrightStats | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'stats' in parsed) {
      const stats: unknown = parsed.stats;
      if (typeof stats === 'object' && stats !== null) return stats as PlaywrightStats;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

mkdirSync('.tmp', { recursive: true });
for (const [name, command, args] of [
  ['types (tsc)', bin('tsc'), ['-p', '.']],
  ['lint (eslint)', bin('eslint'), ['.']],
] as const) {
  if (step(name, command, [...args])) tally.passed += 1;
  else tally.failed += 1;
}

/** One Playwright suite: run it, then add its counts (from its JSON reporter's file) to the tally. */
function suite(name: string, config: string, resultsFile: string, args: readonly string[]): void {
  rmSync(resultsFile, { force: true });
  const ok = step(name, bin('playwright'), ['test', '-c', config, ...args]);
  const stats = readPlaywrightStats(resultsFile);
  if (stats) {
    tally.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    tally.failed += stats.unexpected ?? 0;
    tally.skipped += stats.skipped ?? 0;
    if (!ok && (stats.unexpected ?? 0) === 0) tally.failed += 1; // the runner itself failed (e.g. forbidOnly)
  } else {
    tally.failed += 1;
    process.stdout.write(`${name} produced no results file; counted as one failure.\n`);
  }
}

// The emulator package's own tests (no part of the kit), then the kit's; arguments (filters) go to the kit's run.
suite('emulator tests (playwright, emulator/tests/)', 'emulator/playwright.config.ts', 'emulator/.tmp/test-results.json', []);
suite('kit tests (playwright, tests/)', 'playwright.kit.config.ts', '.tmp/kit-results.json', process.argv.slice(2));

writeFileSync('.tmp/test-summary.json', JSON.stringify(tally));
process.stdout.write(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped\n`);
process.exit(tally.failed === 0 ? 0 : 1);
