import type { DomainContext } from './model';

/**
 * Time-driven job states (issue 11, in progress): scheduled jobs (scheduleAndSuspend → waitingForActivation at
 * scheduleAt) and worker selectors that expire (expiresAfterSeconds → status expired).
 */
export function runSchedules(_ctx: DomainContext, _now: number): void {
  // Not served yet.
}

export function expireSelectors(_ctx: DomainContext, _now: number): void {
  // Not served yet.
}
