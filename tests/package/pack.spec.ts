import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { freePort } from '../../scripts/lib/ports';

/**
 * The kit as its users get it: `npm pack` of both packages (the kit and the `jobrouter-emulator` it depends on),
 * installed into an empty folder that knows nothing of this repository, then `npx jobrouter-emulator` and
 * `npx jobrouter-conformance` from that install, in that folder. Compiled JavaScript only (no tsx), reports under the
 * folder, exit code 0 against a correct emulator.
 */
const run = promisify(execFile);
const REPO = new URL('../../', import.meta.url).pathname;

/** Only what a shell on a bare machine has: no JOBROUTER_* from this process, no NODE_PATH into the repository. */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { PATH, HOME } = process.env;
  return { PATH: PATH ?? '', HOME: HOME ?? tmpdir(), FORCE_COLOR: '0', ...extra };
}


function started(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${out}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (/accesskey=\S+/.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}: ${out}`)));
  });
}

test.describe.configure({ mode: 'serial' });

test('npm pack → install in an empty folder → npx jobrouter-emulator + npx jobrouter-conformance: exit 0 and three reports', async () => {
  test.setTimeout(480_000); // two builds and packs, one install and a whole run, on a loaded machine
  const work = mkdtempSync(join(tmpdir(), 'jrck-pack-'));
  let emulator: ChildProcess | undefined;
  try {
    const pack = async (args: string[]): Promise<{ filename: string; files: string[] }> => {
      const packed = await run('npm', ['pack', ...args, '--pack-destination', work, '--json'], { cwd: REPO, env: bareEnv(), maxBuffer: 32 * 1024 * 1024 });
      const info = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
      return { filename: join(work, info[0]?.filename ?? ''), files: info[0]?.files.map((f) => f.path) ?? [] };
    };
    const emulatorPack = await pack(['-w', 'jobrouter-emulator']);
    // The emulator's tarball: its compiled JavaScript with type declarations and its bin; no sources, no tests.
    expect(emulatorPack.files).toContain('dist/index.js');
    expect(emulatorPack.files).toContain('dist/index.d.ts');
    expect(emulatorPack.files).toContain('bin/jobrouter-emulator.js');
    expect(emulatorPack.files.filter((f) => /^(tests|src)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
    const kitPack = await pack([]);
    const files = kitPack.files;
    // What the kit's tarball holds: the compiled kit, its schemas and profiles; never the kit's own tests or scripts,
    // nor the emulator (a dependency of its own).
    expect(files).toContain('dist/src/cli/conformance.js');
    expect(files).toContain('dist/playwright.config.js');
    expect(files.some((f) => f.startsWith('dist/specs/') && f.endsWith('.spec.js'))).toBe(true);
    expect(files).toContain('schemas/RouterJob.schema.json');
    expect(files.filter((f) => /^(tests|scripts|src|specs|fixtures|emulator)\//.test(f) || f.endsWith('.ts') || f.includes('/emulator/'))).toEqual([]);

    const app = join(work, 'app');
    await run('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
    // Both tarballs at once: the kit's dependency on jobrouter-emulator@<version> is met by the emulator's tarball.
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', emulatorPack.filename, kitPack.filename], { cwd: app, env: bareEnv(), maxBuffer: 32 * 1024 * 1024 });

    const version = await run('npx', ['--no-install', 'jobrouter-conformance', '--version'], { cwd: app, env: bareEnv() });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);

    const eventsPort = await freePort();
    emulator = spawn('npx', ['--no-install', 'jobrouter-emulator', '--port', '0', '--events-webhook', `http://127.0.0.1:${eventsPort}/`], { cwd: app, env: bareEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const banner = await started(emulator);
    const endpoint = /listening on (\S+)/.exec(banner)?.[1] ?? '';
    const key = /accesskey=(\S+)/.exec(banner)?.[1] ?? '';

    const env = bareEnv({ JOBROUTER_ENDPOINT: endpoint, JOBROUTER_ACCESS_KEY: key, JOBROUTER_EVENTS_SOURCE: 'webhook', JOBROUTER_EVENTS_PORT: String(eventsPort), JOBROUTER_WORKERS: '4' });
    const conformance = await run('npx', ['--no-install', 'jobrouter-conformance'], { cwd: app, env, maxBuffer: 32 * 1024 * 1024 }).catch((error: { code?: number; stdout?: string; stderr?: string }) => error);
    const output = `${conformance.stdout ?? ''}${conformance.stderr ?? ''}`;
    expect('code' in conformance ? conformance.code : 0, output.slice(-3000)).toBe(0);
    for (const report of ['conformance.html', 'conformance.json', 'junit.xml']) expect(existsSync(join(app, 'reports', report)), report).toBe(true);
    const json = JSON.parse(readFileSync(join(app, 'reports', 'conformance.json'), 'utf8')) as { verdict: string; summary: { total: number } };
    expect(json.verdict).toBe('conformant');
    expect(json.summary.total).toBeGreaterThan(80);
    // Nothing was written into the installed package.
    expect(existsSync(join(app, 'node_modules', 'jobrouter-conformance-kit', 'dist', 'test-results'))).toBe(false);
  } finally {
    if (emulator?.pid) process.kill(-emulator.pid, 'SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
});
