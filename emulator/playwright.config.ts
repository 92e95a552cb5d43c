import { defineConfig } from '@playwright/test';

/** The emulator's own tests: its domain, HTTP adapter, events, chaos and signer, with no part of the kit. */
export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  workers: 2,
  timeout: 60_000,
  forbidOnly: Boolean(process.env['CI']),
  reporter: [['list'], ['json', { outputFile: '.tmp/test-results.json' }]],
  outputDir: '.tmp/test-results',
});
