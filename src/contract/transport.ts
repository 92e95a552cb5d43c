import { count, parseAnnotation, record } from './annotation';

/**
 * How rough the road was for one test: requests sent, retries by cause, time waited on Retry-After/backoff, and time
 * spent re-reading until the target showed what the kit had already done. Carried from fixtures to the reporter as a
 * JSON test annotation.
 */
export interface TransportTally {
  readonly requests: number;
  readonly retries: Readonly<Record<string, number>>;
  readonly retryWaitMs: number;
  readonly settleWaitMs: number;
}

export const TRANSPORT_ANNOTATION = 'transport';

export function emptyTally(): TransportTally {
  return { requests: 0, retries: {}, retryWaitMs: 0, settleWaitMs: 0 };
}

export function retryCount(tally: TransportTally): number {
  return Object.values(tally.retries).reduce((a, b) => a + b, 0);
}

export function addTallies(a: TransportTally, b: TransportTally): TransportTally {
  const retries: Record<string, number> = { ...a.retries };
  for (const [cause, n] of Object.entries(b.retries)) retries[cause] = (retries[cause] ?? 0) + n;
  return { requests: a.requests + b.requests, retries, retryWaitMs: a.retryWaitMs + b.retryWaitMs, settleWaitMs: a.settleWaitMs + b.settleWaitMs };
}

/** Reads the annotation leniently: anything malformed counts as nothing. */
export function parseTally(text: string | undefined): TransportTally | undefined {
  const v = parseAnnotation(text);
  if (!v) return undefined;
  const retries: Record<string, number> = {};
  const given = record(v['retries']) ?? {};
  for (const [cause, n] of Object.entries(given)) if (count(n) > 0) retries[cause] = count(n);
  return { requests: count(v['requests']), retries, retryWaitMs: count(v['retryWaitMs']), settleWaitMs: count(v['settleWaitMs']) };
}

/** "3 retries (throttled 2, network 1), 2.1 s waiting, 0.4 s for reads to catch up" — or "no retries". */
export function describeTally(tally: TransportTally): string {
  const n = retryCount(tally);
  const causes = Object.entries(tally.retries).sort(([a], [b]) => a.localeCompare(b)).map(([c, k]) => `${c} ${k}`).join(', ');
  const parts = [`${tally.requests} request${tally.requests === 1 ? '' : 's'}`, n === 0 ? 'no retries' : `${n} retr${n === 1 ? 'y' : 'ies'} (${causes})`];
  if (tally.retryWaitMs > 0) parts.push(`${(tally.retryWaitMs / 1000).toFixed(1)} s waiting to retry`);
  if (tally.settleWaitMs > 0) parts.push(`${(tally.settleWaitMs / 1000).toFixed(1)} s for reads to catch up`);
  return parts.join(', ');
}
