import { emptyStatusTally, mergeStatusTallies, STATUS_CONTRACT_ID, type StatusContractTally } from '../contract/status-contract';
import { formatFinding } from '../contract/finding';
import type { ExchangeRecord } from '../contract/evidence';
import { emptyErrorTally, ERROR_ASPECTS, ERROR_CONTRACT_IDS, mergeErrorTallies, type ErrorContractId, type ErrorContractTally } from '../contract/error-contract';
import { addTallies, emptyTally, type TransportTally } from '../contract/transport';
import type { Level, Requirement } from '../contract/requirements';
import { diffReports, markOf } from './diff';
import type { CaseCount, ConformanceReport, ReceivedEvidence, RequirementResult, StatusCounts, Summary, Waiver } from './model';
import { LEVELS, STATUSES, type Status, worst } from './status';
import { decideVerdict, type Problem } from './verdict';

/** One finished test as the reporter saw it (its final attempt), already mapped to a status. */
export interface TestOutcome {
  /** Requirement id from the annotation or the title prefix; undefined when the test carries none. */
  readonly requirementId: string | undefined;
  /** Stable identity (project + title path) so results fold the same way whatever order they arrive in. */
  readonly key: string;
  readonly title: string;
  readonly status: Exclude<Status, 'waived' | 'xpassed'>;
  readonly durationMs: number;
  readonly message?: string;
  readonly evidence?: readonly ExchangeRecord[];
  /** What the test's evidence log left out (its bounds). */
  readonly evidenceNote?: string;
  /** Requests, retries and waits the test needed. */
  readonly transport?: TransportTally;
  /** The error responses the test provoked, held to the error contract. */
  readonly errorContract?: ErrorContractTally;
  /** The success answers the test received, held to their operations' documented statuses (STATUS-01). */
  readonly statusContract?: StatusContractTally;
  /** Generated cases the test ran. */
  readonly cases?: CaseCount;
  /** Router events the test received. */
  readonly events?: readonly ReceivedEvidence[];
}

export interface BuildInputs {
  readonly catalog: readonly Requirement[];
  readonly outcomes: readonly TestOutcome[];
  /** 'full': every catalog requirement must have run. 'partial' (shard, --grep…): only planned ones count. */
  readonly scope: 'full' | 'partial';
  /** Requirement ids of the tests the runner planned (onBegin); a planned test with no result did not run. */
  readonly planned?: readonly string[];
  readonly waivers?: readonly Waiver[];
  /** The kit could not do its job (bad waiver file, bad config, global errors): the verdict becomes 'error'. */
  readonly errors?: readonly string[];
  readonly baseline?: ConformanceReport;
  readonly meta: Pick<ConformanceReport, 'target' | 'apiVersion' | 'profile' | 'kitVersion' | 'startedAt' | 'durationMs'>;
}

/** The run's transport line: every requirement's tally added up; absent when no test reported one. */
function transportOf(requirements: readonly RequirementResult[]): { transport?: TransportTally } {
  const tallies = requirements.flatMap((r) => (r.transport ? [r.transport] : []));
  return tallies.length ? { transport: tallies.reduce(addTallies, emptyTally()) } : {};
}

function zeroCounts(): StatusCounts {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
}

export function summarise(requirements: readonly RequirementResult[]): Summary {
  const byStatus = zeroCounts();
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, zeroCounts()])) as Record<Level, StatusCounts>;
  for (const r of requirements) {
    byStatus[r.status] += 1;
    byLevel[r.level][r.status] += 1;
  }
  return { total: requirements.length, byStatus, byLevel };
}

/** Waivers hold through their expiry day; the run date is the UTC day the run started. */
export function isExpired(waiver: Waiver, startedAt: string): boolean {
  return waiver.expires < startedAt.slice(0, 10);
}

