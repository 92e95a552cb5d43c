import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { loadConfig, newRunPrefix } from './src/config';

// One prefix for the whole run, chosen in the main process before workers start, so every worker's resources share
// it and a crashed run can be swept by it.
process.env['JOBROUTER_RUN_PREFIX'] ??= newRunPrefix();

// Found beside this file, in the sources (.ts) or compiled in the installed package (dist/, .js); what the run writes
// goes under the current directory.
const here = dirname(fileURLToPath(import.meta.url));
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const kit = loadConfig();
// Playwright's HTML report sits beside conformance.html, so concurrent runs with their own reports dir never share it.
const reporters: ReporterDescription[] = [
  [join(here, 'src', 'report', `progress${ext}`)],
  ['html', { outputFolder: resolve(kit.reportsDir, 'playwright-report'), open: 'never' }],
];
const conformanceReporter = join(here, 'src', 'report', `reporter${ext}`);
if (existsSync(conformanceReporter)) reporters.push([conformanceReporter]);
// Sharded runs merge blob reports later; `--reporter` on the command line would replace every reporter above.
if (process.env['JOBROUTER_BLOB'] === '1') reporters.push(['blob', { outputDir: resolve('blob-report') }]);

/** The conformance run (`npm run conformance`). The kit's own tests use playwright.kit.config.ts. */
export default defineConfig({
  testDir: join(here, 'specs'),
  fullyParallel: true,
  workers: kit.workers,
  // Only a requirement whose action's answer was lost after the target applied it runs again (on fresh fixtures): the
  // lostAnswers fixture skips every other retry, and the reporter keeps the attempt before it.
  retries: kit.timing.lostAnswerAttempts - 1,
  timeout: 60_000,
  forbidOnly: Boolean(process.env['CI']),
  reporter: reporters,
  // One embedded emulator when no endpoint is set, and the run's event source (webhook sink or queue reader).
  globalSetup: join(here, 'fixtures', `global-setup${ext}`),
  // The self-check runs several conformance runs at once, each with its own results dir.
  outputDir: resolve(process.env['JOBROUTER_TEST_RESULTS_DIR'] || 'test-results'),
  use: { trace: 'off' },
});
