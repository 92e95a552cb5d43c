import { errors, fail, ok, type Result } from '../kernel/errors';
import type { JsonObject } from '../kernel/json';
import { compileRule, isPrimitive, ruleView, type RulePlan } from './rules';
import { isJsonObject } from '../kernel/schema';

/**
 * A classification policy body checked against the published ClassificationPolicy (kinds, required properties,
 * types; 400 naming the property path) and compiled into a plan: rules parsed once, selectors normalised.
 * Function and webhook rules answer 501 (the emulator never calls out).
 */
export type Side = 'queue' | 'worker';

export type AttachmentPlan =
  | { readonly kind: 'static'; readonly selector: JsonObject }
  | { readonly kind: 'conditional'; readonly condition: RulePlan; readonly selectors: readonly JsonObject[] }
  | { readonly kind: 'passThrough'; readonly key: string; readonly labelOperator: string; readonly expiresAfterSeconds?: number }
  | { readonly kind: 'ruleEngine'; readonly rule: RulePlan }
  | { readonly kind: 'weightedAllocation'; readonly allocations: readonly Allocation[] };

export interface Allocation {
  readonly weight: number;
  readonly selectors: readonly JsonObject[];
}

export interface PolicyPlan {
  readonly name?: string;
  readonly fallbackQueueId?: string;
  readonly prioritization?: RulePlan;
  readonly queueAttachments: readonly AttachmentPlan[];
  readonly workerAttachments: readonly AttachmentPlan[];
}

