import type { MutantReport, MutantResult } from './mutants';

/** The mutation score by operator, then every mutant that was run and not killed, with its id. */
export function mutantTable(report: MutantReport): string {
  const operators = [...new Set(report.results.map((r) => r.operator))];
  const count = (rs: readonly MutantResult[], outcome: MutantResult['outcome']): number => rs.filter((r) => r.outcome === outcome).length;
  const rows = operators.map((op) => {
    const rs = report.results.filter((r) => r.operator === op);
    const run = rs.filter((r) => r.outcome !== 'not-reached' && r.outcome !== 'not-run');
    const killed = count(rs, 'killed');
    return `| ${op} | ${rs.length} | ${run.length} | ${killed} | ${count(rs, 'reported')} | ${count(rs, 'survived')} | ${count(rs, 'kit-error')} | ${count(rs, 'not-triggered')} | ${count(rs, 'not-reached')} | ${count(rs, 'not-run')} | ${run.length > 0 ? `${((100 * killed) / run.length).toFixed(0)} %` : '—'} |`;
  });
  const run = report.results.filter((r) => r.outcome !== 'not-reached' && r.outcome !== 'not-run');
  const killed = count(report.results, 'killed');
  const total = `| **all** | **${report.results.length}** | **${run.length}** | **${killed}** | **${count(report.results, 'reported')}** | **${count(report.results, 'survived')}** | **${count(report.results, 'kit-error')}** | **${count(report.results, 'not-triggered')}** | **${count(report.results, 'not-reached')}** | **${count(report.results, 'not-run')}** | **${run.length > 0 ? ((100 * killed) / run.length).toFixed(1) : '—'} %** |`;
  const survivors = run.filter((r) => r.outcome !== 'killed').map((r) => `| \`${r.id}\` | ${r.outcome} | ${r.why.replace(/\|/g, '\\|')} |`);
  return [
    `Mutation score: **${killed}/${run.length}** run mutants killed (${run.length > 0 ? ((100 * killed) / run.length).toFixed(1) : '—'} %) — ${report.space} in the generated space, ${run.length} reached by a correct run's requests and run, ${report.wallSeconds.toFixed(0)} s wall.`,
    '',
    '| operator | in space | run | killed | reported (SHOULD only) | survived | kit error | not triggered | not reached | not run (budget) | score (killed / run) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    total,
    '',
    survivors.length > 0 ? ['| survivor | outcome | the kit said |', '|---|---|---|', ...survivors].join('\n') : 'No survivors.',
  ].join('\n');
}
