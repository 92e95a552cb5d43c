/**
 * What a test hands to the reporter. Specs and fixtures produce it; src/report consumes it.
 * Everything in an ExchangeRecord is already redacted: it is made at the single point where evidence is recorded.
 */
export interface ExchangeRecord {
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The body sent, or its head when it is longer than the evidence keeps (see requestBodyInfo). */
  readonly requestBody?: string;
  readonly requestBodyInfo?: BodyInfo;
  readonly status?: number;
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** The body received, or its head (see responseBodyInfo): the target decides its size, the evidence does not grow with it. */
  readonly responseBody?: string;
  readonly responseBodyInfo?: BodyInfo;
  readonly durationMs: number;
  /** A curl command line that reproduces the request (secrets replaced by placeholders). */
  readonly curl: string;
  /** Set when no response arrived (connection refused, timeout…). */
  readonly transportError?: string;
  /** Set when the kit did not judge this exchange but waited `waitMs` and sent the request again. */
  readonly retry?: { readonly cause: string; readonly waitMs: number; readonly attempt: number };
}

/** Size, hash and how much of a body the evidence shows. */
export interface BodyInfo {
  /** Bytes of the whole body (of what had arrived, when the kit stopped reading it). */
  readonly bytes: number;
  /** sha256 (hex) of the whole body; absent when the kit stopped reading it. */
  readonly sha256?: string;
  /** Bytes at the start of the body that the evidence shows. */
  readonly shownBytes: number;
  /** Why the evidence does not show the body as sent (cut, invalid UTF-8, incomplete, omitted). */
  readonly note?: string;
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
