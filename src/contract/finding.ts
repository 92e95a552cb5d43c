/**
 * A finding: what the documents require, what the target did, and how to see it again. The one shape a failure takes
 * from the fixture that notices it to every report. It crosses from Playwright's workers to the reporter as the
 * error's message, so it is written as labelled lines that `parseFinding` reads back exactly.
 */
export interface Finding {
  /** What the documents require, as one sentence (e.g. "the job reads back with status cancelled within 5000 ms"). */
  readonly expected: string;
  /** What the target did: the decisive value, not the whole body. */
  readonly observed: string;
  /** The document and section (or sentence) the requirement comes from; the reporter fills it from the catalog. */
  readonly source?: string;
  /** For timing findings: the reads that mattered, relative to the instant (`closeAt − 3.1 s: held · …`). */
  readonly timeline?: string;
  /** For requirements that could not be checked: the step that could not be done. */
  readonly step?: string;
  /** The curl line of the exchange that shows it (secrets already redacted where it was recorded). */
  readonly reproduce?: string;
  /** Further lines worth reading (failing cases, other breaches), shown below the finding. */
  readonly detail?: string;
}

const LABELS = ['step', 'expected', 'observed', 'timeline', 'source', 'reproduce'] as const;
type Label = (typeof LABELS)[number];
const LINE = new RegExp(`^(${LABELS.join('|')}): (.*)$`);

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** The labelled lines of a finding, then its detail; what every report shows and parseFinding reads. */
export function formatFinding(finding: Finding): string {
  const lines: string[] = [];
  for (const label of LABELS) {
    const value = finding[label];
    if (value !== undefined && value !== '') lines.push(`${label}: ${oneLine(value)}`);
  }
  if (finding.detail) lines.push(finding.detail.trimEnd());
  return lines.join('\n');
}

/** A finding written by formatFinding (an `Error: ` prefix allowed), or undefined for any other text. */
export function parseFinding(text: string): Finding | undefined {
  const lines = text.replace(/^(?:[A-Za-z]*Error|[A-Z][a-z]+(?:[A-Z][a-z]+)+): /, '').split('\n');
  const found: Partial<Record<Label, string>> = {};
  let index = 0;
  for (; index < lines.length; index += 1) {
    const match = LINE.exec(lines[index] ?? '');
    if (!match) break;
    found[match[1] as Label] = match[2] ?? '';
  }
  if (found.expected === undefined || found.observed === undefined) return undefined;
  const detail = lines.slice(index).join('\n').trim();
  return {
    expected: found.expected,
    observed: found.observed,
    ...(found.source ? { source: found.source } : {}),
    ...(found.timeline ? { timeline: found.timeline } : {}),
    ...(found.step ? { step: found.step } : {}),
    ...(found.reproduce ? { reproduce: found.reproduce } : {}),
    ...(detail ? { detail } : {}),
  };
}

/** The target broke a requirement: thrown by checks and fixtures instead of a matcher's boolean. */
export class FindingError extends Error {
  override name = 'FindingError';
  constructor(readonly finding: Finding) {
    super(formatFinding(finding));
  }
}

/** Throws the finding; for checks that read `if (!ok) fail({...})`. */
export function fail(finding: Finding): never {
  throw new FindingError(finding);
}

/** The step of an error that names none: the check itself could not be made. */
export const GENERIC_STEP = 'the check';

/** "expected …; observed …" on one line, for a console or a JUnit message attribute. */
export function findingLine(finding: Finding, max = 300): string {
  const step = finding.step === GENERIC_STEP ? '' : ` (${finding.step})`;
  const head = finding.step ? `not checked${step}: ${finding.observed}` : `expected ${finding.expected} · observed ${finding.observed}`;
  return head.length > max ? `${head.slice(0, max - 1)}…` : head;
}
