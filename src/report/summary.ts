import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeTally } from '../contract/transport';
import { whyLine } from './findings';
import { exitCodeFor, type ConformanceReport, type DiffEntry, type RequirementResult } from './model';
import { redactText } from './redact';
import { LEVELS, STATUSES } from './status';

/**
 * reports/summary.md: what a CI page (GitHub's job summary, a PR comment) shows of a run — the verdict, counts by level,
 * each failed or errored requirement in one line with its why, what changed against the baseline, the transport and
 * events lines, and what the run covered. Markdown, small, and never longer than GitHub's 65,536-character limit.
 */
export const SUMMARY_FILE = 'summary.md';
/** GitHub refuses a step summary over 1 MiB and a comment over 65,536 characters; the smaller one bounds the file. */
export const SUMMARY_MAX_CHARS = 65_536;

const VERDICT = { conformant: '✅ Conformant', 'not-conformant': '❌ Not conformant', error: '⚠️ Error: the kit could not decide' } as const;
const NEEDS_READING = new Set(['failed', 'error', 'xpassed']);

/** Markdown table cells and list items: no pipes or line breaks from server text, no HTML. */
const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/`/g, "'");

/**
 * What the run covered, as lines. Today: requirements run against the catalog, by level and by area, and the generated
 * cases; a per-operation coverage table belongs here when the model carries one.
 */
export function coverageLines(model: ConformanceReport): string[] {
  const run = model.requirements.filter((r) => r.status !== 'skipped');
  const skipped = model.requirements.filter((r) => r.status === 'skipped');
  const lines = [`${model.requirements.length} requirements in this ${model.scope === 'full' ? 'full run' : 'partial run (shard or filter)'}: ${run.length} checked, ${skipped.length} not applicable.`];
  const byLevel = LEVELS.map((level) => {
    const all = model.requirements.filter((r) => r.level === level);
    return all.length ? `${level} ${all.filter((r) => r.status !== 'skipped').length}/${all.length}` : '';
  }).filter(Boolean);
  if (byLevel.length) lines.push(`Checked by level: ${byLevel.join(', ')}.`);
  const areas = new Map<string, number>();
  for (const r of run) areas.set(r.area, (areas.get(r.area) ?? 0) + 1);
  if (areas.size) lines.push(`Checked by area: ${[...areas].map(([area, n]) => `${area} ${n}`).join(', ')}.`);
  const withCases = model.requirements.filter((r) => r.cases);
  if (withCases.length) {
    const cases = withCases.reduce((n, r) => n + (r.cases?.ran ?? 0), 0);
    lines.push(`Generated cases: ${cases} across ${withCases.length} requirements (${withCases.map((r) => `${r.id} ${r.cases?.ran ?? 0}`).join(', ')}).`);
  }
  const reasons = new Map<string, number>();
  for (const r of skipped) {
    const why = (r.message ?? 'not applicable').replace(/^Not applicable:\s*/, '');
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  for (const [why, n] of reasons) lines.push(`Not applicable (${n}): ${why}`);
  return lines;
}

function countsTable(model: ConformanceReport): string[] {
  const head = `| level | ${STATUSES.join(' | ')} | total |`;
  const rule = `|---|${STATUSES.map(() => '---:').join('|')}|---:|`;
  const rows = LEVELS.map((level) => {
    const counts = model.summary.byLevel[level];
    const total = STATUSES.reduce((n, s) => n + counts[s], 0);
    return `| ${level} | ${STATUSES.map((s) => (counts[s] ? `**${counts[s]}**` : '0')).join(' | ')} | ${total} |`;
  });
  return [head, rule, ...rows, `| all | ${STATUSES.map((s) => model.summary.byStatus[s]).join(' | ')} | ${model.summary.total} |`];
}

function findingLine(r: RequirementResult): string {
  return `- **${r.id}** (${r.level}, ${r.status}) ${cell(r.title)} — ${cell(whyLine(r, 400))}`;
}

function diffLines(model: ConformanceReport): string[] {
  const d = model.diff;
  if (!d) return [];
  const list = (title: string, entries: readonly DiffEntry[]) => (entries.length ? [`- ${title} (${entries.length}): ${entries.map((e) => `${e.id} ${e.from ?? '—'} → ${e.to ?? '—'}`).join(', ')}`] : []);
  const lines = [...list('Regressions', d.regressions), ...list('Fixed', d.fixes), ...list('New', d.added), ...list('Removed', d.removed), ...list('Changed', d.changed)];
  const when = d.baseline?.startedAt ? ` of ${d.baseline.startedAt}` : '';
  return ['', `### Against the baseline${when}${d.baseline?.verdict ? ` (${d.baseline.verdict})` : ''}`, ...(lines.length ? lines : ['No differences.'])];
}

