import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startEmulator } from 'jobrouter-emulator';
import { ROOT } from '../report/runner';
import { readAction, runAction } from './runner';

/**
 * The composite action (action.yml) run as a runner runs it, against the embedded emulator (nothing configured) and
 * against an emulator with a fault, with the kit from this checkout instead of the published package.
 */

const action = readAction(join(ROOT, 'action.yml'));
const KIT = `${join(ROOT, 'node_modules/.bin/tsx')} ${join(ROOT, 'src/cli/conformance.ts')}`;
const GREP = 'CANCEL-(STATUS|DISP|EMPTY)';

/** The machine's own settings must not leak into the run: every JOBROUTER_* key and any CI summary file cleared. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JOBROUTER_') && !k.startsWith('GITHUB_')));
  return { ...env, FORCE_COLOR: '0', JOBROUTER_WORKERS: '4' };
}

function fresh(name: string): string {
  const dir = join(ROOT, '.tmp', 'action-tests', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test('action.yml is a composite action whose default runs this version of the published package', () => {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  expect(action.runs.using).toBe('composite');
  expect(action.inputs['kit-command']?.default).toBe(`npx --yes --package=jobrouter-conformance-kit@${version} jobrouter-conformance`);
  expect(Object.keys(action.outputs).sort()).toEqual(['exit-code', 'verdict']);
  for (const input of ['connection-string', 'endpoint', 'access-key', 'bearer-token', 'profile', 'waivers', 'baseline', 'grep', 'shard', 'events-source', 'reports-dir']) {
    expect(action.inputs[input], input).toBeDefined();
  }
  // Inputs reach the scripts as environment variables only: an input pasted into a script could run as code.
  for (const step of action.runs.steps) expect(step.run ?? '', step.name).not.toMatch(/\$\{\{\s*inputs\./);
});

test('a conformant run: verdict conformant, exit-code 0, the step passes, the summary is on the page', async () => {
  const dir = fresh('conformant');
  const run = await runAction(action, { grep: GREP, 'kit-command': KIT }, dir, cleanEnv());
  console.log(`conformant run: outputs ${JSON.stringify(run.outputs)}, step exit ${run.exitCode}, ${run.ms} ms, summary ${run.summary.length} chars`);
  expect(run.outputs).toEqual({ verdict: 'conformant', 'exit-code': '0' });
  expect(run.exitCode).toBe(0);
  expect(run.skippedUses).toEqual(['actions/upload-artifact@v4']);
  expect(run.summary).toContain('Job Router conformance: ✅ Conformant (exit 0)');
  expect(run.summary).toContain('### What the run covered');
  expect(readFileSync(join(dir, 'reports', 'summary.md'), 'utf8')).toBe(run.summary.replace(/\n$/, ''));
  expect(run.stdout).not.toContain('::error');
});

test('a run against a faulty target: not-conformant, exit-code 1, the step fails with a "Not conformant" annotation, the key is masked', async () => {
  const dir = fresh('fault');
  const emulator = await startEmulator({ port: 0, faults: ['cancel-status-not-set'], quiet: true });
  try {
    const run = await runAction(action, { grep: GREP, endpoint: emulator.url, 'access-key': emulator.accessKey, 'kit-command': KIT }, dir, cleanEnv());
    console.log(`fault run: outputs ${JSON.stringify(run.outputs)}, step exit ${run.exitCode}, ${run.ms} ms, summary ${run.summary.length} chars`);
    expect(run.outputs).toEqual({ verdict: 'not-conformant', 'exit-code': '1' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::error title=Not conformant (exit 1)::');
    expect(run.stdout).not.toContain('Kit error');
    expect(run.summary).toContain('❌ Not conformant (exit 1)');
    expect(run.summary).toMatch(/- \*\*CANCEL-STATUS-01\*\* \(MUST, failed\) .* — expected job status cancelled .* · observed .*status "queued"/);
    // The key is announced for masking before anything else, and shows up nowhere else.
    expect(run.stdout.startsWith(`::add-mask::${emulator.accessKey}`)).toBe(true);
    expect(run.stdout.split(emulator.accessKey).length - 1).toBe(1);
    expect(run.summary).not.toContain(emulator.accessKey);
  } finally {
    await emulator.close();
  }
});

test('a kit error: exit-code 2, the annotation says it is not a verdict, and the page still gets a summary', async () => {
  const dir = fresh('error');
  // An endpoint with no credentials is a configuration error: the kit stops before its reporter runs.
  const run = await runAction(action, { endpoint: 'http://127.0.0.1:9', 'kit-command': KIT }, dir, cleanEnv());
  expect(run.outputs).toEqual({ verdict: 'error', 'exit-code': '2' });
  expect(run.exitCode).toBe(2);
  expect(run.stdout).toContain('::error title=Kit error (exit 2), not a verdict::');
  expect(run.summary).toContain('the kit could not do its job (exit 2)');
  expect(run.summary).toContain('JOBROUTER_ENDPOINT needs JOBROUTER_ACCESS_KEY');
  expect(existsSync(join(dir, 'reports', 'conformance.json'))).toBe(false);
});