function foldOutcomes(requirement: Requirement, outcomes: readonly TestOutcome[]): RequirementResult {
  const sorted = [...outcomes].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const status = worst(sorted.map((o) => o.status)) ?? 'error';
  const messages = sorted.filter((o) => o.status === status && o.message).map((o) => o.message as string);
  const evidence = sorted.flatMap((o) => o.evidence ?? []);
  const tallies = sorted.flatMap((o) => (o.transport ? [o.transport] : []));
  const events = sorted.flatMap((o) => o.events ?? []);
  const notes = [...new Set(sorted.flatMap((o) => (o.evidenceNote ? [o.evidenceNote] : [])))];
  return {
    ...requirement,
    status,
    durationMs: sorted.reduce((sum, o) => sum + o.durationMs, 0),
    ...(messages.length ? { message: [...new Set(messages)].join('\n\n') } : {}),
    ...(evidence.length ? { evidence } : {}),
    ...(notes.length ? { evidenceNote: notes.join(' ') } : {}),
    ...(events.length ? { events } : {}),
    ...(tallies.length ? { transport: tallies.reduce(addTallies, emptyTally()) } : {}),
    ...casesOf(sorted),
  };
}

/**
 * The ERR-* requirements hold for every error response of the run, not only for the ones their own test provokes:
 * a breach anywhere (an authentication 401, a cleanup 409, a 404 read) fails the aspect it breaks.
 */
function withRunWideErrors(result: RequirementResult, run: ErrorContractTally): RequirementResult {
  if (!(ERROR_CONTRACT_IDS as readonly string[]).includes(result.id) || run.checked === 0) return result;
  const id = result.id as ErrorContractId;
  const found = run.breaches[id];
  if (!found || found.count === 0) return result;
  if (result.status === 'error' || result.status === 'skipped') return result;
  const examples = found.examples.map((b) => `• ${b.what}: ${b.why}\n  reproduce: ${b.curl}`).join('\n');
  const message = `${ERROR_ASPECTS[id].fact}; ${found.count} of the ${run.checked} error responses this run provoked break it, e.g.:\n${examples}`;
  return { ...result, status: 'failed', message: result.message && result.status === 'failed' ? `${result.message}\n\n${message}` : message };
}

/** STATUS-01 holds for every success answer of the run: a breach anywhere (setup, cleanup, a read) fails it. */
function withRunWideStatuses(result: RequirementResult, run: StatusContractTally): RequirementResult {
  if (result.id !== STATUS_CONTRACT_ID || run.count === 0 || result.status === 'error' || result.status === 'skipped') return result;
  const examples = run.examples.map((b) => `• ${b.what}: ${b.why}\n  reproduce: ${b.curl}`).join('\n');
  const message = formatFinding({
    expected: 'every success answer carries a status its operation documents',
    observed: `${run.count} of the ${run.checked} success answers of this run do not, e.g. ${run.examples[0]?.what ?? ''} (${run.examples[0]?.why ?? ''})`,
    detail: examples,
  });
  return { ...result, status: 'failed', message: result.message && result.status === 'failed' ? `${result.message}\n\n${message}` : message };
}

function casesOf(outcomes: readonly TestOutcome[]): { cases?: CaseCount } {
  const counted = outcomes.flatMap((o) => (o.cases ? [o.cases] : []));
  if (!counted.length) return {};
  return { cases: { ran: counted.reduce((n, c) => n + c.ran, 0), failing: counted.reduce((n, c) => n + c.failing, 0), seed: counted[0]?.seed ?? 0 } };
}

function notRun(requirement: Requirement, message: string): RequirementResult {
  return { ...requirement, status: 'error', durationMs: 0, message };
}

/** A waiver turns a failure into 'waived' and a pass into 'xpassed' (stale); an expired one waives nothing. */
function applyWaiver(result: RequirementResult, waiver: Waiver | undefined, startedAt: string): RequirementResult {
  if (!waiver) return result;
  const expired = isExpired(waiver, startedAt);
  const attached = { ...result, waiver: expired ? { ...waiver, expired } : waiver };
  if (expired) return attached;
  if (result.status === 'failed') return { ...attached, status: 'waived' };
  if (result.status === 'passed') {
    return { ...attached, status: 'xpassed', message: `The requirement passed although waived: the waiver is stale (${waiver.reason}).` };
  }
  return attached;
}

