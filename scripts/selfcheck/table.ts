import { readFileSync, writeFileSync } from 'node:fs';
import { FAULTS } from 'jobrouter-emulator/faults';
import type { CaseResult } from './run-case';

const MARKERS = {
  selfcheck: ['<!-- selfcheck:start -->', '<!-- selfcheck:end -->'],
  chaos: ['<!-- chaos:start -->', '<!-- chaos:end -->'],
  mutants: ['<!-- mutants:start -->', '<!-- mutants:end -->'],
} as const;

/** Faults under full chaos, one row each: what the sweep (`--chaos-sweep`) proves. */
export function chaosTable(results: readonly CaseResult[]): string {
  const rows = results
    .filter((r) => r.name.endsWith('@chaos') || r.name.startsWith('chaos-'))
    .map((r) => `| ${r.name} | ${r.ok ? '✔' : '✘'} ${r.why} | ${(r.durationMs / 1000).toFixed(1)} s | ${r.transport ?? '—'} |`);
  return ['| run (full chaos) | result | wall | transport |', '|---|---|---|---|', ...rows].join('\n');
}

export function faultTable(results: readonly CaseResult[]): string {
  const byName = new Map(results.map((r) => [r.name, r]));
  const rows = FAULTS.filter((f) => f.kind === 'fault').map((f) => {
    const result = byName.get(`fault-${f.name}`);
    const caught = result ? result.failing.filter((id) => f.detectedBy.includes(id)) : [];
    const also = result ? result.failing.filter((id) => !f.detectedBy.includes(id)) : [];
    const verdict = result ? (result.ok ? '✔ caught' : `✘ ${result.why}`) : 'not run';
    const chaos = byName.get(`fault-${f.name}@chaos`);
    const underChaos = chaos ? (chaos.ok ? `✔ caught (${chaos.transport ?? 'no transport line'})` : `✘ ${chaos.why}`) : 'not run';
    return `| \`${f.name}\` | ${f.description} | ${f.detectedBy.join(', ')} | ${caught.join(', ') || '—'}${also.length ? ` (also ${also.join(', ')})` : ''} | ${verdict} | ${underChaos} |`;
  });
  return ['| fault | defect | expected to fail | caught by | result | under full chaos |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export function harmlessTable(results: readonly CaseResult[]): string {
  const rows = results
    .filter((r) => !r.name.startsWith('fault-'))
    .map((r) => `| ${r.name} | ${r.verdict} | ${r.ran} | ${(r.durationMs / 1000).toFixed(1)} s | ${r.transport ?? '—'} | ${r.ok ? '✔' : '✘'} ${r.why} |`);
  return ['| run | verdict | requirements run | wall | transport | result |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export function writeIntoReadme(file: string, markdown: string, section: keyof typeof MARKERS = 'selfcheck'): boolean {
  const [START, END] = MARKERS[section];
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return false;
  writeFileSync(file, `${text.slice(0, start + START.length)}\n${markdown}\n${text.slice(end)}`);
  return true;
}
