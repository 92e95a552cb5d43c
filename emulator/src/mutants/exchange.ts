import { errors, type RouterError } from '../domain/kernel/errors';
import { errorReply, type Reply } from '../http/reply';
import type { Exchange } from '../outer-layer';
import { isInstantOperator, type Mutant } from './id';
import { applyAt, instantOperator, stringOperator, type Mapped } from './operators';
import { recognise } from './operations';
import { spellingPattern } from './spellings';

/** The mutants that act on one request and its reply: answers' fields, refused spellings, statuses, error contract. */
export type ExchangeMutant = Extract<Mutant, { family: 'answer' | 'refuse' | 'status' | 'error' }>;

/** Counts a mutant's real changes; in shadow mode the change is only counted, never made. */
export interface Tally {
  readonly apply: boolean;
  hit(id: string, times?: number): void;
  readonly now: () => number;
}

const PAGED = new Set(['listJobs', 'listWorkers']);

function requestField(body: Buffer, field: string): unknown {
  if (body.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)[field] : undefined;
  } catch {
    return undefined;
  }
}

/** The documented error body and header, broken in one way. */
function brokenError(error: RouterError, operator: Extract<ExchangeMutant, { family: 'error' }>['operator']): Reply {
  const object: Record<string, unknown> = { code: error.code, message: error.message, ...(error.target ? { target: error.target } : {}), ...(error.details ? { details: error.details } : {}) };
  if (operator === 'error-drop-message') delete object['message'];
  const header: Record<string, string> = operator === 'error-drop-header' ? {} : { 'x-ms-error-code': operator === 'error-mismatch-code' ? `${error.code}Mismatch` : error.code };
  return { kind: 'json', status: error.status, body: operator === 'error-unwrap' ? object : { error: object }, headers: header };
}

function withStatus(reply: Reply, status: number): Reply {
  if (status === 204) return { kind: 'empty', status };
  if (reply.kind === 'json') return { ...reply, status };
  return { kind: 'empty', status };
}

const isSuccess = (reply: Reply): boolean => reply.kind !== 'error' && reply.status >= 200 && reply.status < 300;

export function exchangeWith(mutants: readonly ExchangeMutant[], tally: Tally): (exchange: Exchange, serve: () => Reply) => Reply {
  return (exchange, serve) => {
    const call = recognise(exchange.method, exchange.rawPath);
    for (const m of mutants) {
      if (m.family !== 'refuse' || m.operation !== call?.operation) continue;
      const value = requestField(exchange.body, m.field);
      if (typeof value === 'string' && spellingPattern(m.spelling)?.test(value)) {
        tally.hit(m.id);
        if (tally.apply) return errorReply(errors.badRequest(`"${m.field}" is not accepted in this form.`));
      }
    }
    let reply = serve();
    for (const m of mutants) {
      if (m.family === 'error') {
        if (reply.kind !== 'error' || reply.error.status !== m.status) continue;
        tally.hit(m.id);
        if (tally.apply) reply = brokenError(reply.error, m.operator);
      } else if (m.family === 'status') {
        if (m.operation !== call?.operation || !isSuccess(reply) || (reply.kind !== 'error' && reply.status === m.status)) continue;
        tally.hit(m.id);
        if (tally.apply) reply = withStatus(reply, m.status);
      } else if (m.family === 'answer') {
        if (m.operation !== call?.operation || reply.kind !== 'json' || !isSuccess(reply)) continue;
        const path = PAGED.has(m.operation) ? ['value', '[]', ...m.path] : m.path;
        const operator = m.operator;
        const map = (value: unknown): Mapped => (isInstantOperator(operator) ? instantOperator(operator, value, tally.now()) : stringOperator(operator, value));
        const { value, changed } = applyAt(reply.body, path, map);
        if (changed === 0) continue;
        tally.hit(m.id, changed);
        if (tally.apply) reply = { ...reply, body: value };
      }
    }
    return reply;
  };
}
