import { KIT_OPERATIONS } from '../../src/contract/openapi';
import { ROUTER_EVENT_TYPES, dataSchemaFor } from '../../src/contract/event-schemas';
import { isSchemaId, schemaOf, type JsonSchema } from '../../src/contract/schemas';
import { ERROR_OPERATORS, EVENT_OPERATORS, INSTANT_OPERATORS, STATUS_OPERATORS, STRING_OPERATORS } from '../../emulator/src/mutants/id';
import { shortOperationName } from '../../emulator/src/mutants/operations';
import { DATE_TIME_SPELLINGS, TEXT_SPELLINGS } from '../../emulator/src/mutants/spellings';

/**
 * The generated fault space: every (operator × location) the schemas and the operation list define. A field added to
 * a schema, an operation added to the kit's list or an event data schema added adds its mutants here, with no list
 * to keep by hand. Ids are stable: the same schemas give the same ids in the same order.
 */
export interface GeneratedMutant {
  readonly id: string;
  /** The operator family, for the score by operator. */
  readonly operator: string;
}

const record = (value: unknown): JsonSchema | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined);

function resolve(schema: JsonSchema): JsonSchema {
  const ref = schema['$ref'];
  return typeof ref === 'string' && isSchemaId(ref) ? schemaOf(ref) : schema;
}

/** Own and inherited (allOf) properties of an object schema. */
function propertiesOf(schema: JsonSchema): [string, JsonSchema][] {
  const own = Object.entries(record(schema['properties']) ?? {}).flatMap(([k, v]) => (record(v) ? [[k, record(v) as JsonSchema] as [string, JsonSchema]] : []));
  const inherited = Array.isArray(schema['allOf']) ? schema['allOf'].flatMap((part) => (record(part) ? propertiesOf(resolve(record(part) as JsonSchema)) : [])) : [];
  return [...inherited, ...own];
}

type Leaf = { readonly path: string; readonly kind: 'string' | 'instant' };

/** Every string and date-time leaf of an answer schema, with `[]` for array items and `*` for map values. */
function leavesOf(schema: JsonSchema, prefix: string, depth = 0): Leaf[] {
  if (depth > 4) return [];
  const s = resolve(schema);
  if (s['type'] === 'string') return [{ path: prefix, kind: s['format'] === 'date-time' ? 'instant' : 'string' }];
  if (s['type'] === 'array' && record(s['items'])) return leavesOf(record(s['items']) as JsonSchema, `${prefix}[]`, depth + 1);
  if (s['type'] !== 'object' && !s['allOf']) return [];
  const leaves = propertiesOf(s).flatMap(([key, child]) => leavesOf(child, `${prefix}.${key}`, depth + 1));
  // A map of typed entries (assignments); free-form maps (labels, tags: `additionalProperties: {}`) hold client data.
  const entry = record(s['additionalProperties']);
  if (entry && Object.keys(entry).length > 0) leaves.push(...leavesOf(entry, `${prefix}.*`, depth + 1));
  return leaves;
}

/** The known values an open-set string property lists in its description ("known values are a, b, c; …"). */
function knownValues(schema: JsonSchema, property: string): string[] {
  const description = record(record(schema['properties'])?.[property])?.['description'];
  const m = typeof description === 'string' ? /known values are ([^;]+);/.exec(description) : null;
  return m?.[1]?.split(',').map((v) => v.trim()) ?? [];
}

const ACTIONS = KIT_OPERATIONS.filter((op) => op.method === 'post').map((op) => shortOperationName(op.operationId));
/** Actions that answer ActionResult (`{}`): those can do nothing and still answer as if they had. */
const PLAIN_ACTIONS = KIT_OPERATIONS.filter((op) => op.method === 'post' && op.success['200'] === 'ActionResult').map((op) => shortOperationName(op.operationId));
/** The statuses the error contract is judged on that an operation can be driven to (ERR-*): each broken alone. */
const ERROR_STATUSES = [400, 401, 404, 405, 409, 412, 413, 415];

