import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_FILES } from '../../src/report/write';

/**
 * Whole conformance runs for the kit's own tests: `tsx src/cli/conformance.ts <args>` as a child process, the way
 * scripts/selfcheck/run-case.ts runs one, with every target and event key cleared first (so neither the machine's
 * environment nor a .env can leak in) and the reports written into a private temp directory.
 */

export interface KitRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** conformance.json as written, or undefined when the run wrote none. */
  readonly report: RunReport | undefined;
  /** The three report files' text (missing files are empty). */
  readonly files: Readonly<Record<string, string>>;
}

export interface RunRequirement {
  readonly id: string;
  readonly status: string;
  readonly message?: string;
}

export interface RunReport {
  readonly verdict: string;
  readonly requirements: readonly RunRequirement[];
  readonly events?: { readonly source: string; readonly checked: boolean; readonly line: string };
}

/** A private directory for one run's reports and test results; remove() deletes it. */
export interface RunDir {
  readonly path: string;
  remove(): Promise<void>;
}

export async function runDir(): Promise<RunDir> {
  const path = await mkdtemp(join(tmpdir(), 'jrck-evt-run-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A queue name Azure accepts: lowercase letters, digits and single hyphens. */
export function eventsQueueName(): string {
  return `jrck-events-${randomBytes(4).toString('hex')}`;
}

/** Every key a conformance run reads that could change what these tests see, cleared. */
const CLEARED: Readonly<Record<string, string>> = {
  JOBROUTER_CONNECTION_STRING: '',
  JOBROUTER_ENDPOINT: '',
  JOBROUTER_ACCESS_KEY: '',
  JOBROUTER_BEARER_TOKEN: '',
  JOBROUTER_EMBEDDED_EMULATOR: '',
  JOBROUTER_PROFILE: 'default',
  JOBROUTER_WAIVERS: '',
  JOBROUTER_BASELINE: '',
  JOBROUTER_BLOB: '',
  JOBROUTER_EVENTS_SOURCE: '',
  JOBROUTER_EVENTS_HOST: '',
  JOBROUTER_EVENTS_PORT: '',
  JOBROUTER_EVENTS_PUBLIC_URL: '',
  JOBROUTER_EVENTS_QUEUE_CONNECTION_STRING: '',
  JOBROUTER_EVENTS_QUEUE_NAME: '',
  JOBROUTER_EVENTS_REQUIRED: '',
  JOBROUTER_EVENTS_TIMEOUT_MS: '',
  JOBROUTER_EVENTS_FEED: '',
};

/**
 * Runs `npm run conformance -- <args>` with `env` on top of the cleared keys; reports go to `dir`. With `direct`, runs
 * `npx playwright test -c playwright.config.ts <args>` instead: the same specs, global setup and reporter, without
 * the CLI's preflight.
 */
export function runKit(args: readonly string[], env: Readonly<Record<string, string>>, dir: string, direct = false): Promise<KitRun> {
  const started = Date.now();
  const reports = join(dir, 'reports');
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...CLEARED,
    JOBROUTER_REPORTS_DIR: reports,
    JOBROUTER_TEST_RESULTS_DIR: join(dir, 'test-results'),
    JOBROUTER_RUN_PREFIX: `evt-${started.toString(36)}-${randomBytes(2).toString('hex')}`,
    JOBROUTER_WORKERS: '3',
    // The timings the self-check uses: short enough for a bounded test, long enough for a loaded machine.
    JOBROUTER_CLOSE_AT_DELAY_MS: '2500',
    JOBROUTER_RETRY_OFFER_DELAY_MS: '2500',
    JOBROUTER_OFFER_TIMEOUT_MS: '8000',
    FORCE_COLOR: '0',
    CI: '',
    ...env,
  };
  return new Promise((resolve) => {
    const command = direct ? 'node_modules/.bin/playwright' : 'node_modules/.bin/tsx';
    const lead = direct ? ['test', '-c', 'playwright.config.ts'] : ['src/cli/conformance.ts'];
    const child = spawn(command, [...lead, ...args], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('close', (code) => {
      const files: Record<string, string> = {};
      for (const name of Object.values(REPORT_FILES)) {
        const path = join(reports, name);
        files[name] = existsSync(path) ? readFileSync(path, 'utf8') : '';
      }
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: Date.now() - started,
        report: parseReport(files[REPORT_FILES.json] ?? ''),
        files,
      });
    });
  });
}

function parseReport(text: string): RunReport | undefined {
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('verdict' in parsed) || !('requirements' in parsed)) return undefined;
  const { verdict, requirements } = parsed;
  if (typeof verdict !== 'string' || !Array.isArray(requirements)) return undefined;
  const out: RunRequirement[] = [];
  for (const item of requirements as unknown[]) {
    if (typeof item !== 'object' || item === null || !('id' in item) || !('status' in item)) continue;
    if (typeof item.id !== 'string' || typeof item.status !== 'string') continue;
    const message = 'message' in item && typeof item.message === 'string' ? { message: item.message } : {};
    out.push({ id: item.id, status: item.status, ...message });
  }
  const events = 'events' in parsed ? eventsOf(parsed.events) : undefined;
  return { verdict, requirements: out, ...(events ? { events } : {}) };
}

function eventsOf(value: unknown): RunReport['events'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const { source, checked, line } = value as Record<string, unknown>;
  if (typeof source !== 'string' || typeof checked !== 'boolean' || typeof line !== 'string') return undefined;
  return { source, checked, line };
}

/** `{ id: status }` of the EVT-* requirements, for one readable assertion. */
export function eventStatuses(report: RunReport | undefined): Record<string, string> {
  return Object.fromEntries((report?.requirements ?? []).filter((r) => r.id.startsWith('EVT-')).map((r) => [r.id, r.status]));
}

/** The run's output, for an assertion message when something unexpected happened. */
export function tail(run: KitRun, lines = 40): string {
  return `exit ${run.code}\n--- stdout (tail)\n${run.stdout.split('\n').slice(-lines).join('\n')}\n--- stderr (tail)\n${run.stderr.split('\n').slice(-lines).join('\n')}`;
}

/** The AccountKey value of a Storage connection string. */
export function accountKeyOf(connectionString: string): string {
  const part = connectionString.split(';').find((p) => p.trim().toLowerCase().startsWith('accountkey='));
  if (!part) throw new Error('the connection string has no AccountKey');
  return part.slice(part.indexOf('=') + 1).trim();
}
