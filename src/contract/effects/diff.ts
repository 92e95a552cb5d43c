import { at, isObject, iso, matches, same, show, instantOf, treesOf } from './tree';
import { ABSENT, type ActionResponse, type EventExpectation, type Expectation, type Finding, type JudgeContext, type Prediction, type Rule, type SeenEvent, type Snapshot, type Value } from './types';

/**
 * Compares what was read after an action with the prediction: every property of the response, the job and the worker
 * is judged by the first rule that names it, and a property no rule names must be as it was (the frame condition);
 * then the events. Every difference is reported, not just the first.
 */

export function describe(expect: Expectation, before: Value): string {
  switch (expect.kind) {
    case 'exact': return show(expect.value);
    case 'one-of': return `one of ${expect.values.map(show).join(', ')}`;
    case 'instant': return `a date-time in [${iso(expect.from)}, ${iso(expect.to)}]${expect.orAbsent ? ' or absent' : ''}`;
    case 'absent': return '(absent)';
    case 'unchanged': return `unchanged: ${show(before)}`;
    case 'may-change': return 'anything';
    case 'satisfies': return expect.what;
  }
}

export function holds(expect: Expectation, before: Value, after: Value, context: JudgeContext = NO_CONTEXT): boolean {
  switch (expect.kind) {
    case 'exact': return same(expect.value, after);
    case 'one-of': return expect.values.some((v) => same(v, after));
    case 'instant': {
      if (after === ABSENT) return expect.orAbsent === true;
      const ms = instantOf(after);
      return ms !== undefined && ms >= expect.from && ms <= expect.to;
    }
    case 'absent': return after === ABSENT;
    case 'unchanged': return same(before, after);
    case 'may-change': return true;
    case 'satisfies': return expect.test(after, before, context);
  }
}

const NO_CONTEXT: JudgeContext = { before: {}, after: {}, date: undefined };

const ruleFor = (rules: readonly Rule[], path: readonly string[]): Rule | undefined => rules.find((r) => matches(r.path, path));

const FRAME = 'frame: no document says this action changes it';

function walk(rules: readonly Rule[], path: string[], before: Value, after: Value, out: Finding[], context: JudgeContext): void {
  const rule = ruleFor(rules, path);
  if (rule) {
    if (!holds(rule.expect, before, after, context)) out.push({ path: path.join('.'), expected: describe(rule.expect, before), observed: show(after), why: rule.why });
    return;
  }
  const kind = (v: Value): string => (v === ABSENT ? 'absent' : Array.isArray(v) ? 'array' : isObject(v) ? 'object' : 'leaf');
  const [kb, ka] = [kind(before), kind(after)];
  if (kb !== 'leaf' && ka !== 'leaf' && (kb === ka || kb === 'absent' || ka === 'absent') && (kb !== 'absent' || ka !== 'absent')) {
    const keys = new Set<string>();
    for (const v of [before, after]) {
      if (Array.isArray(v)) v.forEach((_, i) => keys.add(String(i)));
      else if (isObject(v)) Object.keys(v).forEach((k) => keys.add(k));
    }
    for (const key of keys) walk(rules, [...path, key], at(before, [key]), at(after, [key]), out, context);
    return;
  }
  if (!same(before, after)) out.push({ path: path.join('.'), expected: `unchanged: ${show(before)}`, observed: show(after), why: FRAME });
}

/** The events that arrived after `before` was taken. */
export function newEvents(before: readonly SeenEvent[] | undefined, after: readonly SeenEvent[]): SeenEvent[] {
  const old = new Set((before ?? []).map((e) => e.id));
  return after.filter((e) => !old.has(e.id));
}

/**
 * The event an expectation is about: the one of its name carrying the key; else the only one of its name whose subject
 * is the expected subject (its key property dropped or altered is then a finding about its data, not a missing event).
 */
export function pickEvent<E extends { readonly name: string; readonly subject: string; readonly data: Readonly<Record<string, unknown>> }>(events: readonly E[], must: EventExpectation): E | undefined {
  const named = events.filter((e) => e.name === must.name);
  const keyed = named.find((e) => e.data[must.key.property] === must.key.value);
  if (keyed || must.subject === undefined) return keyed;
  const bySubject = named.filter((e) => e.subject === must.subject);
  return bySubject.length === 1 ? bySubject[0] : undefined;
}

/** Every way one received event's data (and own time) differs from what was predicted for it. */
export function eventFindings(must: EventExpectation, found: SeenEvent): Finding[] {
  const out: Finding[] = [];
  const where = `event ${must.name}(${must.key.property}=${must.key.value})`;
  for (const [property, expect] of Object.entries(must.data)) {
    const value = Object.hasOwn(found.data, property) ? found.data[property] : ABSENT;
    if (!holds(expect, ABSENT, value)) out.push({ path: `${where}.data.${property}`, expected: describe(expect, ABSENT), observed: show(value), why: must.why });
  }
  if (must.time && Number.isFinite(found.time) && (found.time < must.time.from || found.time > must.time.to)) {
    out.push({ path: `${where}.time`, expected: `in [${iso(must.time.from)}, ${iso(must.time.to)}]`, observed: iso(found.time), why: must.why });
  }
  return out;
}

function judgeEvents(prediction: Prediction, before: Snapshot, after: Snapshot, out: Finding[]): void {
  if (after.events === undefined) return;
  const fresh = newEvents(before.events, after.events);
  const keyed = (name: string, key: { property: string; value: string }): SeenEvent[] => fresh.filter((e) => e.name === name && e.data[key.property] === key.value);
  for (const must of prediction.events.must) {
    const where = `event ${must.name}(${must.key.property}=${must.key.value})`;
    const found = pickEvent(fresh, must);
    if (!found) {
      out.push({ path: where, expected: 'received', observed: `not received; new events: ${fresh.map((e) => e.name).join(', ') || 'none'}`, why: must.why, missing: true });
      continue;
    }
    out.push(...eventFindings(must, found));
  }
  for (const not of prediction.events.mustNot) {
    const seen = keyed(not.name, not.key);
    if (seen.length > 0) out.push({ path: `event ${not.name}(${not.key.property}=${not.key.value})`, expected: 'not sent', observed: `received ${seen.length}`, why: not.why });
  }
}

/** Every way `after` (and the action's answer) differs from the prediction made from `before`. */
export function diff(prediction: Prediction, before: Snapshot, after: Snapshot, response?: ActionResponse): Finding[] {
  const out: Finding[] = [];
  const trees = treesOf(after, response);
  const context: JudgeContext = { before: prediction.before, after: trees, date: after.date };
  for (const root of ['response', 'job', 'worker']) {
    const b = Object.hasOwn(prediction.before, root) ? prediction.before[root] : ABSENT;
    const a = Object.hasOwn(trees, root) ? trees[root] : ABSENT;
    if (root === 'worker' && a === ABSENT) continue;
    walk(prediction.rules, [root], b, a, out, context);
  }
  judgeEvents(prediction, before, after, out);
  return out;
}

/** One line per finding: `path: expected …, observed … (why)`. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `- ${f.path}: expected ${f.expected}; observed ${f.observed} (${f.why})`).join('\n');
}
