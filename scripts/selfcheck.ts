/**
 * The kit's self-check: runs the real kit (`src/cli/conformance.ts`) against emulators with named faults and with
 * harmless variations, and proves each verdict. `npm run selfcheck [-- --full | --ci] [--faults a,b] [--concurrency N] [--write-readme]`.
 * `--mutants [--sample N] [--seed S] [--operators a,b]`: the generated fault space instead (scripts/selfcheck/mutants.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildPlan, ciPlan, type Case } from './selfcheck/plan';
import { runCase, type CaseResult } from './selfcheck/run-case';
import { chaosTable, faultTable, harmlessTable, writeIntoReadme } from './selfcheck/table';
import { runMutants, writeMutantReport } from './selfcheck/mutants';
import { mutantTable } from './selfcheck/mutants-table';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    ci: { type: 'boolean', default: false },
    faults: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    workers: { type: 'string', default: '3' },
    'write-readme': { type: 'boolean', default: false },
    'chaos-sweep': { type: 'boolean', default: false },
    'chaos-runs': { type: 'string', default: '0' },
    out: { type: 'string', default: '.tmp/selfcheck' },
    mutants: { type: 'boolean', default: false },
    sample: { type: 'string' },
    seed: { type: 'string', default: '17' },
    operators: { type: 'string' },
    'probe-only': { type: 'boolean', default: false },
    resume: { type: 'boolean', default: false },
    'deadline-s': { type: 'string' },
  },
});

if (values.mutants) {
  const report = await runMutants({
    workDir: values.out,
    workersPerRun: Number(values.workers),
    concurrency: Math.max(1, Number(values.concurrency)),
    seed: Number(values.seed),
    probeOnly: values['probe-only'],
    resume: values.resume,
    ...(values['deadline-s'] === undefined ? {} : { deadlineS: Number(values['deadline-s']) }),
    ...(values.sample === undefined ? {} : { sample: Math.max(1, Number(values.sample)) }),
    ...(values.operators === undefined ? {} : { operators: values.operators.split(',').map((s) => s.trim()) }),
    log: (line) => process.stdout.write(line),
  });
  const markdown = mutantTable(report);
  writeMutantReport(values.out, report, markdown);
  if (values['write-readme'] && !writeIntoReadme('README.md', markdown, 'mutants')) process.stdout.write('README.md has no mutants markers; table not written there.\n');
  process.stdout.write(`\n${markdown}\n\nresults: ${values.out}/mutants.json, ${values.out}/mutants.md\n`);
  // The command measures; it fails only when the mechanism itself broke (the probe, or a run that ended in a kit error).
  process.exit(report.results.some((r) => r.outcome === 'kit-error') ? 2 : 0);
}

const plan = values.ci ? ciPlan() : buildPlan({
  full: values.full,
  faults: values.faults?.split(',').map((s) => s.trim()),
  chaosSweep: values['chaos-sweep'],
  chaosRuns: Number(values['chaos-runs']) || 0,
});
const concurrency = Math.max(1, Number(values.concurrency));
const started = Date.now();
const results: CaseResult[] = [];

async function worker(queue: Case[]): Promise<void> {
  for (let next = queue.shift(); next; next = queue.shift()) {
    const result = await runCase(next, { workDir: values.out, workersPerRun: Number(values.workers) });
    results.push(result);
    process.stdout.write(`${result.ok ? '✔' : '✘'} ${result.name.padEnd(48)} ${(result.durationMs / 1000).toFixed(1).padStart(5)} s  ${result.why}\n`);
  }
}

// Long runs first so the pool drains evenly.
const queue = [...plan].sort((a, b) => Number(Boolean(a.only)) - Number(Boolean(b.only)));
process.stdout.write(`self-check: ${plan.length} runs, ${concurrency} at a time\n`);
await Promise.all(Array.from({ length: concurrency }, () => worker(queue)));

const faults = results.filter((r) => r.name.startsWith('fault-'));
const harmless = results.filter((r) => r.name.startsWith('clean-') || r.name.startsWith('variation') || r.name.startsWith('chaos-') || r.name === 'observed-errors-service-profile');
const detected = faults.filter((r) => r.ok).length;
const falseAlarms = harmless.filter((r) => !r.ok).length;
const generated = results.filter((r) => r.name.startsWith('mutant-'));
const others = results.filter((r) => !faults.includes(r) && !harmless.includes(r) && !generated.includes(r));
const wallS = ((Date.now() - started) / 1000).toFixed(1);

const generatedLine = generated.length > 0 ? `, generated faults killed: ${generated.filter((r) => r.ok).length}/${generated.length}` : '';
const summaryLine = `faults detected: ${detected}/${faults.length}${generatedLine}, false alarms: ${falseAlarms}/${harmless.length}`;
const sweep = values['chaos-sweep'] || Number(values['chaos-runs']) > 0;
const markdown = sweep
  ? [`${summaryLine} — under full chaos, ${results.length} runs in ${wallS} s (\`npm run selfcheck --${values['chaos-sweep'] ? ' --chaos-sweep' : ''}${Number(values['chaos-runs']) > 0 ? ` --chaos-runs ${values['chaos-runs']}` : ''}\`).`, '', chaosTable(results)].join('\n')
  : [
      `${summaryLine} — ${values.full ? 'full' : values.ci ? 'CI' : 'fast'} self-check, ${results.length} runs in ${wallS} s (\`npm run selfcheck -- --${values.ci ? 'ci' : 'full'}\`).`,
      '',
      faultTable(results),
      '',
      harmlessTable(results),
    ].join('\n');

mkdirSync(values.out, { recursive: true });
writeFileSync(`${values.out}/selfcheck.md`, `${markdown}\n`);
writeFileSync(`${values.out}/selfcheck.json`, JSON.stringify({ summaryLine, wallSeconds: Number(wallS), results }, null, 2));
if (values['write-readme'] && !writeIntoReadme('README.md', markdown, sweep ? 'chaos' : 'selfcheck')) process.stdout.write('README.md has no selfcheck markers; table not written there.\n');
const failedRuns = results.filter((r) => !r.ok).length;
writeFileSync(`${values.out}/summary.json`, JSON.stringify({ passed: results.length - failedRuns, failed: failedRuns, skipped: 0 }));

process.stdout.write(`\n${summaryLine}\nother checks: ${others.filter((r) => r.ok).length}/${others.length} ok\nwall time: ${wallS} s\n`);
process.stdout.write(`${results.length - failedRuns} passed, ${failedRuns} failed\n`);
process.exit(failedRuns === 0 ? 0 : 1);
