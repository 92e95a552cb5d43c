import type { ApiResponse } from '../client/client';
import { errorCodeOf, isJsonMediaType } from './error-contract';
import { isObject } from './effects/tree';
import { fail } from './finding';
import { validate, type SchemaId } from './schemas';
import { refusedByKit } from './unreadable';

/**
 * Small named checks shared by the specs. Each failure message says what was expected, what came back and how to
 * reproduce it (the curl line of the exchange, secrets already redacted).
 */

export function describeResponse(res: ApiResponse): string {
  const body = res.text.length > 500 ? `${res.text.slice(0, 500)}…` : res.text;
  return `${res.exchange.method} ${res.exchange.url} → ${res.status} ${res.contentType ?? '(no content type)'}\n${body || '(empty body)'}\nreproduce: ${res.exchange.curl}`;
}

/** What came back, in one line: status, content type and the head of the body. */
export function answerOf(res: ApiResponse, bodyChars = 200): string {
  const body = res.text.length > bodyChars ? `${res.text.slice(0, bodyChars)}…` : res.text;
  return `HTTP ${res.status} ${res.contentType ?? '(no content type)'}${body ? ` ${body.replace(/\s*\n\s*/g, ' ')}` : ' (empty body)'}`;
}

/** A finding about one answer: what was expected of it, what it was, and the curl line that sends the request again. */
function check(ok: boolean, expected: string, res: ApiResponse, observed: string = answerOf(res)): void {
  if (!ok) fail({ expected, observed: `${res.exchange.method} ${res.exchange.url} → ${observed}`, reproduce: res.exchange.curl });
}

export function expectStatus(res: ApiResponse, expected: number, why = ''): void {
  check(res.status === expected, `HTTP ${expected}${why ? ` (${why})` : ''}`, res);
}

export function notServerError(res: ApiResponse): void {
  check(res.status < 500, 'no server error (a status below 500)', res);
}

export function expectClientError(res: ApiResponse, why = ''): void {
  check(res.status >= 400 && res.status < 500, `a 4xx${why ? ` (${why})` : ''}`, res);
}

export { errorCodeOf, isJsonMediaType };

export function expectJsonContentType(res: ApiResponse): void {
  check(isJsonMediaType(res.contentType), 'a JSON content type', res, `Content-Type ${res.contentType ?? '(none)'} (HTTP ${res.status})`);
}

export function expectSchema(id: SchemaId, value: unknown, res?: ApiResponse): void {
  if (res) refusedByKit(res);
  const result = validate(id, value);
  if (result.ok) return;
  const observed = result.errors.slice(0, 3).join('; ') + (result.errors.length > 3 ? ` and ${result.errors.length - 3} more` : '');
  fail({ expected: `a body matching ${id}`, observed: res ? `${res.exchange.method} ${res.exchange.url} → HTTP ${res.status}: ${observed}` : observed, ...(res ? { reproduce: res.exchange.curl } : {}) });
}

/**
 * A read's body `etag` and its ETag header are one entity tag: the OpenAPI calls both "the entity tag", and the
 * service sends the same quoted value in both (observed §1). Judged when both are present; a weak header's `W/` aside.
 */
export function expectEtagAgrees(res: ApiResponse): void {
  const header = res.headers['etag'];
  const body = isObject(res.body) ? res.body['etag'] : undefined;
  if (header === undefined || typeof body !== 'string') return;
  if (header.replace(/^W\//, '') !== body) {
    fail({ expected: `the body's etag is the ETag header's entity tag ${header}`, observed: `${res.exchange.method} ${res.exchange.url} → etag ${JSON.stringify(body)} in the body, ETag ${header} in the header`, reproduce: res.exchange.curl });
  }
}

/** The action results (cancel, complete, close, decline): 200 with a JSON object — `{}` or with extra properties. */
export function expectActionResult(res: ApiResponse): void {
  refusedByKit(res);
  expectStatus(res, 200);
  expectJsonContentType(res);
  check(typeof res.body === 'object' && res.body !== null && !Array.isArray(res.body), 'a JSON object body', res);
}

export function expectErrorBody(res: ApiResponse): void {
  expectSchema('ErrorResponse', res.body, res);
}

export function expectErrorCodeHeader(res: ApiResponse): void {
  const header = res.headers['x-ms-error-code'];
  check(typeof header === 'string' && header.trim() !== '', 'an x-ms-error-code header', res, `HTTP ${res.status} without x-ms-error-code`);
}


export function expectErrorCodeHeaderMatchesBody(res: ApiResponse): void {
  const header = res.headers['x-ms-error-code'];
  const code = errorCodeOf(res.body);
  check(header !== undefined && header === code, 'x-ms-error-code equal to the body error.code', res, `x-ms-error-code ${header ?? '(absent)'}, error.code ${code ?? '(absent)'}`);
}

/** Instants, not strings: "2023-11-13T17:42:40.64+00:00" and "…40.640Z" are the same moment. */
export function expectNear(actual: Date | undefined, reference: Date, toleranceMs: number, what: string): void {
  const expected = `${what} within ${toleranceMs} ms of ${reference.toISOString()}`;
  if (actual === undefined) fail({ expected, observed: `${what} is missing or not a date-time` });
  const delta = Math.abs(actual.getTime() - reference.getTime());
  if (delta > toleranceMs) fail({ expected, observed: `${what} ${actual.toISOString()}, ${delta} ms away` });
}
