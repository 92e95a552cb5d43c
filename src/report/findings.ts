import { type Finding, findingLine } from '../contract/finding';
import type { ConformanceReport, RequirementResult } from './model';
import { normaliseFailure } from './normalise';
import type { Status } from './status';

/** The statuses whose message is a finding about the target (or, for `error`, about a step that could not be done). */
const WITH_FINDING: ReadonlySet<Status> = new Set(['failed', 'error', 'waived']);

/** The requirement's finding: read from its message, with the catalog's source when the message names none. */
export function findingOf(r: Pick<RequirementResult, 'status' | 'message' | 'title' | 'source'>): Finding | undefined {
  if (!WITH_FINDING.has(r.status) || !r.message) return undefined;
  const found = normaliseFailure(r.message, r.status === 'error' ? 'error' : 'failed', r.title);
  return { ...found, source: found.source ?? r.source };
}

/** Every failed, errored and waived requirement with its finding attached (the model's `finding`). Pure. */
export function withFindings(report: ConformanceReport): ConformanceReport {
  return {
    ...report,
    requirements: report.requirements.map((r) => {
      const finding = findingOf(r);
      return finding ? { ...r, finding } : r;
    }),
  };
}

/** One line per finding, for the console, JUnit's message attribute and summary.md. */
export function whyLine(r: Pick<RequirementResult, 'status' | 'message' | 'title' | 'source' | 'finding'>, max = 300): string {
  const finding = r.finding ?? findingOf(r);
  if (finding) return findingLine(finding, max);
  const first = (r.message ?? '').split('\n', 1)[0] ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}
