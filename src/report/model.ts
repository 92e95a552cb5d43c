import type { ExchangeRecord } from '../contract/evidence';
import type { Finding } from '../contract/finding';
import type { TransportTally } from '../contract/transport';
import type { Area, Level, OperationId } from '../contract/requirements';
import type { Status } from './status';
import type { Coverage } from './coverage';

/** The conformance report model: one value, serialised to conformance.json and rendered to HTML and JUnit. */

export type Verdict = 'conformant' | 'not-conformant' | 'error';

export interface Waiver {
  readonly id: string;
  readonly reason: string;
  readonly link: string;
  /** YYYY-MM-DD; the waiver holds through that day (UTC). */
  readonly expires: string;
  /** The file it came from, so a gate problem can say where to fix it. */
  readonly file?: string;
}

export type DiffMark = 'regression' | 'fixed' | 'new' | 'changed';

export interface RequirementResult {
  readonly id: string;
  readonly level: Level;
  readonly area: Area | string;
  readonly operation: OperationId | string;
  readonly title: string;
  readonly source: string;
  readonly status: Status;
  readonly durationMs: number;
  readonly message?: string;
  /** For a failed, errored or waived requirement: expected / observed / source / reproduce (src/report/findings.ts). */
  readonly finding?: Finding;
  readonly evidence?: readonly ExchangeRecord[];
  /** What the evidence bounds left out of this requirement's evidence (src/contract/evidence-bounds.ts). */
  readonly evidenceNote?: string;
  /** How many generated cases its test ran, and the seed that regenerates them. */
  readonly cases?: CaseCount;
  /** Requests, retries by cause and waits this requirement needed (how rough the road was). */
  readonly transport?: TransportTally;
  /** The router events its test received (at most MAX_EVENTS_PER_REQUIREMENT), as delivered. */
  readonly events?: readonly ReceivedEvidence[];
  readonly waiver?: Waiver & { readonly expired?: boolean };
  /** How this requirement moved against the baseline run, when one was given. */
  readonly diff?: { readonly mark: DiffMark; readonly from?: Status };
}

export interface ReceivedEvidence {
  readonly receivedAt: string;
  readonly event: unknown;
}

/** Where the run's events came from, or that they were not checked. */
export interface EventsSummary {
  readonly source: string;
  readonly checked: boolean;
  readonly line: string;
}

export interface CaseCount {
  readonly ran: number;
  readonly seed: number;
  readonly failing: number;
}

export type StatusCounts = Record<Status, number>;

export interface Summary {
  readonly total: number;
  readonly byStatus: StatusCounts;
  readonly byLevel: Record<Level, StatusCounts>;
}

export interface DiffEntry {
  readonly id: string;
  readonly level?: Level;
  readonly title?: string;
  readonly from?: Status;
  readonly to?: Status;
}

export interface ReportDiff {
  readonly baseline?: { readonly startedAt?: string; readonly verdict?: Verdict; readonly kitVersion?: string };
  readonly regressions: readonly DiffEntry[];
  readonly fixes: readonly DiffEntry[];
  readonly added: readonly DiffEntry[];
  readonly removed: readonly DiffEntry[];
  readonly changed: readonly DiffEntry[];
}

export interface ConformanceReport {
  readonly verdict: Verdict;
  readonly verdictReason: string;
  readonly target: string;
  readonly apiVersion: string;
  readonly profile: string;
  readonly kitVersion: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** 'full' when every catalog requirement was expected to run; 'partial' for a shard or a filtered run. */
  readonly scope: 'full' | 'partial';
  readonly summary: Summary;
  /** The whole run's transport: requests, retries by cause, time spent waiting. */
  readonly transport?: TransportTally;
  readonly events?: EventsSummary;
  readonly requirements: readonly RequirementResult[];
  readonly problems: readonly string[];
  readonly diff?: ReportDiff;
  /** What the run explored of each operation's input model (src/report/coverage.ts); absent when nothing was. */
  readonly coverage?: Coverage;
  /** What the report's bounds cut, run-wide (src/report/bounds.ts); absent when nothing was. */
  readonly bounded?: string;
}

/** Exit codes of `npm run conformance` (DESIGN.md): 0 conformant, 1 not conformant, 2 the kit could not do its job. */
export function exitCodeFor(verdict: Verdict): 0 | 1 | 2 {
  if (verdict === 'conformant') return 0;
  if (verdict === 'not-conformant') return 1;
  return 2;
}

export { buildReport } from './build';
export type { BuildInputs, TestOutcome } from './build';
