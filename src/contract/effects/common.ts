import { at, instantOf, isObject, same } from './tree';
import { ABSENT, type Expectation, type JudgeContext, type Rule, type Value } from './types';

/** Sources the rules cite, short. */
export const SRC = {
  close: 'Close Job page',
  cancel: 'Cancel Job page',
  guide: 'guide "Handle an offer"',
  openapi: 'OpenAPI 2023-11-01',
  observed: 'observed service behaviour',
  events: 'Event Grid router event data',
} as const;

export const rule = (path: readonly string[], expect: Expectation, why: string): Rule => ({ path, expect, why });
export const exact = (value: unknown): Expectation => ({ kind: 'exact', value });
export const oneOf = (...values: Value[]): Expectation => ({ kind: 'one-of', values });
export const absent: Expectation = { kind: 'absent' };
export const unchanged: Expectation = { kind: 'unchanged' };
export const mayChange: Expectation = { kind: 'may-change' };
export const within = (from: number, to: number, orAbsent = false): Expectation => ({ kind: 'instant', from, to, orAbsent });
export const satisfies = (what: string, test: (after: Value, before: Value, context: JudgeContext) => boolean): Expectation => ({ kind: 'satisfies', what, test });

export const str = (value: Value): string | undefined => (typeof value === 'string' ? value : undefined);
export const num = (value: Value): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * An entity tag versions what a read shows: when anything else of the resource reads differently after the action,
 * the tag must too (a tag kept across a change lets a conditional write overwrite what the writer never saw). It may
 * change when nothing visible did. A tag is judged only when both reads carry one.
 */
function versionsRepresentation(root: 'job' | 'worker'): Expectation {
  const rest = (tree: Value): Value => (isObject(tree) ? Object.fromEntries(Object.entries(tree).filter(([k]) => k !== 'etag')) : tree);
  return satisfies('a new tag if anything else of it changed', (after, before, context) => {
    if (typeof after !== 'string' || typeof before !== 'string' || after !== before) return true;
    return same(rest(context.before[root] as Value), rest(context.after[root] as Value));
  });
}

/** Properties that change on their own or on every write; each with the reason, so the frame leaves them alone. */
export function mayChangeRules(): Rule[] {
  const selectorDrift = 'a worker selector expires on the target\'s clock (expiresAfterSeconds), whatever the action';
  return [
    rule(['job', 'etag'], versionsRepresentation('job'), `${SRC.openapi} RouterJob.etag and the ETag header ("the entity tag"): a strong validator changes whenever the representation does (RFC 9110 §8.8.1); it may change on any write (${SRC.observed} §1)`),
    rule(['worker', 'etag'], versionsRepresentation('worker'), `${SRC.openapi} RouterWorker.etag and the ETag header ("the entity tag"): a strong validator changes whenever the representation does (RFC 9110 §8.8.1); it may change on any write (${SRC.observed} §1)`),
    rule(['job', 'requestedWorkerSelectors', '*', 'status'], mayChange, selectorDrift),
    rule(['job', 'requestedWorkerSelectors', '*', 'expiresAt'], mayChange, selectorDrift),
    rule(['job', 'attachedWorkerSelectors', '*', 'status'], mayChange, selectorDrift),
    rule(['job', 'attachedWorkerSelectors', '*', 'expiresAt'], mayChange, selectorDrift),
  ];
}

/**
 * loadRatio is derived, not set: the capacity the worker's offers and assignments take, over its capacity, at most 1
 * (observed §4: one offer at capacity 1 reads 1, at capacity 10 reads 0.1; nothing held reads 0). A worker whose costs
 * are not all numbers is left to the schema checks.
 */
export function loadRatioRule(): Rule {
  const derived = (worker: Value): number | undefined => {
    const capacity = num(at(worker, ['capacity']));
    if (capacity === undefined || capacity <= 0) return undefined;
    let used = 0;
    for (const list of ['offers', 'assignedJobs']) {
      const entries = at(worker, [list]);
      if (!isObject(entries)) return undefined;
      for (const entry of Object.values(entries)) {
        const cost = num(at(entry, ['capacityCost']));
        if (cost === undefined) return undefined;
        used += cost;
      }
    }
    return Math.min(1, used / capacity);
  };
  return rule(['worker', 'loadRatio'], satisfies('the capacity its offers and assignedJobs take over its capacity (at most 1)', (after, _before, context) => {
    const expected = derived(context.after['worker']);
    return expected === undefined || (typeof after === 'number' && Math.abs(after - expected) < 1e-9);
  }), `${SRC.openapi} RouterWorker.loadRatio; ${SRC.observed} §4`);
}

/**
 * Other offers on the worker are not the action's: a queued job may be offered (a new key appears) and an offer may
 * expire (its key goes once expiresAt has passed); anything else is a change no document explains.
 */
export function otherOfferAllowed(after: Value, before: Value, context: JudgeContext): boolean {
  if (before === ABSENT || same(before, after)) return true;
  const expiresAt = instantOf(at(before, ['expiresAt']));
  // The after-read's Date header truncates to the second.
  return after === ABSENT && expiresAt !== undefined && expiresAt <= (context.date ?? Date.now()) + 1000;
}

export function otherOffersRule(): Rule {
  return rule(['worker', 'offers', '*'], satisfies('unchanged, newly offered, or gone after its expiresAt', otherOfferAllowed), `offers come from matching on the target's own schedule (${SRC.observed} §4)`);
}

/** The response of an action that is applied: 200 with a JSON object (extra properties allowed). */
export function appliedResponse(status = 200): Rule[] {
  return [
    rule(['response', 'status'], exact(status), `${SRC.openapi}: the action answers ${status}`),
    rule(['response', 'json'], exact(status !== 204), `${SRC.openapi}: produces application/json`),
    rule(['response', 'bodyIsObject'], exact(status !== 204), `${SRC.openapi}: the result is an object`),
  ];
}

export function refusedResponse(): Rule[] {
  return [
    rule(['response', 'status'], satisfies('a 4xx', (v) => typeof v === 'number' && v >= 400 && v < 500), 'an invalid request or a state the action does not apply in is refused with a 4xx'),
    rule(['response', '**'], mayChange, 'the error body is the ERR-* requirements\' business'),
  ];
}

/** Rules for the note the action appends: after the `count` earlier ones (which stay, by the frame), stamped in the window. */
export function appendedNote(before: Value, note: string | undefined, from: number, to: number, why: string, orAbsent = false): Rule[] {
  if (note === undefined) return [];
  const notes = at(before, ['job', 'notes']);
  const n = String(Array.isArray(notes) ? notes.length : 0);
  return [
    rule(['job', 'notes', n], orAbsent ? satisfies('the note, or not yet appended', (v) => v === ABSENT || isObject(v)) : satisfies('a note object', isObject), why),
    rule(['job', 'notes', n, 'message'], orAbsent ? oneOf(note, ABSENT) : exact(note), why),
    rule(['job', 'notes', n, 'addedAt'], within(from, to, orAbsent), `${why}: "with the current timestamp"`),
  ];
}
