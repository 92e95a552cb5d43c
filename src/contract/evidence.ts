/**
 * What a test hands to the reporter. Specs and fixtures produce it; src/report consumes it.
 * Everything in an ExchangeRecord is already redacted: it is made at the single point where evidence is recorded.
 */
export interface ExchangeRecord {
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody?: string;
  readonly status?: number;
  readonly responseHeaders?: Readonly<Record<string, string>>;
  readonly responseBody?: string;
  readonly durationMs: number;
  /** A curl command line that reproduces the request (secrets replaced by placeholders). */
  readonly curl: string;
  /** Set when no response arrived (connection refused, timeout…). */
  readonly transportError?: string;
  /** Set when the kit did not judge this exchange but waited `waitMs` and sent the request again. */
  readonly retry?: { readonly cause: string; readonly waitMs: number; readonly attempt: number };
}

/** Test annotation carrying the requirement id; the test title also starts with the id. */
export const REQUIREMENT_ANNOTATION = 'requirement';
/** Attachment (application/json, an ExchangeRecord[]) with every exchange a test made. */
export const EVIDENCE_ATTACHMENT = 'jobrouter-evidence';
export const EVIDENCE_CONTENT_TYPE = 'application/json';

/**
 * The kit itself broke (transport failure, bug, bad config) — reported as status "error", never as a
 * conformance failure. A target that answers wrongly is a failure, never a HarnessError.
 */
export class HarnessError extends Error {
  override name = 'HarnessError';
}
export const HARNESS_ERROR_MARKER = 'HarnessError';
