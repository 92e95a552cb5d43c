import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startEmulator } from 'jobrouter-emulator';
import { runCli } from '../support/cli';
import { CONFIG_KEYS } from '../../src/config/keys';

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

test.describe('--help, --version and unknown options', () => {
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

  for (const tool of ['conformance', 'emulator'] as const) {
    test(`jobrouter-${tool}: --version prints the package version, -V too`, async () => {
      for (const flag of ['--version', '-V']) {
        const run = await runCli(tool, [flag], {});
        expect([run.code, run.stdout.trim(), run.stderr]).toEqual([0, version, '']);
      }
    });

    test(`jobrouter-${tool}: an unknown option is one sentence on stderr, exit 2`, async () => {
      const run = await runCli(tool, ['--colour', 'blue'], {});
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('--colour');
      expect(run.stderr).toContain('--help');
      expect(run.stderr).not.toContain('    at ');
    });
  }

  test('jobrouter-conformance --help lists every option it passes through and every configuration key', async () => {
    const run = await runCli('conformance', ['--help'], {});
    expect(run.code).toBe(0);
    for (const option of ['--grep', '--grep-invert', '--shard', '--list', '--repeat-each', '--max-failures', '--retries', '--timeout', '--workers']) expect(run.stdout).toContain(option);
    for (const [key] of CONFIG_KEYS) expect(run.stdout).toContain(key);
  });

  test('jobrouter-emulator --help lists every flag its parser takes', async () => {
    const run = await runCli('emulator', ['--help'], {});
    expect(run.code).toBe(0);
    const source = readFileSync(new URL('../../emulator/src/cli.ts', import.meta.url), 'utf8');
    const flags = [...source.matchAll(/^\s+'?([a-z-]+)'?: \{ type: '(?:string|boolean)'/gm)].map((m) => `--${m[1]}`);
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of flags) expect(run.stdout).toContain(flag);
  });

  test('a pass-through option reaches Playwright: --list runs nothing and exits 0 with the requirements listed', async () => {
    const run = await runCli('conformance', ['--list', '--grep', 'EVT-CLOSE'], {});
    expect(run.stdout).toContain('EVT-CLOSE-01');
    expect(run.stdout).toContain('EVT-CLOSE-AT-01');
    expect(run.stdout).not.toContain('CANCEL-EMPTY-01');
  });
});