export const LABEL_OPERATORS = ['equal', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual'] as const;
const RULE_KINDS = ['directMap', 'expression', 'function', 'static', 'webhook'];
const ATTACHMENT_KINDS = ['conditional', 'passThrough', 'ruleEngine', 'static', 'weightedAllocation'];
/** Allocation weights are fractions of 1 (the OpenAPI); their sum may differ from 1 by rounding only. */
const WEIGHT_TOLERANCE = 1e-6;

const bad = <T>(message: string): Result<T> => fail(errors.badRequest(message));
const present = (value: unknown): boolean => value !== undefined && value !== null;
const selectorsKey = (side: Side): string => (side === 'queue' ? 'queueSelectors' : 'workerSelectors');

function asObject(value: unknown, path: string): Result<JsonObject> {
  return isJsonObject(value) ? ok(value) : bad(`"${path}" must be an object`);
}

function need(body: JsonObject, key: string, path: string): Result<unknown> {
  return present(body[key]) ? ok(body[key]) : bad(`"${path}.${key}" is required`);
}

function asString(value: unknown, path: string): Result<string> {
  return typeof value === 'string' ? ok(value) : bad(`"${path}" must be a string`);
}

function asOneOf(value: unknown, options: readonly string[], path: string): Result<string> {
  return typeof value === 'string' && options.includes(value) ? ok(value) : bad(`"${path}" must be one of ${options.join(', ')}`);
}

function asNumber(value: unknown, path: string, min: number): Result<number> {
  if (typeof value !== 'number' || !Number.isFinite(value)) return bad(`"${path}" must be a number`);
  return value >= min ? ok(value) : bad(`"${path}" must be at least ${min}`);
}

function arrayOf<T>(value: unknown, path: string, item: (entry: unknown, at: string) => Result<T>): Result<T[]> {
  if (!Array.isArray(value)) return bad(`"${path}" must be an array`);
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) {
    const parsed = item(value[i], `${path}[${i}]`);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return ok(out);
}

export function parseRule(value: unknown, path: string): Result<RulePlan> {
  const rule = asObject(value, path);
  if (!rule.ok) return rule;
  const kindValue = need(rule.value, 'kind', path);
  if (!kindValue.ok) return kindValue;
  const kind = asOneOf(kindValue.value, RULE_KINDS, `${path}.kind`);
  if (!kind.ok) return kind;
  if (kind.value === 'function') return fail(errors.notImplemented('function router rules'));
  if (kind.value === 'webhook') return fail(errors.notImplemented('webhook router rules'));
  if (kind.value === 'expression') {
    const expression = need(rule.value, 'expression', path);
    if (!expression.ok) return expression;
    const text = asString(expression.value, `${path}.expression`);
    if (!text.ok) return text;
    if (present(rule.value['language'])) {
      const language = asOneOf(rule.value['language'], ['powerFx'], `${path}.language`);
      if (!language.ok) return language;
    }
  }
  if (kind.value === 'static' && present(rule.value['value']) && !isPrimitive(rule.value['value'])) {
    return bad(`"${path}.value" must be a string, number or boolean`);
  }
  return ok(compileRule(rule.value));
}

/** The `key` and `labelOperator` every selector and passThrough attachment requires. */
function keyAndOperator(body: JsonObject, path: string): Result<{ key: string; labelOperator: string }> {
  const key = need(body, 'key', path);
  if (!key.ok) return key;
  const keyText = asString(key.value, `${path}.key`);
  if (!keyText.ok) return keyText;
  const operator = need(body, 'labelOperator', path);
  if (!operator.ok) return operator;
  const labelOperator = asOneOf(operator.value, LABEL_OPERATORS, `${path}.labelOperator`);
  if (!labelOperator.ok) return labelOperator;
  return ok({ key: keyText.value, labelOperator: labelOperator.value });
}

/** RouterQueueSelector / RouterWorkerSelector: key and labelOperator required; worker selectors may expire or expedite. */
export function parseSelector(value: unknown, path: string, side: Side): Result<JsonObject> {
  const selector = asObject(value, path);
  if (!selector.ok) return selector;
  const body = selector.value;
  const keyed = keyAndOperator(body, path);
  if (!keyed.ok) return keyed;
  const { key: keyText, labelOperator } = keyed.value;
  if (present(body['value']) && !isPrimitive(body['value'])) return bad(`"${path}.value" must be a string, number or boolean`);
  const out: JsonObject = { key: keyText, labelOperator: labelOperator, ...(present(body['value']) ? { value: body['value'] } : {}) };
  if (side === 'queue') return ok(out);
  if (present(body['expiresAfterSeconds'])) {
    const seconds = asNumber(body['expiresAfterSeconds'], `${path}.expiresAfterSeconds`, 0);
    if (!seconds.ok) return seconds;
    out['expiresAfterSeconds'] = seconds.value;
  }
  if (present(body['expedite'])) {
    if (typeof body['expedite'] !== 'boolean') return bad(`"${path}.expedite" must be a boolean`);
    out['expedite'] = body['expedite'];
  }
  return ok(out);
}

function parseAllocations(body: JsonObject, path: string, side: Side): Result<AttachmentPlan> {
  const list = need(body, 'allocations', path);
  if (!list.ok) return list;
  const allocations = arrayOf(list.value, `${path}.allocations`, (entry, at): Result<Allocation> => {
    const allocation = asObject(entry, at);
    if (!allocation.ok) return allocation;
    const weightValue = need(allocation.value, 'weight', at);
    if (!weightValue.ok) return weightValue;
    const weight = asNumber(weightValue.value, `${at}.weight`, 0);
    if (!weight.ok) return weight;
    const selectorList = need(allocation.value, selectorsKey(side), at);
    if (!selectorList.ok) return selectorList;
    const selectors = arrayOf(selectorList.value, `${at}.${selectorsKey(side)}`, (s, p) => parseSelector(s, p, side));
    return selectors.ok ? ok({ weight: weight.value, selectors: selectors.value }) : selectors;
  });
  if (!allocations.ok) return allocations;
  const total = allocations.value.reduce((sum, a) => sum + a.weight, 0);
  if (allocations.value.length === 0 || Math.abs(total - 1) > WEIGHT_TOLERANCE) return bad(`"${path}.allocations" weights must add up to 1`);
  return ok({ kind: 'weightedAllocation', allocations: allocations.value });
}

function parseKeyed(body: JsonObject, path: string, side: Side): Result<AttachmentPlan> {
  const keyed = keyAndOperator(body, path);
  if (!keyed.ok) return keyed;
  const { key: keyText, labelOperator } = keyed.value;
  if (side === 'queue' || !present(body['expiresAfterSeconds'])) return ok({ kind: 'passThrough', key: keyText, labelOperator: labelOperator });
  const seconds = asNumber(body['expiresAfterSeconds'], `${path}.expiresAfterSeconds`, 0);
  return seconds.ok ? ok({ kind: 'passThrough', key: keyText, labelOperator: labelOperator, expiresAfterSeconds: seconds.value }) : seconds;
}

export function parseAttachment(value: unknown, path: string, side: Side): Result<AttachmentPlan> {
  const attachment = asObject(value, path);
  if (!attachment.ok) return attachment;
  const body = attachment.value;
  const kindValue = need(body, 'kind', path);
  if (!kindValue.ok) return kindValue;
  const kind = asOneOf(kindValue.value, ATTACHMENT_KINDS, `${path}.kind`);
  if (!kind.ok) return kind;
  switch (kind.value) {
    case 'static': {
      const key = side === 'queue' ? 'queueSelector' : 'workerSelector';
      const selector = need(body, key, path);
      if (!selector.ok) return selector;
      const parsed = parseSelector(selector.value, `${path}.${key}`, side);
      return parsed.ok ? ok({ kind: 'static', selector: parsed.value }) : parsed;
    }
    case 'conditional': {
      const condition = need(body, 'condition', path);
      if (!condition.ok) return condition;
      const rule = parseRule(condition.value, `${path}.condition`);
      if (!rule.ok) return rule;
      const list = need(body, selectorsKey(side), path);
      if (!list.ok) return list;
      const selectors = arrayOf(list.value, `${path}.${selectorsKey(side)}`, (s, p) => parseSelector(s, p, side));
      return selectors.ok ? ok({ kind: 'conditional', condition: rule.value, selectors: selectors.value }) : selectors;
    }
    case 'passThrough':
      return parseKeyed(body, path, side);
    case 'ruleEngine': {
      const ruleValue = need(body, 'rule', path);
      if (!ruleValue.ok) return ruleValue;
      const rule = parseRule(ruleValue.value, `${path}.rule`);
      return rule.ok ? ok({ kind: 'ruleEngine', rule: rule.value }) : rule;
    }
    default:
      return parseAllocations(body, path, side);
  }
}

/** The whole policy document (after the merge patch), or the first problem found. */
export function parsePolicy(doc: JsonObject): Result<PolicyPlan> {
  for (const key of ['name', 'fallbackQueueId']) {
    if (present(doc[key]) && typeof doc[key] !== 'string') return bad(`"${key}" must be a string`);
  }
  let prioritization: RulePlan | undefined;
  if (present(doc['prioritizationRule'])) {
    const rule = parseRule(doc['prioritizationRule'], 'prioritizationRule');
    if (!rule.ok) return rule;
    prioritization = rule.value;
  }
  const attachments = (key: string, side: Side): Result<AttachmentPlan[]> =>
    present(doc[key]) ? arrayOf(doc[key], key, (a, p) => parseAttachment(a, p, side)) : ok([]);
  const queueAttachments = attachments('queueSelectorAttachments', 'queue');
  if (!queueAttachments.ok) return queueAttachments;
  const workerAttachments = attachments('workerSelectorAttachments', 'worker');
  if (!workerAttachments.ok) return workerAttachments;
  return ok({
    ...(typeof doc['name'] === 'string' ? { name: doc['name'] } : {}),
    ...(typeof doc['fallbackQueueId'] === 'string' ? { fallbackQueueId: doc['fallbackQueueId'] } : {}),
    ...(prioritization ? { prioritization } : {}),
    queueAttachments: queueAttachments.value,
    workerAttachments: workerAttachments.value,
  });
}

/** The published shape of an attachment. */
export function attachmentView(plan: AttachmentPlan, side: Side): JsonObject {
  switch (plan.kind) {
    case 'static': return { kind: 'static', [side === 'queue' ? 'queueSelector' : 'workerSelector']: plan.selector };
    case 'conditional': return { kind: 'conditional', condition: ruleView(plan.condition), [selectorsKey(side)]: plan.selectors };
    case 'passThrough': {
      const { kind, key, labelOperator, expiresAfterSeconds } = plan;
      return { kind, key, labelOperator, ...(expiresAfterSeconds === undefined ? {} : { expiresAfterSeconds }) };
    }
    case 'ruleEngine': return { kind: 'ruleEngine', rule: ruleView(plan.rule) };
    case 'weightedAllocation': return { kind: 'weightedAllocation', allocations: plan.allocations.map((a) => ({ weight: a.weight, [selectorsKey(side)]: a.selectors })) };
  }
}
