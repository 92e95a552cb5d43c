import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from 'jobrouter-emulator';
import { parseChaos } from 'jobrouter-emulator/chaos';
import { requirement } from '../../src/contract/requirements';
import { describeTally, parseTally } from '../../src/contract/transport';
import type { Case } from './plan';
import { freePort } from '../lib/ports';

export interface RequirementOutcome {
  readonly id: string;
  readonly status: string;
}

export interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly why: string;
  readonly verdict: string;
  readonly exitCode: number | null;
  readonly failing: readonly string[];
  readonly waived: readonly string[];
  readonly ran: number;
  readonly durationMs: number;
  /** Requirements that failed (not errored): what a kill needs. */
  readonly failed?: readonly string[];
  /** Generated faults: how often each changed (or, shadowed, would have changed) an answer, effect or event. */
  readonly mutantHits?: Readonly<Record<string, number>>;
  /** Generated faults: the User-Agents of the requests each changed something for ('' for work no request owns). */
  readonly mutantClients?: Readonly<Record<string, readonly string[]>>;
  /** The run's transport line (requests, retries, waits), when the report had one. */
  readonly transport?: string;
}

function readOutcomes(file: string): { verdict: string; outcomes: RequirementOutcome[]; transport?: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('verdict' in parsed) || !('requirements' in parsed)) return undefined;
  const { verdict, requirements } = parsed;
  if (typeof verdict !== 'string' || !Array.isArray(requirements)) return undefined;
  const outcomes: RequirementOutcome[] = [];
  for (const item of requirements as unknown[]) {
    if (typeof item === 'object' && item !== null && 'id' in item && 'status' in item && typeof item.id === 'string' && typeof item.status === 'string') {
      outcomes.push({ id: item.id, status: item.status });
    }
  }
  const tally = 'transport' in parsed ? parseTally(JSON.stringify(parsed.transport)) : undefined;
  return { verdict, outcomes, ...(tally ? { transport: describeTally(tally) } : {}) };
}


const grepFor = (ids: readonly string[]): string => `(?:^|\\s)(?:${ids.map((id) => id.replace(/[-]/g, '\\-')).join('|')})\\s`;

function runKit(args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('node_modules/.bin/tsx', ['src/cli/conformance.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('close', (code) => {
      import('node:fs').then((fs) => fs.writeFileSync(logFile, Buffer.concat(chunks))).finally(() => resolve(code));
    });
  });
}

function judge(c: Case, verdict: string, outcomes: RequirementOutcome[]): { ok: boolean; why: string } {
  const failing = outcomes.filter((o) => o.status === 'failed' || o.status === 'error' || o.status === 'xpassed').map((o) => o.id);
  const waived = outcomes.filter((o) => o.status === 'waived').map((o) => o.id);
  const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join() === [...b].sort().join();
  if (outcomes.length === 0) return { ok: false, why: 'nothing ran' };
  if (c.expect.kind === 'statuses') {
    const expected = c.expect.statuses;
    const wrong = outcomes.filter((o) => expected[o.id] !== o.status).map((o) => `${o.id}=${o.status} (expected ${expected[o.id] ?? 'not to run'})`);
    if (wrong.length || verdict !== c.expect.verdict) return { ok: false, why: `${wrong.join(', ') || 'statuses as expected'}; verdict ${verdict}` };
    return { ok: true, why: `${outcomes.map((o) => `${o.id}=${o.status}`).join(', ')}; ${verdict}` };
  }
  if (c.expect.kind === 'killed') {
    const failed = outcomes.filter((o) => o.status === 'failed').map((o) => o.id);
    if (verdict === 'not-conformant' && failed.length > 0) return { ok: true, why: `killed by ${failed.join(', ')}` };
    if (verdict === 'error') return { ok: false, why: `kit error (not a kill) on ${outcomes.filter((o) => o.status === 'error').map((o) => o.id).join(', ') || 'the run'}` };
    const advisory = outcomes.filter((o) => o.status === 'failed' || o.status === 'error').map((o) => o.id);
    return { ok: false, why: advisory.length > 0 ? `survived; reported by ${advisory.join(', ')} (verdict ${verdict})` : `survived (verdict ${verdict})` };
  }
  if (verdict === 'error') return { ok: false, why: `kit error on ${outcomes.filter((o) => o.status === 'error').map((o) => o.id).join(', ') || 'the run'}` };
  switch (c.expect.kind) {
    case 'all-pass': {
      const notPassed = outcomes.filter((o) => o.status !== 'passed');
      if (verdict !== 'conformant' || notPassed.length > 0) return { ok: false, why: `false alarm: ${notPassed.map((o) => `${o.id}=${o.status}`).join(', ')}` };
      return { ok: true, why: `${outcomes.length} passed` };
    }
    case 'detects': {
      const missed = c.expect.ids.filter((id) => !failing.includes(id));
      if (missed.length > 0) return { ok: false, why: `not caught by ${missed.join(', ')}` };
      const gating = c.expect.ids.some((id) => requirement(id).level === 'MUST');
      if (gating && verdict !== 'not-conformant') return { ok: false, why: `verdict ${verdict}` };
      return { ok: true, why: gating ? 'not conformant' : 'reported (SHOULD: advisory, gate stays open)' };
    }
    case 'fails-exactly':
      if (verdict !== 'not-conformant' || !same(failing, c.expect.ids)) return { ok: false, why: `failing ${failing.join(', ') || 'none'}, verdict ${verdict}` };
      return { ok: true, why: `not conformant exactly on ${failing.join(', ')}` };
    case 'waives-exactly':
      if (verdict !== 'conformant' || failing.length > 0 || !same(waived, c.expect.ids)) return { ok: false, why: `waived ${waived.join(', ') || 'none'}, failing ${failing.join(', ') || 'none'}, verdict ${verdict}` };
      return { ok: true, why: `conformant, waived ${waived.join(', ')}` };
  }
}

