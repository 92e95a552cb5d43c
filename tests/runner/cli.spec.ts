import { expect, test } from '@playwright/test';
import { startEmulator } from '../../src/emulator/index';
import { runCli } from '../support/cli';

const conformance = (env: Record<string, string>) => runCli('conformance', [], env);

/** The CLI's refusals before any spec runs: one sentence, exit 2, no stack trace, no secret. */

const USER_KEY = Buffer.from('a user key that must never be printed, 0123456789').toString('base64');

test.describe('npm run conformance refuses to start', () => {
  test('an unreachable endpoint: one sentence, exit 2', async () => {
    const run = await conformance({ JOBROUTER_ENDPOINT: 'http://127.0.0.1:9', JOBROUTER_ACCESS_KEY: USER_KEY });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^Cannot reach http:\/\/127\.0\.0\.1:9.*\.$/);
    expect(run.stderr).not.toContain('    at ');
    expect(run.stdout + run.stderr).not.toContain(USER_KEY);
  });

  test('refused credentials: one sentence, exit 2', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true });
    try {
      const run = await conformance({ JOBROUTER_ENDPOINT: emulator.url, JOBROUTER_ACCESS_KEY: USER_KEY });
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe('The endpoint refused the credentials (HTTP 401).');
      expect(run.stdout + run.stderr).not.toContain(USER_KEY);
    } finally {
      await emulator.close();
    }
  });

  test('incomplete configuration: one sentence, exit 2', async () => {
    const run = await conformance({ JOBROUTER_ENDPOINT: 'https://example.invalid' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('JOBROUTER_ACCESS_KEY');
  });
});
