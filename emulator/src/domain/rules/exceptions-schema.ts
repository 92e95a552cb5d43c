import { errors, fail, ok, type Result } from '../kernel/errors';
import type { JsonObject } from '../kernel/json';
import { checkObject, isJsonObject, RESOURCE_SCHEMAS, type ObjectSchema } from '../kernel/schema';

/**
 * The body of an exception policy (ExceptionPolicyCreateOrUpdate, ExceptionRule, ExceptionTrigger, ExceptionAction of
 * the 2023-11-01 OpenAPI): checked property by property, with a message that names the path of the first problem.
 */
export type ExceptionTrigger =
  | { readonly kind: 'queueLength'; readonly threshold: number }
  | { readonly kind: 'waitTime'; readonly thresholdSeconds: number };

export type ExceptionAction =
  | { readonly kind: 'cancel'; readonly id: string; readonly note?: string; readonly dispositionCode?: string }
  | { readonly kind: 'manualReclassify'; readonly id: string; readonly queueId?: string; readonly priority?: number; readonly workerSelectors?: readonly JsonObject[] }
  | { readonly kind: 'reclassify'; readonly id: string; readonly classificationPolicyId?: string; readonly labelsToUpsert?: JsonObject };

export interface ExceptionRule {
  readonly id: string;
  readonly trigger: ExceptionTrigger;
  readonly actions: readonly ExceptionAction[];
}

/** The rules as typed state, and as the wire shape kept in the policy's doc (action ids filled in). */
export interface ParsedRules {
  readonly rules: ExceptionRule[];
  readonly wire: JsonObject[];
}

const TRIGGER_SCHEMAS = {
  queueLength: { threshold: 'integer' },
  waitTime: { thresholdSeconds: 'number' },
} as const satisfies Record<ExceptionTrigger['kind'], ObjectSchema>;

const ACTION_SCHEMAS = {
  cancel: { id: 'string', note: 'string', dispositionCode: 'string' },
  manualReclassify: { id: 'string', queueId: 'string', priority: 'integer', workerSelectors: RESOURCE_SCHEMAS.job.requestedWorkerSelectors },
  reclassify: { id: 'string', classificationPolicyId: 'string', labelsToUpsert: 'map' },
} as const satisfies Record<ExceptionAction['kind'], ObjectSchema>;

const TRIGGER_KINDS = Object.keys(TRIGGER_SCHEMAS);
const ACTION_KINDS = Object.keys(ACTION_SCHEMAS);

const isActionKind = (kind: unknown): kind is ExceptionAction['kind'] => typeof kind === 'string' && ACTION_KINDS.includes(kind);

/** Inside arrays merge patch does not apply, so a null there only means "not given". */
const withoutNulls = (value: JsonObject): JsonObject => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));

const absent = (value: unknown): boolean => value === undefined || value === null;

function requireKind(value: JsonObject, kinds: readonly string[], path: string): string | undefined {
  const kind = value['kind'];
  if (absent(kind)) return `"${path}.kind" is required`;
  return typeof kind === 'string' && kinds.includes(kind) ? undefined : `"${path}.kind" must be one of ${kinds.join(', ')}`;
}

function checkTrigger(value: unknown, path: string): string | undefined {
  if (absent(value)) return `"${path}" is required`;
  if (!isJsonObject(value)) return `"${path}" must be an object`;
  const kindProblem = requireKind(value, TRIGGER_KINDS, path);
  if (kindProblem) return kindProblem;
  if (value['kind'] === 'queueLength') {
    if (absent(value['threshold'])) return `"${path}.threshold" is required`;
    const problem = checkObject(value, TRIGGER_SCHEMAS.queueLength, path);
    if (problem) return problem;
    // The .NET reference of QueueLengthExceptionTrigger(Int32): "Must be greater than 0".
    return (value['threshold'] as number) > 0 ? undefined : `"${path}.threshold" must be greater than 0`;
  }
  if (absent(value['thresholdSeconds'])) return `"${path}.thresholdSeconds" is required`;
  const problem = checkObject(value, TRIGGER_SCHEMAS.waitTime, path);
  if (problem) return problem;
  return (value['thresholdSeconds'] as number) >= 0 ? undefined : `"${path}.thresholdSeconds" must not be negative`;
}

