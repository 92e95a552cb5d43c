import type { ExchangeRecord } from './evidence';

/**
 * How much evidence is kept, whatever the target sends. Each exchange's bodies are already cut to their head where
 * they are recorded (JOBROUTER_EVIDENCE_BODY_BYTES); these bounds cap how many such exchanges one requirement and one
 * report keep. Past the full budget an exchange is kept as a stub (method, URL, status, timing, body sizes and hashes:
 * no bodies, headers or curl line); past the stub budget it is only counted.
 */
export const EVIDENCE_BOUNDS = {
  /** Serialised bytes of the exchanges one requirement keeps in full. */
  fullBytesPerRequirement: 1024 * 1024,
  /** Serialised bytes of the stubs one requirement keeps beyond that. */
  stubBytesPerRequirement: 128 * 1024,
  /** Serialised bytes of the exchanges and events the whole report keeps in full. */
  fullBytesPerReport: 16 * 1024 * 1024,
  /** Serialised bytes of the stubs the whole report keeps. */
  stubBytesPerReport: 2 * 1024 * 1024,
} as const;

/** A URL longer than this is shortened in a stub (the kit builds URLs; only a hostile nextLink could make one long). */
const STUB_URL_CHARS = 2048;

export function serialisedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

/** The exchange's facts without its bodies, headers or curl line: small whatever the target sent. */
export function stubOf(e: ExchangeRecord): ExchangeRecord {
  const omitted = (info: ExchangeRecord['responseBodyInfo']) => info && { ...info, shownBytes: 0, note: 'omitted: the evidence bound was reached' };
  const requestBodyInfo = omitted(e.requestBodyInfo);
  const responseBodyInfo = omitted(e.responseBodyInfo);
  return {
    method: e.method,
    url: e.url.length > STUB_URL_CHARS ? `${e.url.slice(0, STUB_URL_CHARS)}…` : e.url,
    requestHeaders: {},
    ...(requestBodyInfo ? { requestBodyInfo } : {}),
    ...(e.status === undefined ? {} : { status: e.status }),
    ...(responseBodyInfo ? { responseBodyInfo } : {}),
    durationMs: e.durationMs,
    curl: '',
    ...(e.transportError === undefined ? {} : { transportError: e.transportError.slice(0, 1000) }),
    ...(e.retry ? { retry: e.retry } : {}),
  };
}

export interface Budget {
  readonly fullBytes: number;
  readonly stubBytes: number;
}

/** Takes exchanges one at a time: in full while they fit `fullBytes`, then as stubs while those fit `stubBytes`. */
export class EvidenceBudget {
  fullUsed = 0;
  stubUsed = 0;
  /** Exchanges kept only as stubs. */
  stubbed = 0;
  /** Exchanges not kept at all. */
  omitted = 0;

  constructor(private readonly budget: Budget) {}

  take(e: ExchangeRecord): ExchangeRecord | undefined {
    const size = serialisedBytes(e);
    if (this.fullUsed + size <= this.budget.fullBytes) {
      this.fullUsed += size;
      return e;
    }
    const stub = stubOf(e);
    const stubSize = serialisedBytes(stub);
    if (this.stubUsed + stubSize <= this.budget.stubBytes) {
      this.stubUsed += stubSize;
      this.stubbed += 1;
      return stub;
    }
    this.omitted += 1;
    return undefined;
  }

  /** "Evidence bounded (…): 12 exchanges kept without bodies, 340 not kept at all." — undefined when all was kept. */
  describe(why: string): string | undefined {
    if (this.stubbed === 0 && this.omitted === 0) return undefined;
    const s = this.stubbed;
    const parts = [s ? `${s} exchange${s === 1 ? '' : 's'} kept without bodies, headers or curl` : '', this.omitted ? `${this.omitted} not kept at all` : ''];
    return `Evidence bounded (${why}): ${parts.filter(Boolean).join(', ')}.`;
  }
}

export const REQUIREMENT_BUDGET: Budget = { fullBytes: EVIDENCE_BOUNDS.fullBytesPerRequirement, stubBytes: EVIDENCE_BOUNDS.stubBytesPerRequirement };

/** Annotation carrying what a test's evidence log left out (a sentence from EvidenceBudget.describe). */
export const EVIDENCE_BOUNDS_ANNOTATION = 'evidence-bounds';
