/**
 * The kit's self-check: runs the real kit (`src/cli/conformance.ts`) against emulators with named faults and with
 * harmless variations, and proves each verdict. `npm run selfcheck [-- --full] [--faults a,b] [--concurrency N] [--write-readme]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildPlan, type Case } from './selfcheck/plan';
import { runCase, type CaseResult } from './selfcheck/run-case';
import { chaosTable, faultTable, harmlessTable, writeIntoReadme } from './selfcheck/table';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    faults: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    workers: { type: 'string', default: '3' },
    'write-readme': { type: 'boolean', default: false },
    'chaos-sweep': { type: 'boolean', default: false },
    'chaos-runs': { type: 'string', default: '0' },
    out: { type: 'string', default: '.tmp/selfcheck' },
  },
});

const plan = buildPlan({
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
const others = results.filter((r) => !faults.includes(r) && !harmless.includes(r));
const wallS = ((Date.now() - started) / 1000).toFixed(1);

const summaryLine = `faults detected: ${detected}/${faults.length}, false alarms: ${falseAlarms}/${harmless.length}`;
const sweep = values['chaos-sweep'] || Number(values['chaos-runs']) > 0;
const markdown = sweep
  ? [`${summaryLine} — under full chaos, ${results.length} runs in ${wallS} s (\`npm run selfcheck --${values['chaos-sweep'] ? ' --chaos-sweep' : ''}${Number(values['chaos-runs']) > 0 ? ` --chaos-runs ${values['chaos-runs']}` : ''}\`).`, '', chaosTable(results)].join('\n')
  : [
      `${summaryLine} — ${values.full ? 'full' : 'fast'} self-check, ${results.length} runs in ${wallS} s (\`npm run selfcheck -- --full\`).`,
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