export function mutantSpace(): GeneratedMutant[] {
  const out: GeneratedMutant[] = [];
  const add = (operator: string, location: string): void => {
    out.push({ id: `gen:${operator}:${location}`, operator });
  };
  // Answers: one read per resource, and every action answering a result of its own (accept).
  for (const op of KIT_OPERATIONS) {
    const schemaName = op.success['200'];
    const isRead = op.method === 'get' && schemaName !== undefined && !schemaName.startsWith('Paged');
    const isResult = op.method === 'post' && schemaName !== undefined && schemaName !== 'ActionResult';
    if (!(isRead || isResult) || !schemaName || !isSchemaId(schemaName)) continue;
    for (const leaf of leavesOf(schemaOf(schemaName), schemaName)) {
      for (const operator of leaf.kind === 'string' ? STRING_OPERATORS : INSTANT_OPERATORS) add(operator, `${leaf.path}@${shortOperationName(op.operationId)}`);
    }
  }
  // Requests: each valid spelling class of each option, refused.
  for (const op of KIT_OPERATIONS) {
    if (op.method !== 'post' || !op.body || !isSchemaId(op.body.schema)) continue;
    for (const [field, property] of propertiesOf(schemaOf(op.body.schema))) {
      if (property['type'] !== 'string') continue;
      const classes = Object.keys(property['format'] === 'date-time' ? DATE_TIME_SPELLINGS : TEXT_SPELLINGS);
      for (const spelling of classes) add('refuse', `${op.body.schema}.${field}=${spelling}@${shortOperationName(op.operationId)}`);
    }
  }
  // Statuses: every other 2xx for every operation.
  for (const op of KIT_OPERATIONS) {
    const own = Object.keys(op.success);
    const schemaName = Object.values(op.success)[0] ?? 'NoContent';
    for (const operator of STATUS_OPERATORS) if (!own.includes(operator.slice('status-'.length))) add(operator, `${schemaName}@${shortOperationName(op.operationId)}`);
  }
  // The error contract, broken on one status at a time.
  for (const status of ERROR_STATUSES) for (const operator of ERROR_OPERATORS) add(operator, `ErrorResponse@${status}`);
  // Effects: each top-level field of the job and the worker, left as it was by each action.
  for (const schemaName of ['RouterJob', 'RouterWorker'] as const) {
    for (const [field] of propertiesOf(schemaOf(schemaName))) for (const action of ACTIONS) add('stale', `${schemaName}.${field}@${action}`);
  }
  // States: each action that answers `{}` does nothing in one job status.
  for (const state of knownValues(schemaOf('RouterJob'), 'status')) for (const action of PLAIN_ACTIONS) add('noop', `RouterJob.status=${state}@${action}`);
  // Events: each data field of each event type, dropped or altered. A field an event type inherits (allOf) is one
  // location for every type that shares it — the base schema's field, on every event whose name starts with the
  // base's (`RouterJob`, `RouterWorker`, `Router`) — not one per type, or the shared shape would weigh 20 times.
  const bases = new Map<string, string>();
  for (const type of ROUTER_EVENT_TYPES) {
    const schemaName = dataSchemaFor(type);
    if (!schemaName) continue;
    const name = type.slice(type.lastIndexOf('.') + 1);
    const schema = schemaOf(schemaName);
    for (const [field] of Object.entries(record(schema['properties']) ?? {})) for (const operator of EVENT_OPERATORS) add(operator, `${schemaName}.${field}@${name}`);
    for (const part of Array.isArray(schema['allOf']) ? schema['allOf'] : []) {
      const ref = record(part)?.['$ref'];
      if (typeof ref === 'string') bases.set(ref, name);
    }
  }
  for (const base of [...bases.keys()].sort()) {
    const prefix = /^AcsRouter(Job|Worker)?EventData$/.exec(base);
    if (!prefix || !isSchemaId(base)) continue;
    for (const [field] of Object.entries(record(schemaOf(base)['properties']) ?? {})) for (const operator of EVENT_OPERATORS) add(operator, `${base}.${field}@Router${prefix[1] ?? ''}`);
  }
  // The bases' own bases (AcsRouterJobEventData → AcsRouterEventData) are reached through them.
  for (const base of [...bases.keys()]) {
    if (!isSchemaId(base)) continue;
    for (const part of Array.isArray(schemaOf(base)['allOf']) ? (schemaOf(base)['allOf'] as unknown[]) : []) {
      const ref = record(part)?.['$ref'];
      if (typeof ref === 'string' && isSchemaId(ref) && !bases.has(ref)) for (const [field] of Object.entries(record(schemaOf(ref)['properties']) ?? {})) for (const operator of EVENT_OPERATORS) add(operator, `${ref}.${field}@Router`);
    }
  }
  const seen = new Set<string>();
  return out.filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)));
}
