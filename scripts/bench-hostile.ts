/**
 * `npm run bench:hostile [-- --padding-mb 20 --workers 6]`: what a target that sends too much costs the kit. A full
 * conformance run against the emulator, then against the emulator behind a proxy that adds a 20 MB property to every
 * job read — with the default response cap (the reads are refused: error) and with the cap raised above the padding
 * (the reads are read and judged). Prints each run's peak RSS (the kit's whole process tree, sampled from /proc, and
 * GNU time's largest process), wall time, report sizes, and the statuses that differ from the clean run; then the
 * hostile-server table (case, outcome, status, time).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from 'jobrouter-emulator';
import { REPORT_BOUNDS } from '../src/report/bounds';
import { REPORT_FILES } from '../src/report/write';
import { HOSTILE_CASES, runCase } from '../tests/support/hostile-cases';
import { startHostileServer } from '../tests/support/hostile-server';
import { startPaddingProxy } from '../tests/support/padding-proxy';
import { watchTree } from './lib/process-tree';

const { values } = parseArgs({ options: { 'padding-mb': { type: 'string', default: '20' }, workers: { type: 'string', default: '6' }, out: { type: 'string', default: '.tmp/bench-hostile' } } });
const PADDING = Number(values['padding-mb']) * 1000 * 1000;
const OUT = resolve(values.out);
const MiB = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MiB`;

interface Run {
  readonly name: string;
  readonly exitCode: number | null;
  readonly wallMs: number;
  readonly peakTreeBytes: number;
  readonly largestBytes: number;
  readonly timeMaxRssBytes: number | undefined;
  readonly sizes: Record<string, number | undefined>;
  readonly statuses: Map<string, string>;
  readonly verdict: string;
  readonly lastLines: string;
}

function readStatuses(dir: string): { verdict: string; statuses: Map<string, string> } {
  try {
    const report = JSON.parse(readFileSync(join(dir, REPORT_FILES.json), 'utf8')) as { verdict: string; requirements: { id: string; status: string }[] };
    return { verdict: report.verdict, statuses: new Map(report.requirements.map((r) => [r.id, r.status])) };
  } catch {
    return { verdict: 'no report', statuses: new Map() };
  }
}

/** One conformance run as a user starts it, under GNU time, its process tree sampled throughout. */
async function conformance(name: string, endpoint: string, accessKey: string, extra: Record<string, string> = {}): Promise<Run> {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  const reports = join(dir, 'reports');
  const env = {
    ...process.env,
    JOBROUTER_CONNECTION_STRING: '',
    JOBROUTER_BEARER_TOKEN: '',
    JOBROUTER_EMBEDDED_EMULATOR: '',
    JOBROUTER_ENDPOINT: endpoint,
    JOBROUTER_ACCESS_KEY: accessKey,
    JOBROUTER_REPORTS_DIR: reports,
    JOBROUTER_TEST_RESULTS_DIR: join(dir, 'test-results'),
    JOBROUTER_WORKERS: values.workers,
    FORCE_COLOR: '0',
    ...extra,
  };
  const useTime = existsSync('/usr/bin/time');
  const [command, args] = useTime ? ['/usr/bin/time', ['-v', 'node_modules/.bin/tsx', 'src/cli/conformance.ts']] : ['node_modules/.bin/tsx', ['src/cli/conformance.ts']];
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const watch = watchTree(child.pid ?? 0);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  const exitCode = await new Promise<number | null>((done) => child.on('close', done));
  const wallMs = performance.now() - started;
  const peak = watch.stop();
  const stderr = Buffer.concat(err).toString('utf8');
  const maxRssKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
  const sizes = Object.fromEntries(Object.values(REPORT_FILES).map((f) => [f, existsSync(join(reports, f)) ? statSync(join(reports, f)).size : undefined]));
  const { verdict, statuses } = readStatuses(reports);
  const stdout = Buffer.concat(out).toString('utf8');
  const lastLines = stdout.split('\n').filter((l) => /^(Conformance|Transport|leftover)/.test(l)).join('\n  ');
  return { name, exitCode, wallMs, peakTreeBytes: peak.rssBytes, largestBytes: peak.largestBytes, timeMaxRssBytes: maxRssKb ? Number(maxRssKb) * 1024 : undefined, sizes, statuses, verdict, lastLines };
}

