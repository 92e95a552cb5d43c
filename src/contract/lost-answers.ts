/**
 * Annotations by which a test tells the reporter about lost answers (fixtures/lost-answers.ts): the attempts that
 * ended on one, and a Playwright retry the kit did not want (the attempt before it was judged; it is not reported).
 */
export const LOST_ANSWER_ANNOTATION = 'lost-answers';
export const LOST_ANSWER_AGAIN_ANNOTATION = 'lost-answer-again';
export const NOT_RUN_AGAIN_ANNOTATION = 'not-run-again';

export interface LostAnswerAttempt {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The lost answer's sentence (what was sent, what the state showed). */
  readonly lost: string;
}

export function parseLostAttempts(text: string | undefined): LostAnswerAttempt[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.flatMap((item: unknown) => {
      if (typeof item !== 'object' || item === null) return [];
      const { attempt, lost } = item as { attempt?: unknown; lost?: unknown };
      return typeof attempt === 'number' && typeof lost === 'string' ? [{ attempt, lost }] : [];
    });
  } catch {
    return [];
  }
}
