import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs the real loader in a fresh process whose working directory holds the given .env file. */
function loadIn(dotenv: string, env: Record<string, string>): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'jrck-dotenv-'));
  try {
    writeFileSync(join(dir, '.env'), dotenv);
    const script = join(dir, 'load.ts');
    const configModule = new URL('../../src/config/index.ts', import.meta.url).href;
    writeFileSync(script, `import { loadConfig } from '${configModule}';\nconst c = loadConfig();\nconsole.log(JSON.stringify({ apiVersion: c.apiVersion, runPrefix: c.runPrefix, seed: c.seed }));\n`);
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JOBROUTER_')));
    const result = spawnSync(TSX, [script], { cwd: dir, env: { ...clean, ...env }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`loader process failed: ${result.stderr}`);
    const lastLine = result.stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(lastLine) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('.env fills what the environment leaves unset; the environment wins where both set a key', () => {
  const loaded = loadIn('JOBROUTER_API_VERSION=from-dotenv\nJOBROUTER_RUN_PREFIX=dotenv-prefix\n', { JOBROUTER_RUN_PREFIX: 'env-prefix' });
  expect(loaded).toEqual({ apiVersion: 'from-dotenv', runPrefix: 'env-prefix', seed: 20231101 });
});
