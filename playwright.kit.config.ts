import { defineConfig } from '@playwright/test';

/** The kit's own tests (unit, emulator, reporter, self-check subset). The conformance run uses playwright.config.ts. */
export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  workers: 2,
  timeout: 60_000,
  forbidOnly: Boolean(process.env['CI']),
  reporter: [['list'], ['json', { outputFile: '.tmp/kit-results.json' }]],
  outputDir: '.tmp/kit-test-results',
});
