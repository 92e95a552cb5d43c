import type { DomainOperations } from './domain';
import type { JobState } from './domain/state/model';

/**
 * The domain faults as rules: each substitutes domain operations (rewriting the input, the result, or the state the
 * operation left) and is composed around the domain by fault-layer.ts. The rules themselves are kept by what they
 * break: a job's end (notes, cancel, close, complete, delete: fault-rules-jobs.ts), offers (fault-rules-offers.ts),
 * races between requests (fault-rules-races.ts); what many of them need is here.
 */
export type Rule = (next: DomainOperations) => Partial<DomainOperations>;

/** Runs `run`; when it succeeds, the job keeps the status it had before (the operation "forgot" to set it). */
export function keepingStatus<R extends { readonly ok: boolean }>(job: JobState | undefined, run: () => R): R {
  const status = job?.status;
  const result = run();
  if (result.ok && job && status !== undefined) job.status = status;
  return result;
}
