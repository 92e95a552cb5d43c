import { expect } from '@playwright/test';
import type { ApiResponse } from '../client/client';
import { errorCodeOf, isJsonMediaType } from './error-contract';
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

export function expectStatus(res: ApiResponse, expected: number, why = ''): void {
  expect(res.status, `expected HTTP ${expected}${why ? ` (${why})` : ''}; got:\n${describeResponse(res)}`).toBe(expected);
}

export function notServerError(res: ApiResponse): void {
  expect(res.status < 500, `expected no server error; got:\n${describeResponse(res)}`).toBe(true);
}

export function expectClientError(res: ApiResponse, why = ''): void {
  expect(res.status >= 400 && res.status < 500, `expected a 4xx${why ? ` (${why})` : ''}; got:\n${describeResponse(res)}`).toBe(true);
}

export { errorCodeOf, isJsonMediaType };

export function expectJsonContentType(res: ApiResponse): void {
  expect(isJsonMediaType(res.contentType), `expected a JSON content type; got:\n${describeResponse(res)}`).toBe(true);
}

export function expectSchema(id: SchemaId, value: unknown, res?: ApiResponse): void {
  if (res) refusedByKit(res);
  const result = validate(id, value);
  const errors = result.ok ? '' : result.errors.join('; ');
  expect(result.ok, `expected a ${id}: ${errors}${res ? `\n${describeResponse(res)}` : ''}`).toBe(true);
}

/** The action results (cancel, complete, close, decline): 200 with a JSON object — `{}` or with extra properties. */
export function expectActionResult(res: ApiResponse): void {
  refusedByKit(res);
  expectStatus(res, 200);
  expectJsonContentType(res);
  expect(typeof res.body === 'object' && res.body !== null && !Array.isArray(res.body), `expected a JSON object body; got:\n${describeResponse(res)}`).toBe(true);
}

export function expectErrorBody(res: ApiResponse): void {
  expectSchema('ErrorResponse', res.body, res);
}

export function expectErrorCodeHeader(res: ApiResponse): void {
  const header = res.headers['x-ms-error-code'];
  expect(typeof header === 'string' && header.trim() !== '', `expected an x-ms-error-code header; got:\n${describeResponse(res)}`).toBe(true);
}


export function expectErrorCodeHeaderMatchesBody(res: ApiResponse): void {
  const header = res.headers['x-ms-error-code'];
  const code = errorCodeOf(res.body);
  expect(header !== undefined && header === code, `expected x-ms-error-code (${header ?? 'absent'}) to equal error.code (${code ?? 'absent'}):\n${describeResponse(res)}`).toBe(true);
}

/** Instants, not strings: "2023-11-13T17:42:40.64+00:00" and "…40.640Z" are the same moment. */
export function expectNear(actual: Date | undefined, reference: Date, toleranceMs: number, what: string): void {
  expect(actual, `${what}: expected a date-time`).toBeDefined();
  const delta = Math.abs((actual?.getTime() ?? 0) - reference.getTime());
  expect(delta <= toleranceMs, `${what}: ${actual?.toISOString()} is ${delta} ms from ${reference.toISOString()} (tolerance ${toleranceMs} ms)`).toBe(true);
}
