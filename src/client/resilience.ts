import { ExponentialBackoff, type IBackoff, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';
import type { FailureKind, RawResponse } from './transport';

/**
 * How the client rides out a rough road: which answers are transient, how long to wait, how many tries. The decisions
 * live here; `client.ts` runs them through cockatiel's retry policy.
 */

/** Answers that say "not now" rather than "no". A 500 is not among them: see README "When the target throttles". */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** Methods whose repetition leaves the target as one call would (PATCH here is an upsert with the same body). */
const REPEATABLE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

export type RetryCause = 'throttled' | 'unavailable' | 'gateway' | 'timeout' | 'network' | 'refused';

export interface RetrySettings {
  /** Attempts per request, the first included. 1 turns retries off. */
  readonly maxAttempts: number;
  /** The longest single wait the kit accepts; a Retry-After beyond it ends the request as an error. */
  readonly maxDelayMs: number;
  /** First backoff step when the target names no delay. */
  readonly initialDelayMs: number;
  /** Shared by every client of a run (of one worker process). */
  readonly budget: RetryBudget;
}

/**
 * A cap on retries across a run, so a target that is down does not turn a run into hours of waiting: a fixed floor
 * plus a share of the requests made so far (as Finagle's RetryBudget). A long run on a rough road earns retries in
 * proportion to its traffic; a target that fails every request spends the floor and then gets one attempt each.
 */
export class RetryBudget {
  private spent = 0;
  private requests = 0;
  constructor(readonly floor: number, readonly ratio = 0) {}

  /** A request's first attempt: earns `ratio` of a retry. */
  noteRequest(): void {
    this.requests += 1;
  }

  /** The retries this budget allows now. */
  get total(): number {
    return this.floor + Math.floor(this.requests * this.ratio);
  }

  take(): boolean {
    if (this.spent >= this.total) return false;
    this.spent += 1;
    return true;
  }

  get used(): number {
    return this.spent;
  }
}

export function causeOfStatus(status: number): RetryCause {
  if (status === 429) return 'throttled';
  if (status === 503) return 'unavailable';
  if (status === 408 || status === 504) return 'timeout';
  return 'gateway';
}

/**
 * Whether a failed exchange is the road's doing and may go away on another try. A setup failure (DNS, TLS) will not;
 * an answer larger than the kit reads, or one that began and then trickled past the timeout, is the target's answer,
 * which the same request would only get again (and resending it would multiply the wait).
 */
export function isPassingTrouble(kind: FailureKind): boolean {
  return kind === 'refused' || kind === 'reset' || kind === 'timeout';
}

export function isRepeatable(method: string): boolean {
  return REPEATABLE_METHODS.has(method.toUpperCase());
}

/**
 * The wait a response asks for, in ms: `retry-after-ms` and `x-ms-retry-after-ms` (the Azure SDK's names) first, then
 * `Retry-After` as delta-seconds or an HTTP date. Undefined when none is given or none parses.
 */
export function requestedDelayMs(headers: Readonly<Record<string, string>>, now: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers[name]?.trim();
    if (value !== undefined && /^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value));
  }
  const value = headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Cockatiel's decorrelated-jitter exponential backoff, except where the target named its own delay. */
export class TargetAwareBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly exponential: IBackoffFactory<unknown>,
    private readonly maxDelayMs: number,
  ) {}

  static create(settings: Pick<RetrySettings, 'initialDelayMs' | 'maxDelayMs'>): TargetAwareBackoff {
    return new TargetAwareBackoff(new ExponentialBackoff({ initialDelay: settings.initialDelayMs, maxDelay: settings.maxDelayMs }), settings.maxDelayMs);
  }

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const step = this.exponential.next(context);
    const result = context.result;
    const asked = 'value' in result && isRawResponse(result.value) ? requestedDelayMs(result.value.headers) : undefined;
    const following = new TargetAwareBackoff(step, this.maxDelayMs);
    return { duration: asked ?? step.duration, next: (c) => following.next(c) };
  }
}

function isRawResponse(value: unknown): value is RawResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'headers' in value;
}
