import type { RequirementResult, Verdict } from './model';

/** 'gate' problems make the run not conformant; 'error' problems mean the kit could not do its job. */
export interface Problem {
  readonly kind: 'gate' | 'error';
  readonly message: string;
}

function ids(requirements: readonly RequirementResult[]): string {
  const shown = requirements.slice(0, 5).map((r) => r.id).join(', ');
  return requirements.length > 5 ? `${shown} and ${requirements.length - 5} more` : shown;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * DESIGN.md: a harness failure is never a conformance failure, and a run that executed nothing is never green.
 * SHOULD/MAY failures are reported but do not fail the gate; stale, expired or unmatched waivers do.
 */
export function decideVerdict(
  requirements: readonly RequirementResult[],
  problems: readonly Problem[],
): { verdict: Verdict; verdictReason: string } {
  const errors = requirements.filter((r) => r.status === 'error');
  const errorProblems = problems.filter((p) => p.kind === 'error');
  const mustFailures = requirements.filter((r) => r.level === 'MUST' && r.status === 'failed');
  // A MUST the target broke is a finding whatever else could not be checked: the verdict rests on it, and the
  // unchecked requirements are named beside it. Without such a failure, anything unchecked makes the run undecided.
  const unchecked = errors.length ? `; ${count(errors.length, 'requirement')} could not be checked (${ids(errors)})` : '';
  if (mustFailures.length && !errorProblems.length) {
    return { verdict: 'not-conformant', verdictReason: `${count(mustFailures.length, 'MUST requirement')} failed (${ids(mustFailures)})${unchecked}.` };
  }
  if (errors.length || errorProblems.length) {
    const parts: string[] = [];
    if (errors.length) parts.push(`${count(errors.length, 'requirement')} could not be checked (${ids(errors)})`);
    if (errorProblems.length) parts.push(errorProblems[0]?.message ?? '');
    return { verdict: 'error', verdictReason: `The kit could not do its job: ${parts.join('; ')}` };
  }
  const executed = requirements.filter((r) => r.status !== 'skipped');
  if (executed.length === 0) {
    return { verdict: 'error', verdictReason: 'Nothing ran: no requirement was checked.' };
  }
  const gateProblems = problems.filter((p) => p.kind === 'gate');
  if (mustFailures.length || gateProblems.length) {
    const parts: string[] = [];
    if (mustFailures.length) parts.push(`${count(mustFailures.length, 'MUST requirement')} failed (${ids(mustFailures)})`);
    if (gateProblems.length) parts.push(`${count(gateProblems.length, 'gate problem')}: ${gateProblems.map((p) => p.message).join(' ')}`);
    return { verdict: 'not-conformant', verdictReason: `${parts.join('; ')}.` };
  }
  const optional = requirements.filter((r) => r.status === 'failed');
  const waived = requirements.filter((r) => r.status === 'waived');
  let reason = `Every MUST requirement holds (${executed.length} checked`;
  reason += waived.length ? `, ${waived.length} waived)` : ')';
  if (optional.length) reason += `; ${count(optional.length, 'SHOULD/MAY requirement')} failed (${ids(optional)})`;
  return { verdict: 'conformant', verdictReason: `${reason}.` };
}