function waiverProblems(inputs: BuildInputs, catalogIds: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  for (const w of inputs.waivers ?? []) {
    const where = w.file ? ` in ${w.file}` : '';
    if (!catalogIds.has(w.id)) problems.push({ kind: 'gate', message: `Waiver "${w.id}"${where} names no known requirement.` });
    if (isExpired(w, inputs.meta.startedAt)) problems.push({ kind: 'gate', message: `Waiver "${w.id}"${where} expired on ${w.expires}.` });
  }
  return problems;
}

/** Folds per-test outcomes, the catalog, waivers and an optional baseline into the report model. Pure. */
export function buildReport(inputs: BuildInputs): ConformanceReport {
  const catalogIds = new Set(inputs.catalog.map((r) => r.id));
  const planned = new Set(inputs.planned ?? []);
  const problems: Problem[] = (inputs.errors ?? []).map((message) => ({ kind: 'error', message }));

  const byRequirement = new Map<string, TestOutcome[]>();
  for (const outcome of inputs.outcomes) {
    const id = outcome.requirementId;
    if (id === undefined || !catalogIds.has(id)) {
      const what = id === undefined ? 'carries no requirement id' : `names unknown requirement "${id}"`;
      problems.push({ kind: 'error', message: `Test "${outcome.title}" ${what}.` });
      continue;
    }
    const list = byRequirement.get(id) ?? [];
    list.push(outcome);
    byRequirement.set(id, list);
  }

  const waiverById = new Map((inputs.waivers ?? []).map((w) => [w.id, w]));
  const runErrors = inputs.outcomes.reduce((sum, o) => (o.errorContract ? mergeErrorTallies(sum, o.errorContract) : sum), emptyErrorTally());
  const runStatuses = inputs.outcomes.reduce((sum, o) => (o.statusContract ? mergeStatusTallies(sum, o.statusContract) : sum), emptyStatusTally());
  const requirements: RequirementResult[] = [];
  const missing: string[] = [];
  for (const requirement of inputs.catalog) {
    const outcomes = byRequirement.get(requirement.id);
    let result: RequirementResult | undefined;
    if (outcomes) result = foldOutcomes(requirement, outcomes);
    else if (planned.has(requirement.id)) result = notRun(requirement, 'The test was planned but never reported a result (run interrupted?).');
    else if (inputs.scope === 'full') {
      result = notRun(requirement, 'No test ran for this requirement.');
      missing.push(requirement.id);
    }
    if (!result) continue;
    result = withRunWideErrors(result, runErrors);
    result = withRunWideStatuses(result, runStatuses);
    result = applyWaiver(result, waiverById.get(requirement.id), inputs.meta.startedAt);
    if (result.status === 'xpassed') problems.push({ kind: 'gate', message: `Waiver "${requirement.id}" is stale: the requirement passed.` });
    requirements.push(result);
  }
  if (missing.length) {
    const shown = missing.length > 10 ? `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more` : missing.join(', ');
    problems.push({ kind: 'error', message: `${missing.length} catalog requirement(s) have no test in this full run: ${shown}.` });
  }
  problems.push(...waiverProblems(inputs, catalogIds));

  const { verdict, verdictReason } = decideVerdict(requirements, problems);
  const base = {
    verdict,
    verdictReason,
    ...inputs.meta,
    scope: inputs.scope,
    summary: summarise(requirements),
    ...transportOf(requirements),
    requirements,
    problems: problems.map((p) => p.message),
  };
  if (!inputs.baseline) return base;
  const diff = diffReports(inputs.baseline, base);
  const marked = requirements.map((r) => {
    const mark = markOf(diff, r.id);
    return mark ? { ...r, diff: mark } : r;
  });
  return { ...base, requirements: marked, diff };
}
