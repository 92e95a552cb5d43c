import { HarnessError } from './evidence';

/**
 * A response the kit could not read is not an observation of the target: it ends its requirement as `error` with the
 * reason, never as an empty or default state ("a worker with no offers"). Two kinds:
 * - the kit's own limits (RFC 8259 §9 lets a parser limit nesting): a body refused that way is never judged at all;
 * - a state read (a job, a worker) answered 200 whose body is not a JSON object (not JSON, not UTF-8, an array…): the
 *   requirements about the body's format judge it (SCHEMA-*, RESULT-*); a requirement that only needs the state cannot.
 */
export class UnreadableResponse extends HarnessError {}

export interface ReadAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly bodyProblem?: string | undefined;
  readonly bodyRefusal?: string | undefined;
  readonly exchange: { readonly method: string; readonly url: string };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const where = (res: ReadAnswer): string => `${res.exchange.method} ${res.exchange.url.replace(/[?&]api-version=[^&]*/, '')} → ${res.status}`;

/** Throws when the kit refused the body under its own limits: nothing may be concluded from such an answer. */
export function refusedByKit(res: ReadAnswer): void {
  if (res.bodyRefusal !== undefined) throw new UnreadableResponse(`${where(res)}: ${res.bodyRefusal}; the kit could not read the answer, so it is not judged.`);
}

/** The body of a 200 state read as a JSON object, or an UnreadableResponse saying why it cannot be one. */
export function stateOf(res: ReadAnswer, what: string): Record<string, unknown> {
  refusedByKit(res);
  if (isObject(res.body)) return res.body;
  const why = res.bodyProblem ?? (res.body === undefined ? 'the body is empty' : `the body is JSON ${Array.isArray(res.body) ? 'array' : res.body === null ? 'null' : typeof res.body}, not an object`);
  throw new UnreadableResponse(`${what}: ${where(res)}, but ${why}; the kit cannot read the state from it (the schema requirements judge the body itself).`);
}