export interface RunOptions {
  readonly workDir: string;
  readonly workersPerRun: number;
}

export async function runCase(c: Case, options: RunOptions): Promise<CaseResult> {
  const started = Date.now();
  const dir = join(options.workDir, c.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const chaos = c.chaos ? { chaos: parseChaos(c.chaos.spec, c.chaos.seed) } : {};
  // Events as a user wires them to a separate emulator: `--events-webhook` to the port the kit's sink will listen on.
  const eventsPort = await freePort();
  const events = { subscriptions: [{ name: 'selfcheck', destination: { kind: 'webhook' as const, url: `http://127.0.0.1:${eventsPort}/` } }] };
  const mutants = c.mutants && c.mutants.length > 0 ? { mutants: c.mutants, mutantMode: c.mutantMode ?? 'apply' } : {};
  const emulator = await startEmulator({ port: 0, faults: c.faults, errors: c.errors, quiet: true, events, ...chaos, ...mutants });
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      JOBROUTER_CONNECTION_STRING: '',
      JOBROUTER_BEARER_TOKEN: '',
      JOBROUTER_ENDPOINT: emulator.url,
      JOBROUTER_ACCESS_KEY: emulator.accessKey,
      JOBROUTER_PROFILE: c.profile,
      JOBROUTER_WAIVERS: '',
      JOBROUTER_BASELINE: '',
      JOBROUTER_REPORTS_DIR: join(dir, 'reports'),
      JOBROUTER_TEST_RESULTS_DIR: join(dir, 'test-results'),
      JOBROUTER_RUN_PREFIX: `sc-${started.toString(36)}`,
      JOBROUTER_WORKERS: String(options.workersPerRun),
      JOBROUTER_CLOSE_AT_DELAY_MS: '2500',
      JOBROUTER_RETRY_OFFER_DELAY_MS: '2500',
      JOBROUTER_OFFER_TIMEOUT_MS: '8000',
      JOBROUTER_EVENTS_SOURCE: 'webhook',
      JOBROUTER_EVENTS_PORT: String(eventsPort),
      JOBROUTER_EVENTS_QUEUE_CONNECTION_STRING: '',
      JOBROUTER_EVENTS_REQUIRED: '1',
      FORCE_COLOR: '0',
    };
    const args = [...(c.only ? ['--grep', grepFor(c.only)] : []), ...(c.maxFailures ? ['--max-failures', String(c.maxFailures)] : [])];
    const exitCode = await runKit(args, env, join(dir, 'output.log'));
    const read = readOutcomes(join(dir, 'reports', 'conformance.json'));
    const durationMs = Date.now() - started;
    const hits = c.mutants && c.mutants.length > 0 ? { mutantHits: emulator.mutantHits(), mutantClients: emulator.mutantClients() } : {};
    if (!read) return { name: c.name, ok: false, why: `no report (exit ${exitCode}); see ${join(dir, 'output.log')}`, verdict: 'none', exitCode, failing: [], waived: [], ran: 0, durationMs, ...hits };
    const judged = judge(c, read.verdict, read.outcomes);
    // A generated fault that changed nothing proves nothing: the mutant layer itself must have acted.
    const changed = Object.values(hits.mutantHits ?? {}).reduce((a, b) => a + b, 0);
    const verdict = c.expect.kind === 'killed' && c.mutantMode !== 'shadow' && changed === 0 ? { ok: false, why: `the mutant layer changed nothing; ${judged.why}` } : judged;
    const expectedExit = read.verdict === 'conformant' ? 0 : read.verdict === 'not-conformant' ? 1 : 2;
    const exitOk = exitCode === expectedExit;
    return {
      name: c.name,
      ok: verdict.ok && exitOk,
      why: exitOk ? verdict.why : `${verdict.why}; exit code ${exitCode} for verdict ${read.verdict}`,
      verdict: read.verdict,
      exitCode,
      failing: read.outcomes.filter((o) => o.status === 'failed' || o.status === 'error').map((o) => o.id),
      failed: read.outcomes.filter((o) => o.status === 'failed').map((o) => o.id),
      ...hits,
      waived: read.outcomes.filter((o) => o.status === 'waived').map((o) => o.id),
      ran: read.outcomes.filter((o) => o.status !== 'skipped').length,
      durationMs,
      ...(read.transport ? { transport: read.transport } : {}),
    };
  } finally {
    await emulator.close();
  }
}
