import type { DomainContext, Versioned } from './model';

/**
 * Exception policies (issue 11, in progress): CRUD, queueLength and waitTime triggers, and the cancel,
 * manualReclassify and reclassify actions, run on the domain's clock.
 */
export interface ExceptionPolicyState extends Versioned {
  id: string;
}

/** Fires every exception rule whose trigger is met; called from advance() before matching. */
export function runExceptionRules(_ctx: DomainContext, _now: number): void {
  // Not served yet.
}
