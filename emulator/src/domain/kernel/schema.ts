import { parseDateTime } from './clock';
import type { JsonObject } from './json';

/** A tiny type schema: enough to refuse wrongly typed bodies with a precise message. Unknown properties pass. */
export type FieldType =
  | 'string' | 'number' | 'integer' | 'boolean' | 'date-time' | 'map'
  | { readonly arrayOf: FieldType }
  | { readonly objectOf: Readonly<Record<string, FieldType>> }
  | { readonly oneOf: readonly string[] };

export type ObjectSchema = Readonly<Record<string, FieldType>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(type: FieldType): string {
  if (typeof type === 'string') return type === 'map' ? 'an object' : `a ${type}`;
  if ('arrayOf' in type) return 'an array';
  if ('objectOf' in type) return 'an object';
  return `one of ${type.oneOf.join(', ')}`;
}

/** Labels and tags: "Values must be primitive values - number, string, boolean" (the OpenAPI); null is merge-patch's "remove". */
function checkPrimitiveValues(map: JsonObject, path: string): string | undefined {
  for (const [key, value] of Object.entries(map)) {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number' && Number.isFinite(value)) continue;
    return `"${path}.${key}" must be a string, number or boolean`;
  }
  return undefined;
}

/** The first problem found, as a message naming the property path, or undefined when the value fits. */
export function checkValue(value: unknown, type: FieldType, path: string): string | undefined {
  const wrong = `"${path}" must be ${describe(type)}`;
  if (typeof type === 'string') {
    switch (type) {
      case 'string': return typeof value === 'string' ? undefined : wrong;
      case 'number': return typeof value === 'number' && Number.isFinite(value) ? undefined : wrong;
      case 'integer': return Number.isInteger(value) && Math.abs(value as number) <= 2 ** 31 - 1 ? undefined : `"${path}" must be a 32-bit integer`;
      case 'boolean': return typeof value === 'boolean' ? undefined : wrong;
      case 'map': return isJsonObject(value) ? checkPrimitiveValues(value, path) : wrong;
      case 'date-time':
        return typeof value === 'string' && parseDateTime(value) !== undefined ? undefined : `"${path}" must be an RFC 3339 date-time string`;
    }
  }
  if ('oneOf' in type) return typeof value === 'string' && type.oneOf.includes(value) ? undefined : wrong;
  if ('arrayOf' in type) {
    if (!Array.isArray(value)) return wrong;
    for (let i = 0; i < value.length; i++) {
      const problem = checkValue(value[i], type.arrayOf, `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!isJsonObject(value)) return wrong;
  return checkObject(value, type.objectOf, path);
}

/** Absent and null properties are skipped: null is merge-patch's "remove". */
export function checkObject(body: JsonObject, schema: ObjectSchema, prefix = ''): string | undefined {
  for (const [key, type] of Object.entries(schema)) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    const problem = checkValue(value, type, prefix ? `${prefix}.${key}` : key);
    if (problem) return problem;
  }
  return undefined;
}

/** RFC 7396 JSON merge patch. */
export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const result: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (isJsonObject(value)) result[key] = mergePatch(isJsonObject(result[key]) ? result[key] : {}, value);
    else result[key] = value;
  }
  return result;
}

export const OPTIONS_SCHEMAS = {
  cancel: { note: 'string', dispositionCode: 'string' },
  close: { dispositionCode: 'string', closeAt: 'date-time', note: 'string' },
  complete: { note: 'string' },
  decline: { retryOfferAt: 'date-time' },
  unassign: { suspendMatching: 'boolean' },
} as const satisfies Record<string, ObjectSchema>;

const selector: FieldType = {
  objectOf: { key: 'string', labelOperator: { oneOf: ['equal', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual'] }, expiresAfterSeconds: 'number', expedite: 'boolean' },
};

export const RESOURCE_SCHEMAS = {
  distributionPolicy: {
    name: 'string',
    offerExpiresAfterSeconds: 'number',
    mode: { objectOf: { kind: { oneOf: ['bestWorker', 'longestIdle', 'roundRobin'] }, minConcurrentOffers: 'integer', maxConcurrentOffers: 'integer', bypassSelectors: 'boolean' } },
  },
  queue: { name: 'string', distributionPolicyId: 'string', exceptionPolicyId: 'string', labels: 'map' },
  worker: {
    queues: { arrayOf: 'string' },
    capacity: 'integer',
    labels: 'map',
    tags: 'map',
    channels: { arrayOf: { objectOf: { channelId: 'string', capacityCostPerJob: 'integer', maxNumberOfJobs: 'integer' } } },
    availableForOffers: 'boolean',
  },
  job: {
    channelReference: 'string',
    channelId: 'string',
    classificationPolicyId: 'string',
    queueId: 'string',
    priority: 'integer',
    dispositionCode: 'string',
    requestedWorkerSelectors: { arrayOf: selector },
    labels: 'map',
    tags: 'map',
    notes: { arrayOf: { objectOf: { message: 'string', addedAt: 'date-time' } } },
    matchingMode: { objectOf: { kind: { oneOf: ['queueAndMatch', 'scheduleAndSuspend', 'suspend'] } } },
  },
} as const satisfies Record<string, ObjectSchema>;

/** Required properties inside arrays of objects (channels need both ids and costs; notes need a message). */
export function checkRequired(items: unknown, required: readonly string[], path: string): string | undefined {
  if (!Array.isArray(items)) return undefined;
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    for (const key of required) if (!isJsonObject(item) || item[key] === undefined) return `"${path}[${i}].${key}" is required`;
  }
  return undefined;
}
