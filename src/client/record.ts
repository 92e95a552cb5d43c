import type { ExchangeRecord } from '../contract/evidence';
import { bodyEvidence } from './body';
import { curlLine } from './curl';
import { redact, redactHeaders, redactUrl } from './redact';
import type { RawResponse, TransportFailure } from './transport';

/** Bytes of each body the evidence keeps by default (JOBROUTER_EVIDENCE_BODY_BYTES). */
export const DEFAULT_EVIDENCE_BODY_BYTES = 64 * 1024;

export interface ExchangeFacts {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
  readonly raw?: RawResponse | undefined;
  readonly failure?: TransportFailure | undefined;
  readonly durationMs: number;
}

/**
 * The single point where evidence is recorded: everything is redacted here, and bodies keep only their head (with the
 * whole body's size and hash), so no later step has to trust what the target sent.
 */
export function recordExchange(facts: ExchangeFacts, secrets: readonly string[], bodyCap: number = DEFAULT_EVIDENCE_BODY_BYTES): ExchangeRecord {
  const requestHeaders = redactHeaders(facts.headers, secrets);
  const sent = facts.body === undefined ? undefined : bodyEvidence(facts.body, bodyCap, secrets);
  const safeUrl = redactUrl(facts.url, secrets);
  const partial = facts.failure?.partial;
  const answer = facts.raw
    ? { status: facts.raw.status, headers: facts.raw.headers, body: bodyEvidence(facts.raw.body, bodyCap, secrets) }
    : partial
      ? { status: partial.status, headers: partial.headers, body: bodyEvidence(partial.head, bodyCap, secrets, partial.bytesRead) }
      : undefined;
  return {
    method: facts.method,
    url: safeUrl,
    requestHeaders,
    ...(sent === undefined ? {} : { requestBody: sent.text, ...(sent.info.shownBytes < sent.info.bytes || sent.info.note ? { requestBodyInfo: sent.info } : {}) }),
    ...(answer
      ? {
          status: answer.status,
          responseHeaders: redactHeaders(answer.headers, secrets),
          responseBody: answer.body.text,
          ...(answer.body.info.bytes > 0 ? { responseBodyInfo: answer.body.info } : {}),
        }
      : {}),
    durationMs: Math.round(facts.durationMs),
    curl: curlLine({ method: facts.method, url: safeUrl, headers: requestHeaders, body: sent?.text }),
    ...(facts.failure ? { transportError: redact(facts.failure.sentence, secrets) } : {}),
  };
}
