import { isJsonMediaType } from '../error-contract';
import { schemaOf, type SchemaId } from '../schemas';
import { ABSENT, type ActionResponse, type Pattern, type Snapshot, type Value } from './types';

/**
 * Canonical trees of what the kit reads, so "before" and "after" compare property by property:
 * - only the properties the schemas define are kept. Properties no schema defines are the implementation's (a
 *   vendor's `lastUpdatedAt`, say): no document gives them a meaning, so none can say they must not change, and
 *   judging them would turn a harmless extension into a finding. They are neither predicted nor judged.
 * - lists keyed by an id become maps (offers by offerId, assignedJobs by assignmentId), so a removed offer is one
 *   missing key rather than every later index shifting; notes stay a list, because "appended" is about order.
 */

type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const knownCache = new Map<SchemaId, ReadonlySet<string>>();
function known(id: SchemaId): ReadonlySet<string> {
  let set = knownCache.get(id);
  if (!set) {
    const properties = schemaOf(id)['properties'];
    set = new Set(isObject(properties) ? Object.keys(properties) : []);
    knownCache.set(id, set);
  }
  return set;
}

function pick(value: unknown, id: SchemaId): unknown {
  if (!isObject(value)) return value;
  const keep = known(id);
  return Object.fromEntries(Object.entries(value).filter(([k]) => keep.has(k)));
}

/** A list of objects as a map keyed by `key` (entries without one keep their index, as `#i`). */
function keyed(list: unknown, key: string, id: SchemaId): unknown {
  if (!Array.isArray(list)) return list;
  const out: Json = {};
  list.forEach((item, i) => {
    const k = isObject(item) && typeof item[key] === 'string' ? item[key] : `#${i}`;
    out[k in out ? `${k}#${i}` : k] = pick(item, id);
  });
  return out;
}

export function canonicalJob(body: unknown): unknown {
  if (!isObject(body)) return body;
  const job = pick(body, 'RouterJob') as Json;
  if (isObject(job['assignments'])) {
    job['assignments'] = Object.fromEntries(Object.entries(job['assignments']).map(([k, a]) => [k, pick(a, 'RouterJobAssignment')]));
  }
  if (Array.isArray(job['notes'])) job['notes'] = job['notes'].map((n) => pick(n, 'RouterJobNote'));
  return job;
}

export function canonicalWorker(body: unknown): unknown {
  if (!isObject(body)) return body;
  const worker = pick(body, 'RouterWorker') as Json;
  if ('offers' in worker) worker['offers'] = keyed(worker['offers'], 'offerId', 'RouterJobOffer');
  if ('assignedJobs' in worker) worker['assignedJobs'] = keyed(worker['assignedJobs'], 'assignmentId', 'RouterWorkerAssignment');
  return worker;
}

/** The action's answer as a tree: its status, whether it is JSON, whether the body is an object, and the body. */
export function canonicalResponse(res: ActionResponse): Json {
  // A body that is not an object is judged once, by bodyIsObject, not again property by property.
  return { status: res.status, json: res.body !== undefined && isJsonMediaType(res.contentType), bodyIsObject: isObject(res.body), ...(isObject(res.body) ? { body: res.body } : {}) };
}

/** The trees the rules speak about: `job`, `worker` (when read) and, after the action, `response`. */
export function treesOf(snapshot: Snapshot, response?: ActionResponse): Json {
  return {
    job: snapshot.job === null ? null : canonicalJob(snapshot.job),
    ...(snapshot.worker === undefined ? {} : { worker: snapshot.worker === null ? null : canonicalWorker(snapshot.worker) }),
    ...(response ? { response: canonicalResponse(response) } : {}),
  };
}

export function at(tree: unknown, path: readonly string[]): Value {
  let node: unknown = tree;
  for (const segment of path) {
    if (Array.isArray(node)) {
      const i = Number(segment);
      if (!Number.isInteger(i) || i < 0 || i >= node.length) return ABSENT;
      node = node[i];
    } else if (isObject(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return ABSENT;
  }
  return node;
}

export function matches(pattern: Pattern, path: readonly string[]): boolean {
  for (let i = 0; i < pattern.length; i += 1) {
    const p = pattern[i];
    if (p === '**') return path.length > i;
    if (i >= path.length || (p !== '*' && p !== path[i])) return false;
  }
  return pattern.length === path.length;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The instant a date-time string names (ms), or undefined. */
export function instantOf(value: Value): number | undefined {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Deep equality where two date-time strings naming the same instant are equal (a re-spelling is no change). */
export function same(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === ABSENT || b === ABSENT) return false;
  const ia = instantOf(a);
  if (ia !== undefined && ia === instantOf(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => same(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same(Object.hasOwn(a, k) ? a[k] : ABSENT, Object.hasOwn(b, k) ? b[k] : ABSENT));
  }
  return false;
}

export function show(value: Value): string {
  if (value === ABSENT) return '(absent)';
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}

export const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));