function checkAction(value: unknown, path: string): string | undefined {
  if (!isJsonObject(value)) return `"${path}" must be an object`;
  const kind = value['kind'];
  if (!isActionKind(kind)) return requireKind(value, ACTION_KINDS, path);
  const problem = checkObject(value, ACTION_SCHEMAS[kind], path);
  if (problem) return problem;
  if (typeof value['id'] === 'string' && value['id'] === '') return `"${path}.id" must not be empty`;
  return kind === 'manualReclassify' ? checkSelectors(value['workerSelectors'], `${path}.workerSelectors`) : undefined;
}

/** RouterWorkerSelector requires key and labelOperator; inside an array a null is as good as absent. */
function checkSelectors(value: unknown, path: string): string | undefined {
  if (!Array.isArray(value)) return undefined;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    for (const key of ['key', 'labelOperator']) if (!isJsonObject(item) || absent(item[key])) return `"${path}[${i}].${key}" is required`;
  }
  return undefined;
}

function checkRule(value: unknown, path: string, seen: Set<string>): string | undefined {
  if (!isJsonObject(value)) return `"${path}" must be an object`;
  const id = value['id'];
  if (absent(id)) return `"${path}.id" is required`;
  if (typeof id !== 'string') return `"${path}.id" must be a string`;
  if (id === '') return `"${path}.id" must not be empty`;
  if (seen.has(id)) return `"${path}.id" repeats the rule id "${id}"`;
  seen.add(id);
  const triggerProblem = checkTrigger(value['trigger'], `${path}.trigger`);
  if (triggerProblem) return triggerProblem;
  const actions = value['actions'];
  if (absent(actions)) return `"${path}.actions" is required`;
  if (!Array.isArray(actions)) return `"${path}.actions" must be an array`;
  for (let i = 0; i < actions.length; i++) {
    const problem = checkAction(actions[i], `${path}.actions[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

/** The first problem of `exceptionRules`, or undefined when it fits (absent and null fit: no rules). */
export function checkRules(value: unknown): string | undefined {
  if (absent(value)) return undefined;
  if (!Array.isArray(value)) return '"exceptionRules" must be an array';
  const seen = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const problem = checkRule(value[i], `exceptionRules[${i}]`, seen);
    if (problem) return problem;
  }
  return undefined;
}

function toTrigger(wire: JsonObject): ExceptionTrigger {
  return wire['kind'] === 'queueLength'
    ? { kind: 'queueLength', threshold: Number(wire['threshold']) }
    : { kind: 'waitTime', thresholdSeconds: Number(wire['thresholdSeconds']) };
}

const optionalString = (wire: JsonObject, key: string): Record<string, string> => (typeof wire[key] === 'string' ? { [key]: wire[key] } : {});

function toAction(wire: JsonObject, id: string): ExceptionAction {
  switch (wire['kind']) {
    case 'cancel':
      return { kind: 'cancel', id, ...optionalString(wire, 'note'), ...optionalString(wire, 'dispositionCode') };
    case 'manualReclassify': {
      const selectors = wire['workerSelectors'];
      return {
        kind: 'manualReclassify', id, ...optionalString(wire, 'queueId'),
        ...(typeof wire['priority'] === 'number' ? { priority: wire['priority'] } : {}),
        ...(Array.isArray(selectors) ? { workerSelectors: selectors.filter(isJsonObject).map(withoutNulls) } : {}),
      };
    }
    default: {
      const labels = wire['labelsToUpsert'];
      return { kind: 'reclassify', id, ...optionalString(wire, 'classificationPolicyId'), ...(isJsonObject(labels) ? { labelsToUpsert: labels } : {}) };
    }
  }
}

/**
 * Rules that passed checkRules, typed, and their wire shape: `{id, trigger, actions}` in the order production answers,
 * each action keeping what was sent and gaining an `id` from `newId` when it had none (the service makes one, observed).
 */
export function parseRules(value: unknown, newId: () => string): Result<ParsedRules> {
  const problem = checkRules(value);
  if (problem) return fail(errors.badRequest(problem));
  const rules: ExceptionRule[] = [];
  const wire: JsonObject[] = [];
  for (const item of Array.isArray(value) ? value : []) {
    if (!isJsonObject(item) || !isJsonObject(item['trigger']) || !Array.isArray(item['actions'])) continue;
    const trigger = withoutNulls(item['trigger']);
    const actions = item['actions'].filter(isJsonObject).map((action) => {
      const cleaned = withoutNulls(action);
      return { ...cleaned, id: typeof cleaned['id'] === 'string' ? cleaned['id'] : newId() };
    });
    const id = String(item['id']);
    rules.push({ id, trigger: toTrigger(trigger), actions: actions.map((a) => toAction(a, a.id)) });
    wire.push({ id, trigger, actions });
  }
  return ok({ rules, wire });
}
