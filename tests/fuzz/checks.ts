import type { IncomingHttpHeaders } from 'node:http';
import type { Expectation } from './cases';

/** A response as the checks see it, whichever transport carried it. */
export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders | Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Small named checks, each returning what was expected and what came back, or undefined when it holds. */
export type Check = (answer: Answer, expect: Expectation) => string | undefined;

const header = (answer: Answer, name: string): string | undefined => {
  const value = answer.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** 501 is the emulator's documented "not implemented" answer, counted apart rather than failed. */
export const notAServerError: Check = (answer) =>
  answer.status >= 500 && answer.status !== 501 ? `expected a status below 500 (or 501), got ${answer.status}` : undefined;

export const errorIsJsonWithMatchingCode: Check = (answer) => {
  if (answer.status < 400) return undefined;
  const type = header(answer, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) return `expected an application/json error, got Content-Type "${type}"`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return `expected a JSON error body, got ${JSON.stringify(answer.body.toString('utf8').slice(0, 120))}`;
  }
  const error = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? parsed.error : undefined;
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (typeof code !== 'string' || code.length === 0) return `expected body.error.code to be a non-empty string, got ${JSON.stringify(parsed).slice(0, 160)}`;
  const headerCode = header(answer, 'x-ms-error-code');
  return headerCode === code ? undefined : `expected x-ms-error-code "${code}" (= error.code), got ${JSON.stringify(headerCode)}`;
};

/** Bad signatures must never be served; oversized bodies must be refused as too large. */
export const expectationHolds: Check = (answer, expect) => {
  if (expect === 'not-2xx' && answer.status >= 200 && answer.status < 300) return `expected the request to be refused, got ${answer.status}`;
  if (expect === 'status-413' && answer.status !== 413) return `expected 413, got ${answer.status}`;
  return undefined;
};

export const CHECKS: readonly (readonly [string, Check])[] = [
  ['not_a_server_error', notAServerError],
  ['error_is_json_with_matching_code', errorIsJsonWithMatchingCode],
  ['expectation_holds', expectationHolds],
];