/** The summary's Markdown, cut to `max` characters with a note (never longer, never an error). */
export function renderSummary(model: ConformanceReport, max: number = SUMMARY_MAX_CHARS): string {
  const needs = model.requirements.filter((r) => NEEDS_READING.has(r.status));
  const order = (r: RequirementResult): number => (r.status === 'failed' ? 0 : r.status === 'xpassed' ? 1 : 2) * 10 + LEVELS.indexOf(r.level);
  const head = [
    `## Job Router conformance: ${VERDICT[model.verdict]} (exit ${exitCodeFor(model.verdict)})`,
    '',
    cell(model.verdictReason),
    '',
    `Target ${cell(model.target)} · api-version ${model.apiVersion} · profile ${model.profile} · kit ${model.kitVersion} · started ${model.startedAt} · ${(model.durationMs / 1000).toFixed(1)} s`,
    '',
    ...countsTable(model),
  ];
  const findings = needs.length ? ['', `### Failed and not checked (${needs.length})`, ...[...needs].sort((a, b) => order(a) - order(b)).map(findingLine)] : [];
  const problems = model.problems.length ? ['', `### Problems (${model.problems.length})`, ...model.problems.map((p) => `- ${cell(p)}`)] : [];
  const road = [
    '',
    ...(model.transport ? [`Transport: ${describeTally(model.transport)}`, ''] : []),
    ...(model.events ? [`Events: ${cell(model.events.line)}`, ''] : []),
  ];
  const coverage = ['### What the run covered', ...coverageLines(model).map((l) => `- ${cell(l)}`), '', 'Details: conformance.html (evidence and curl lines), conformance.json, junit.xml.'];
  return fit([...head, ...findings, ...diffLines(model), ...problems, ...road, ...coverage], max);
}

/** Lines kept in order while they fit, then one note saying how many were left out. */
function fit(lines: readonly string[], max: number): string {
  const whole = `${lines.join('\n')}\n`;
  if (whole.length <= max) return whole;
  const kept: string[] = [];
  let size = 0;
  const reserve = 200;
  for (const line of lines) {
    if (size + line.length + 1 > max - reserve) break;
    kept.push(line);
    size += line.length + 1;
  }
  const note = `\n… ${lines.length - kept.length} more line(s) not shown: the summary keeps within ${max} characters; conformance.html and conformance.json have everything.\n`;
  return `${kept.join('\n')}${note}`.slice(0, max);
}

/**
 * Writes reports/summary.md and, when the CI names a step summary file (GITHUB_STEP_SUMMARY, via the config), appends
 * the same text there. Returns what went wrong as sentences; never throws.
 */
export function writeSummary(model: ConformanceReport, dir: string, secrets: readonly string[], stepSummaryFile?: string): string[] {
  const troubles: string[] = [];
  let text: string;
  try {
    text = redactText(renderSummary(model), secrets);
  } catch (error) {
    text = `## Job Router conformance: ${model.verdict}\n\n(summary not rendered: ${error instanceof Error ? error.message : String(error)})\n`;
  }
  try {
    writeFileSync(join(dir, SUMMARY_FILE), text);
  } catch (error) {
    troubles.push(`${SUMMARY_FILE}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (stepSummaryFile) {
    try {
      appendFileSync(stepSummaryFile, `${text}\n`);
    } catch (error) {
      troubles.push(`step summary ${stepSummaryFile}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return troubles;
}
