import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { loadConfig, newRunPrefix } from './src/config';

// One prefix for the whole run, chosen in the main process before workers start, so every worker's resources share
// it and a crashed run can be swept by it.
process.env['JOBROUTER_RUN_PREFIX'] ??= newRunPrefix();

const kit = loadConfig();
// Playwright's HTML report sits beside conformance.html, so concurrent runs with their own reports dir never share it.
const reporters: ReporterDescription[] = [['list'], ['html', { outputFolder: join(kit.reportsDir, 'playwright-report'), open: 'never' }]];
if (existsSync(new URL('./src/report/reporter.ts', import.meta.url))) reporters.push(['./src/report/reporter.ts']);
// Sharded runs merge blob reports later; `--reporter` on the CLI would replace every reporter above.
if (process.env['JOBROUTER_BLOB'] === '1') reporters.push(['blob']);

/** The conformance run (`npm run conformance`). The kit's own tests use playwright.kit.config.ts. */
export default defineConfig({
  testDir: 'specs',
  fullyParallel: true,
  workers: kit.workers,
  retries: 0,
  timeout: 60_000,
  forbidOnly: Boolean(process.env['CI']),
  reporter: reporters,
  // One embedded emulator when no endpoint is set, and the run's event source (webhook sink or queue reader).
  globalSetup: './fixtures/global-setup.ts',
  // The self-check runs several conformance runs at once, each with its own results dir.
  outputDir: process.env['JOBROUTER_TEST_RESULTS_DIR'] || 'test-results',
  use: { trace: 'off' },
});
