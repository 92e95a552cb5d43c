import type { ConformanceReport, DiffEntry, DiffMark, ReportDiff, RequirementResult } from './model';
import type { Status } from './status';

/** The part of a report a diff needs, so a baseline from an older kit version still compares. */
export type Comparable = Pick<ConformanceReport, 'requirements'> & Partial<Pick<ConformanceReport, 'startedAt' | 'verdict' | 'kitVersion'>>;

/** A regression is a requirement that held before (passed, waived or not applicable) and fails now. */
const HELD: ReadonlySet<Status> = new Set(['passed', 'skipped', 'waived', 'xpassed']);

function entry(r: Pick<RequirementResult, 'id' | 'level' | 'title'>, from?: Status, to?: Status): DiffEntry {
  return { id: r.id, level: r.level, title: r.title, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Compares two conformance.json models requirement by requirement. Pure; order follows the newer run. */
export function diffReports(previous: Comparable, current: Comparable): ReportDiff {
  const before = new Map(previous.requirements.map((r) => [r.id, r]));
  const after = new Set(current.requirements.map((r) => r.id));
  const regressions: DiffEntry[] = [];
  const fixes: DiffEntry[] = [];
  const added: DiffEntry[] = [];
  const changed: DiffEntry[] = [];
  for (const r of current.requirements) {
    const old = before.get(r.id);
    if (!old) added.push(entry(r, undefined, r.status));
    else if (old.status === r.status) continue;
    else if (r.status === 'failed' && HELD.has(old.status)) regressions.push(entry(r, old.status, r.status));
    else if (old.status === 'failed' && (r.status === 'passed' || r.status === 'xpassed')) fixes.push(entry(r, old.status, r.status));
    else changed.push(entry(r, old.status, r.status));
  }
  const removed = previous.requirements.filter((r) => !after.has(r.id)).map((r) => entry(r, r.status));
  const baseline = {
    ...(previous.startedAt ? { startedAt: previous.startedAt } : {}),
    ...(previous.verdict ? { verdict: previous.verdict } : {}),
    ...(previous.kitVersion ? { kitVersion: previous.kitVersion } : {}),
  };
  return { baseline, regressions, fixes, added, removed, changed };
}

export function markOf(diff: ReportDiff, id: string): { mark: DiffMark; from?: Status } | undefined {
  const find = (list: readonly DiffEntry[]) => list.find((e) => e.id === id);
  const pairs: [DiffMark, readonly DiffEntry[]][] = [['regression', diff.regressions], ['fixed', diff.fixes], ['new', diff.added], ['changed', diff.changed]];
  for (const [mark, list] of pairs) {
    const found = find(list);
    if (found) return { mark, ...(found.from ? { from: found.from } : {}) };
  }
  return undefined;
}

/** Lines for CI logs; empty sections are left out. */
export function formatDiff(diff: ReportDiff): string[] {
  const lines: string[] = [];
  const section = (title: string, list: readonly DiffEntry[]) => {
    if (!list.length) return;
    lines.push(`${title} (${list.length}):`);
    for (const e of list) lines.push(`  ${e.id} [${e.level ?? '?'}] ${e.from ?? '—'} → ${e.to ?? '—'}  ${e.title ?? ''}`.trimEnd());
  };
  section('Regressions', diff.regressions);
  section('Fixed', diff.fixes);
  section('New', diff.added);
  section('Removed', diff.removed);
  section('Changed', diff.changed);
  if (!lines.length) lines.push('No differences.');
  return lines;
}
