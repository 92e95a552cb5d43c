import { spawn } from 'node:child_process';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one of the kit's command-line tools as a user would, with every target key cleared first so the machine's own
 * environment or .env cannot leak into the test; `env` then sets what the test needs.
 */
export function runCli(tool: 'conformance' | 'sweep' | 'emulator', args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn('node_modules/.bin/tsx', [tool === 'emulator' ? 'emulator/src/cli.ts' : `src/cli/${tool}.ts`, ...args], {
      env: {
        ...process.env,
        JOBROUTER_CONNECTION_STRING: '',
        JOBROUTER_BEARER_TOKEN: '',
        JOBROUTER_ENDPOINT: '',
        JOBROUTER_ACCESS_KEY: '',
        JOBROUTER_EMBEDDED_EMULATOR: '',
        FORCE_COLOR: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
