import type { JsonObject } from '../kernel/json';
import { compileExpression, evaluateExpression, type Compiled, type FxValue } from './rules-expression';

/**
 * Router rules as classification uses them. static and directMap are served in full, expression for the PowerFx
 * subset of rules-parse.ts; function and webhook rules never get here (the policy upsert answers 501 for them).
 */
export type RulePlan =
  | { readonly kind: 'static'; readonly value: FxValue }
  | { readonly kind: 'directMap' }
  | { readonly kind: 'expression'; readonly source: string; readonly compiled: Compiled };

/** Why a job could not be classified: the entries of RouterJobClassificationFailed's `errors`. */
export interface Failure {
  readonly code: string;
  readonly message: string;
}

export type Evaluated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: Failure };

export const done = <T>(value: T): Evaluated<T> => ({ ok: true, value });
export const failed = <T = never>(code: string, message: string): Evaluated<T> => ({ ok: false, failure: { code, message } });

export const isPrimitive = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** A rule as validated by the policy parser: compiled once per upsert. */
export function compileRule(rule: JsonObject): RulePlan {
  if (rule['kind'] === 'directMap') return { kind: 'directMap' };
  if (rule['kind'] === 'expression') {
    const source = String(rule['expression']);
    return { kind: 'expression', source, compiled: compileExpression(source) };
  }
  const value = rule['value'];
  return { kind: 'static', value: isPrimitive(value) ? value : null };
}

/** The published shape of a compiled rule. */
export function ruleView(plan: RulePlan): JsonObject {
  if (plan.kind === 'expression') return { kind: 'expression', language: 'powerFx', expression: plan.source };
  if (plan.kind === 'directMap') return { kind: 'directMap' };
  return plan.value === null ? { kind: 'static' } : { kind: 'static', value: plan.value };
}

/** A rule that must give one value (a priority, a condition). `use` names where it is used, for the message. */
export function ruleValue(plan: RulePlan, labels: JsonObject, use: string): Evaluated<FxValue> {
  if (plan.kind === 'static') return done(plan.value);
  if (plan.kind === 'directMap') return failed('InvalidRuleResult', `${use} is a directMap rule, which yields selectors rather than a value.`);
  if (!plan.compiled.ok) return failed('ExpressionNotSupported', `${use}: ${plan.compiled.message}`);
  const result = evaluateExpression(plan.compiled, labels, plan.source);
  return result.ok ? done(result.value) : failed('ExpressionEvaluationFailed', `${use}: ${result.message}`);
}

/** A rule that must give selectors (ruleEngine attachments): directMap turns every job label into an `equal` selector. */
export function ruleSelectors(plan: RulePlan, labels: JsonObject, use: string): Evaluated<JsonObject[]> {
  if (plan.kind === 'directMap') {
    return done(Object.entries(labels).filter(([, value]) => isPrimitive(value)).map(([key, value]) => ({ key, labelOperator: 'equal', value })));
  }
  if (plan.kind === 'static') return failed('InvalidRuleResult', `${use} is a static rule, whose single value cannot be a list of selectors.`);
  if (!plan.compiled.ok) return failed('ExpressionNotSupported', `${use}: ${plan.compiled.message}`);
  return failed('ExpressionNotSupported', `${use}: an expression rule that returns selectors (a PowerFx table of records) is outside the emulator's PowerFx subset.`);
}
