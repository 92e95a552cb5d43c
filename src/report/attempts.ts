import type { TestResult } from '@playwright/test/reporter';
import { LOST_ANSWER_ANNOTATION, NOT_RUN_AGAIN_ANNOTATION, parseLostAttempts } from '../contract/lost-answers';
import type { TestOutcome } from './build';
import { evidenceOf } from './collect';

/**
 * A requirement run again after a lost answer (fixtures/lost-answers.ts) is reported as one outcome: the final
 * attempt decides, every attempt's exchanges stay in its evidence (earlier ones first), and the message says which
 * attempts lost an answer. A Playwright retry the kit did not want (the attempt before was judged) is not an attempt.
 */

type Annotation = { type: string; description?: string };
const annotationsOf = (result: TestResult): Annotation[] => (result as { annotations?: Annotation[] }).annotations ?? [];

/** Whether this result is a retry the kit skipped: the attempt before it stands. */
export function isUnwantedRetry(result: TestResult): boolean {
  return annotationsOf(result).some((a) => a.type === NOT_RUN_AGAIN_ANNOTATION);
}

export function withEarlierAttempts(outcome: TestOutcome, result: TestResult, earlier: readonly TestResult[]): TestOutcome {
  const lost = parseLostAttempts(annotationsOf(result).filter((a) => a.type === LOST_ANSWER_ANNOTATION).pop()?.description);
  if (earlier.length === 0 && lost.length === 0) return outcome;
  const evidence = [...earlier.flatMap((r) => evidenceOf(r).evidence), ...(outcome.evidence ?? [])];
  const attempt = result.retry + 1;
  const which = lost.map((l) => `attempt ${l.attempt}: ${l.lost}`).join('\n');
  const lostOnes = lost.map((l) => l.attempt).join(', ');
  let message: string | undefined;
  if (lost.length === 0) {
    // An ordinary Playwright retry (`--retries`), not one the kit asked for: the final attempt's own words stand.
    message = outcome.message;
  } else if (outcome.status === 'passed') {
    message = `Passed on attempt ${attempt}, on a fresh setup: attempt(s) ${lostOnes} lost an action's answer after the target applied it (or may have), so could not be judged.\n${which}`;
  } else if (outcome.status === 'error' && lost.some((l) => l.attempt === attempt)) {
    message = `${outcome.message ?? 'Error.'}\nGave up after ${attempt} attempt(s), each on a fresh setup, every one of which lost an answer (JOBROUTER_LOST_ANSWER_ATTEMPTS):\n${which}`;
  } else {
    message = `${outcome.message ?? ''}\n(Attempt ${attempt}; earlier attempt(s) ${lostOnes} lost an answer and were run again on a fresh setup.)`.trim();
  }
  return { ...outcome, durationMs: outcome.durationMs + earlier.reduce((sum, r) => sum + Math.max(0, r.duration), 0), ...(message === undefined ? {} : { message }), ...(evidence.length ? { evidence } : {}) };
}
