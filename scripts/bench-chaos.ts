/**
 * `npm run bench:chaos [-- --runs 10]`: the whole suite against a clean emulator and against one with every chaos
 * switch on (a new seed each run), alternating, one run at a time. Prints each run's wall time, verdict and transport,
 * whether every chaos run reached exactly the clean run's per-requirement statuses, and the wall-time overhead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FULL_CHAOS } from 'jobrouter-emulator/chaos';
import { runCase, type CaseResult } from './selfcheck/run-case';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, out: { type: 'string', default: '.tmp/bench-chaos' }, workers: { type: 'string', default: '3' } } });
const runs = Math.max(1, Number(values.runs));

function statuses(result: CaseResult, out: string): string {
  try {
    const report = JSON.parse(readFileSync(join(out, result.name, 'reports', 'conformance.json'), 'utf8')) as { requirements: { id: string; status: string }[] };
    return report.requirements.map((r) => `${r.id}=${r.status}`).sort().join(' ');
  } catch {
    return 'no report';
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] ?? 0) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};

const clean: CaseResult[] = [];
const chaos: CaseResult[] = [];
let reference: string | undefined;
let identical = 0;
process.stdout.write(`bench:chaos — ${runs} clean and ${runs} full-chaos runs (${FULL_CHAOS}), alternating\n`);
for (let i = 1; i <= runs; i += 1) {
  const options = { workDir: values.out, workersPerRun: Number(values.workers) };
  const c = await runCase({ name: `clean-${i}`, group: 'clean', faults: [], errors: 'documented', profile: 'default', expect: { kind: 'all-pass' } }, options);
  const x = await runCase({ name: `chaos-${i}`, group: 'chaos', faults: [], errors: 'documented', profile: 'default', chaos: { spec: FULL_CHAOS, seed: i }, expect: { kind: 'all-pass' } }, options);
  clean.push(c);
  chaos.push(x);
  reference ??= statuses(c, values.out);
  const same = statuses(x, values.out) === reference && statuses(c, values.out) === reference;
  if (same && x.exitCode === 0) identical += 1;
  process.stdout.write(`run ${String(i).padStart(2)}  clean ${(c.durationMs / 1000).toFixed(1).padStart(5)} s exit ${c.exitCode} · chaos ${(x.durationMs / 1000).toFixed(1).padStart(5)} s exit ${x.exitCode} ${same ? 'same statuses' : 'STATUSES DIFFER'} · ${x.transport ?? 'no transport line'}\n`);
}
const cleanMedian = median(clean.map((r) => r.durationMs)) / 1000;
const chaosMedian = median(chaos.map((r) => r.durationMs)) / 1000;
process.stdout.write(`\nclean: median ${cleanMedian.toFixed(1)} s; chaos: median ${chaosMedian.toFixed(1)} s; overhead ${(chaosMedian - cleanMedian).toFixed(1)} s per run (×${(chaosMedian / cleanMedian).toFixed(2)})\n`);
process.stdout.write(`chaos runs with exit 0 and the clean run's statuses: ${identical}/${runs}\n`);
process.stdout.write(`clean runs with retries: ${clean.filter((r) => r.transport !== undefined && !r.transport.includes('no retries')).length}/${runs}\n`);
process.exit(identical === runs ? 0 : 1);
