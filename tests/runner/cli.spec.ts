import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { startEmulator } from '../../src/emulator/index';

/** The CLI's refusals before any spec runs: one sentence, exit 2, no stack trace, no secret. */
function conformance(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node_modules/.bin/tsx', ['src/cli/conformance.ts'], {
      env: { ...process.env, JOBROUTER_CONNECTION_STRING: '', JOBROUTER_BEARER_TOKEN: '', JOBROUTER_ENDPOINT: '', JOBROUTER_ACCESS_KEY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

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
