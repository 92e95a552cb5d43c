import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The ACS HMAC-SHA256 scheme, shared by the kit's client and the emulator's verifier. Pure: no clock, no I/O. */
export const SIGNED_HEADERS = 'x-ms-date;host;x-ms-content-sha256';

export interface SigningInput {
  readonly method: string;
  /** Path and query exactly as sent on the wire, e.g. `/routing/jobs/a%20b:cancel?api-version=2023-11-01`. */
  readonly pathAndQuery: string;
  /** The Host header value (`host` or `host:port`). */
  readonly host: string;
  /** RFC 1123 date, the `x-ms-date` header. */
  readonly date: string;
  /** base64 SHA-256 of the exact body bytes (empty body included). */
  readonly contentHash: string;
}

export function contentHash(body: string | Uint8Array = ''): string {
  return createHash('sha256').update(body).digest('base64');
}

export function stringToSign(input: SigningInput): string {
  return `${input.method.toUpperCase()}\n${input.pathAndQuery}\n${input.date};${input.host};${input.contentHash}`;
}

export function signature(accessKeyBase64: string, input: SigningInput): string {
  return createHmac('sha256', Buffer.from(accessKeyBase64, 'base64')).update(stringToSign(input), 'utf8').digest('base64');
}

export function authorizationHeader(accessKeyBase64: string, input: SigningInput): string {
  return `HMAC-SHA256 SignedHeaders=${SIGNED_HEADERS}&Signature=${signature(accessKeyBase64, input)}`;
}

/** The headers a signed request carries; callers add them to the request as they are. */
export function signedHeaders(accessKeyBase64: string, input: Omit<SigningInput, 'contentHash'> & { body?: string | Uint8Array }): Record<string, string> {
  const hash = contentHash(input.body ?? '');
  const full: SigningInput = { method: input.method, pathAndQuery: input.pathAndQuery, host: input.host, date: input.date, contentHash: hash };
  return {
    'x-ms-date': input.date,
    'x-ms-content-sha256': hash,
    authorization: authorizationHeader(accessKeyBase64, full),
  };
}

const AUTH_PATTERN = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=(.+)$/;

export function parseAuthorization(header: string): { signedHeaders: string; signature: string } | undefined {
  const match = AUTH_PATTERN.exec(header.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { signedHeaders: match[1], signature: match[2] };
}

/** Constant-time comparison of a presented signature with the expected one. */
export function signatureMatches(accessKeyBase64: string, input: SigningInput, presented: string): boolean {
  const expected = Buffer.from(signature(accessKeyBase64, input));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
