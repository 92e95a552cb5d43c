import { routes } from '../client/routes';
import { HarnessError } from '../contract/evidence';
import { RetryBudget } from '../client/resilience';
import { clientFor, type Connection } from './connection';

/** A dropped connection or a throttle at the door is retried a little; an endpoint that stays away is reported. */
const PREFLIGHT_RETRY = { maxAttempts: 4, maxDelayMs: 10_000, initialDelayMs: 250 } as const;

export type PreflightResult = { readonly ok: true } | { readonly ok: false; readonly sentence: string };

/**
 * One signed request before any spec runs, so an unreachable endpoint or refused credentials end the run with one
 * sentence (exit 2) instead of 65 identical failures. Any other answer — even a 400 for the api-version — lets the
 * run go ahead: judging it is the specs' job.
 */
export async function preflight(connection: Connection, apiVersion: string, shownEndpoint: string): Promise<PreflightResult> {
  try {
    const res = await clientFor(connection, apiVersion, 15_000, { ...PREFLIGHT_RETRY, budget: new RetryBudget(PREFLIGHT_RETRY.maxAttempts) }).send('GET', routes.jobs(), { query: { maxpagesize: '1' } });
    if (res.status === 401 || res.status === 403) return { ok: false, sentence: `The endpoint refused the credentials (HTTP ${res.status}).` };
    return { ok: true };
  } catch (error) {
    if (!(error instanceof HarnessError)) throw error;
    const reason = error.message.startsWith('Cannot reach') ? error.message : `Cannot reach ${shownEndpoint}: ${error.message.replace(/\.$/, '')}.`;
    return { ok: false, sentence: reason };
  }
}