function describe(run: Run, clean: Run | undefined): string {
  const sizes = Object.entries(run.sizes).map(([f, b]) => `${f} ${b === undefined ? 'missing' : `${MiB(b)} (bound ${MiB(REPORT_BOUNDS.fileBytes[f as keyof typeof REPORT_BOUNDS.fileBytes])})`}`).join(', ');
  const lines = [
    `${run.name}: exit ${run.exitCode}, verdict ${run.verdict}, wall ${(run.wallMs / 1000).toFixed(1)} s`,
    `  peak RSS: ${MiB(run.peakTreeBytes)} for the whole process tree (sampled), largest process ${MiB(run.largestBytes)}${run.timeMaxRssBytes ? ` (GNU time: ${MiB(run.timeMaxRssBytes)})` : ''}`,
    `  reports: ${sizes}`,
    `  ${run.lastLines}`,
  ];
  if (clean && run !== clean) {
    const counts = new Map<string, number>();
    for (const s of run.statuses.values()) counts.set(s, (counts.get(s) ?? 0) + 1);
    lines.push(`  statuses: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}`);
    const differ = [...clean.statuses].filter(([id, s]) => run.statuses.get(id) !== s).map(([id, s]) => `${id} ${s}→${run.statuses.get(id) ?? 'absent'}`);
    lines.push(`  differ from the clean run (${differ.length}): ${differ.join(', ') || 'none'}`);
  }
  return lines.join('\n');
}

process.stdout.write(`bench:hostile — job reads padded with ${PADDING} bytes; ${values.workers} workers\n\n`);
const emulator = await startEmulator({ port: 0, quiet: true });
const proxy = await startPaddingProxy(emulator.url, PADDING);
const runs: Run[] = [];
try {
  runs.push(await conformance('clean', emulator.url, emulator.accessKey));
  process.stdout.write(`${describe(runs[0] as Run, undefined)}\n\n`);
  const padded: { name: string; extra: Record<string, string> }[] = [
    { name: `padded-${values['padding-mb']}MB-default-cap`, extra: {} },
    { name: `padded-${values['padding-mb']}MB-cap-32MiB`, extra: { JOBROUTER_MAX_RESPONSE_BYTES: String(32 * 1024 * 1024) } },
  ];
  for (const p of padded) {
    const before = proxy.padded();
    const run = await conformance(p.name, proxy.url, emulator.accessKey, p.extra);
    runs.push(run);
    process.stdout.write(`${describe(run, runs[0])}\n  job reads padded: ${proxy.padded() - before}\n\n`);
  }
} finally {
  await proxy.close();
  await emulator.close();
}

// The hostile-server table: the kit's default limits; a 5 s exchange timeout (the kit's default is 30 s) and three
// attempts (default 8) so the slow cases finish in seconds rather than minutes.
const settings = { limits: { maxResponseBytes: 8 * 1024 * 1024, evidenceBodyBytes: 64 * 1024 }, timeoutMs: 5000, maxAttempts: 3 };
const server = await startHostileServer({ hugeBytes: 64 * 1024 * 1024 });
const rows: string[] = [];
try {
  for (const c of HOSTILE_CASES) {
    const r = await runCase(c, server, settings);
    const ok = r.status === c.expected && c.says.test(r.outcome);
    rows.push(`| ${r.name} | ${r.outcome.replace(/\|/g, '\\|').replace(/http:\/\/127\.0\.0\.1:\d+/g, '<host>')} | ${r.status}${ok ? '' : ` (expected ${c.expected})`} | ${(r.ms / 1000).toFixed(2)} s |`);
  }
} finally {
  await server.close();
}
process.stdout.write(`hostile server (limits: 8 MiB read, 64 KiB kept; exchange timeout ${settings.timeoutMs} ms, ${settings.maxAttempts} attempts; huge bodies 64 MiB; other origin received ${server.stolen.length} request(s))\n`);
process.stdout.write(`| case | outcome | status | time |\n|---|---|---|---|\n${rows.join('\n')}\n`);
