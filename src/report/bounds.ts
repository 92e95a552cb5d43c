import { EVIDENCE_BOUNDS, EvidenceBudget, serialisedBytes } from '../contract/evidence-bounds';
import type { ExchangeRecord } from '../contract/evidence';
import { displayOrder } from './html-requirement';
import type { ConformanceReport, ReceivedEvidence, RequirementResult } from './model';

/**
 * The stated bounds of what the reporter writes, whatever the target sent. The model is fitted first (evidence per
 * requirement and per report, messages, problems); each writer then assembles its file piece by piece under its file
 * bound (src/report/bounded.ts), dropping evidence from the cards that no longer fit, with a visible note.
 */
export const REPORT_BOUNDS = {
  ...EVIDENCE_BOUNDS,
  /** Characters of a requirement's failure message. */
  messageChars: 16 * 1024,
  /** Problems listed, and characters of each. */
  problems: 100,
  problemChars: 2 * 1024,
  /** The largest file each writer produces, in bytes. */
  fileBytes: { 'conformance.json': 32 * 1024 * 1024, 'conformance.html': 48 * 1024 * 1024, 'junit.xml': 8 * 1024 * 1024 },
} as const;

const MiB = (n: number): string => `${n / (1024 * 1024)} MiB`;

export function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars)}\n… (${text.length - chars} more characters not kept: the report keeps ${chars} per message)`;
}

function sizeOf(value: unknown): number {
  try {
    return serialisedBytes(value);
  } catch {
    // Nested too deep to serialise: it cannot be kept.
    return Infinity;
  }
}

interface Totals {
  full: number;
  stub: number;
  cutRequirements: number;
}

function fitRequirement(r: RequirementResult, totals: Totals): RequirementResult {
  const budget = new EvidenceBudget({
    fullBytes: Math.min(REPORT_BOUNDS.fullBytesPerRequirement, REPORT_BOUNDS.fullBytesPerReport - totals.full),
    stubBytes: Math.min(REPORT_BOUNDS.stubBytesPerRequirement, REPORT_BOUNDS.stubBytesPerReport - totals.stub),
  });
  const evidence = (r.evidence ?? []).flatMap((e: ExchangeRecord) => budget.take(e) ?? []);
  const eventsLeft = Math.min(REPORT_BOUNDS.fullBytesPerRequirement, REPORT_BOUNDS.fullBytesPerReport - totals.full - budget.fullUsed);
  const events: ReceivedEvidence[] = [];
  let eventsUsed = 0;
  for (const event of r.events ?? []) {
    const size = sizeOf(event);
    if (eventsUsed + size > eventsLeft) continue;
    events.push(event);
    eventsUsed += size;
  }
  totals.full += budget.fullUsed + eventsUsed;
  totals.stub += budget.stubUsed;
  const droppedEvents = (r.events?.length ?? 0) - events.length;
  const why = `${MiB(REPORT_BOUNDS.fullBytesPerRequirement)} per requirement, ${MiB(REPORT_BOUNDS.fullBytesPerReport)} per report`;
  const notes = [r.evidenceNote, budget.describe(why), droppedEvents ? `${droppedEvents} event(s) not kept (${why}).` : undefined].filter((n): n is string => Boolean(n));
  if (budget.stubbed || budget.omitted || droppedEvents) totals.cutRequirements += 1;
  const { evidence: _e, events: _v, evidenceNote: _n, message, ...rest } = r;
  return {
    ...rest,
    ...(message === undefined ? {} : { message: cut(message, REPORT_BOUNDS.messageChars) }),
    ...(evidence.length ? { evidence } : {}),
    ...(notes.length ? { evidenceNote: cut(notes.join(' '), 2000) } : {}),
    ...(events.length ? { events } : {}),
  };
}

/**
 * The report within its bounds. Budget goes to requirements in display order (failures and errors first), so the
 * evidence of what went wrong is the last to be cut; the requirements keep their order.
 */
export function fitReport(report: ConformanceReport): ConformanceReport {
  const totals: Totals = { full: 0, stub: 0, cutRequirements: 0 };
  const fitted = new Map<RequirementResult, RequirementResult>();
  for (const r of displayOrder(report.requirements)) fitted.set(r, fitRequirement(r, totals));
  const extra = report.problems.length - REPORT_BOUNDS.problems;
  const problems = report.problems.slice(0, REPORT_BOUNDS.problems).map((p) => cut(p, REPORT_BOUNDS.problemChars));
  if (extra > 0) problems.push(`… and ${extra} more problem(s), not listed (the report lists ${REPORT_BOUNDS.problems}).`);
  const bounded = totals.cutRequirements
    ? `${totals.cutRequirements} requirement(s) keep only part of their evidence (at most ${MiB(REPORT_BOUNDS.fullBytesPerRequirement)} each and ${MiB(REPORT_BOUNDS.fullBytesPerReport)} per report, bodies cut to their head).`
    : undefined;
  return {
    ...report,
    verdictReason: cut(report.verdictReason, REPORT_BOUNDS.messageChars),
    requirements: report.requirements.map((r) => fitted.get(r) ?? r),
    problems,
    ...(bounded ? { bounded } : {}),
  };
}
