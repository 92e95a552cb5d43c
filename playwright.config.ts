import { existsSync } from 'node:fs';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { loadConfig, newRunPrefix } from './src/config';

// One prefix for the whole run, chosen in the main process before workers start, so every worker's resources share
// it and a crashed run can be swept by it.
process.env['JOBROUTER_RUN_PREFIX'] ??= newRunPrefix();

const kit = loadConfig();
const reporters: ReporterDescription[] = [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]];
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
  outputDir: 'test-results',
  use: { trace: 'off' },
});
