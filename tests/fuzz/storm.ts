import type { FuzzCase } from './cases';
import { CHECKS, errorIsJsonWithMatchingCode, type Answer } from './checks';

/** What one case came back with, whichever transport carried it. */
export type Outcome =
  | ({ readonly kind: 'response' } & Answer)
  | { readonly kind: 'closed' }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

export interface Violation {
  readonly index: number;
  readonly category: string;
  readonly check: string;
  readonly detail: string;
  readonly reproduce: string;
}

export interface Tally {
  sent: number;
  readonly byStatus: Map<number, number>;
  readonly byClass: Map<string, number>;
  readonly byCategory: Map<string, number>;
  notImplemented: number;
  serverErrors: number;
  /** Answers written before the router ran (no api-supported-versions header): node's parser, via clientError. */
  parserAnswers: number;
  parserAnswersNotJson: number;
  socketClosedWithoutResponse: number;
  /** The first few violations of each kind (check × category) in full; `violationsByKind` counts them all. */
  readonly violations: Violation[];
  readonly violationsByKind: Map<string, number>;
  violationCount: number;
  durationMs: number;
  deadlineHit: boolean;
}

const KEPT_PER_KIND = 3;

function statusClass(status: number): string {
  if (status === 501) return '501';
  return `${Math.floor(status / 100)}xx`;
}

function redact(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, k === 'authorization' ? v.replace(/Signature=.*/, 'Signature=<redacted>') : v]));
}

/** A curl-like line; the signature is redacted and stale anyway, so replay re-signs (same seed + index). */
export function describeCase(c: FuzzCase): string {
  if (c.transport === 'socket') return `printf %s ${JSON.stringify(c.bytes.toString('latin1').slice(0, 300))} | nc 127.0.0.1 $PORT`;
  const body = c.request.body === undefined ? '' : c.request.body.toString();
  const shown = body.length > 200 ? `${body.slice(0, 200)}…(${Buffer.byteLength(body)} bytes)` : body;
  const headers = Object.entries(redact(c.request.headers)).map(([k, v]) => `-H ${JSON.stringify(`${k}: ${v.length > 120 ? `${v.slice(0, 120)}…` : v}`)}`).join(' ');
  const path = c.request.path.length > 200 ? `${c.request.path.slice(0, 200)}…(${c.request.path.length} chars)` : c.request.path;
  return `curl -X ${c.request.method} "$URL${path}" ${headers}${shown ? ` --data-binary ${JSON.stringify(shown)}` : ''}`;
}

function record(tally: Tally, c: FuzzCase, outcome: Outcome): void {
  tally.sent++;
  tally.byCategory.set(c.category, (tally.byCategory.get(c.category) ?? 0) + 1);
  const violate = (check: string, detail: string): void => {
    tally.violationCount++;
    const kind = `${check} [${c.category}]`;
    const seen = tally.violationsByKind.get(kind) ?? 0;
    tally.violationsByKind.set(kind, seen + 1);
    if (seen < KEPT_PER_KIND) tally.violations.push({ index: c.index, category: c.category, check, detail, reproduce: describeCase(c) });
  };
  if (outcome.kind !== 'response') {
    // node's parser may drop a garbled connection without answering; only a hang is a failure there.
    if (c.transport === 'socket' && outcome.kind === 'closed') tally.socketClosedWithoutResponse++;
    else violate('connection_not_reset_or_hung', outcome.kind === 'error' ? `${outcome.code}: ${outcome.message}` : 'closed without a response');
    return;
  }
  tally.byStatus.set(outcome.status, (tally.byStatus.get(outcome.status) ?? 0) + 1);
  const cls = statusClass(outcome.status);
  tally.byClass.set(cls, (tally.byClass.get(cls) ?? 0) + 1);
  if (outcome.status === 501) tally.notImplemented++;
  else if (outcome.status >= 500) tally.serverErrors++;
  // The contract holds for these too: the emulator's clientError handler writes them and can write JSON.
  if (outcome.headers['api-supported-versions'] === undefined) {
    tally.parserAnswers++;
    if (errorIsJsonWithMatchingCode(outcome, c.expect)) tally.parserAnswersNotJson++;
  }
  for (const [name, check] of CHECKS) {
    const problem = check(outcome, c.expect);
    if (problem) violate(name, problem);
  }
}

export interface StormOptions {
  readonly total: number;
  readonly concurrency: number;
  readonly deadlineMs: number;
  readonly next: (index: number) => FuzzCase;
  readonly send: (c: FuzzCase) => Promise<Outcome>;
}

/** Sends `total` cases with at most `concurrency` in flight; stops early (deadlineHit) when the deadline passes. */
export async function storm(options: StormOptions): Promise<Tally> {
  const tally: Tally = {
    sent: 0, byStatus: new Map(), byClass: new Map(), byCategory: new Map(), notImplemented: 0, serverErrors: 0, parserAnswers: 0,
    parserAnswersNotJson: 0, socketClosedWithoutResponse: 0, violations: [], violationsByKind: new Map(), violationCount: 0, durationMs: 0, deadlineHit: false,
  };
  const started = performance.now();
  let issued = 0;
  // Cases are generated in index order from one stream, whatever order responses come back in.
  const lane = async (): Promise<void> => {
    while (issued < options.total) {
      if (performance.now() - started > options.deadlineMs) {
        tally.deadlineHit = true;
        return;
      }
      const c = options.next(issued++);
      record(tally, c, await options.send(c));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  tally.durationMs = performance.now() - started;
  return tally;
}
