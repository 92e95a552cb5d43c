import { parseAnnotation, record } from './annotation';
import type { ExchangeRecord } from './evidence';
import { KIT_OPERATIONS, type KitOperation } from './openapi';

/**
 * STATUS-01: every success answer of the run carries a status its operation documents (the published document's
 * 2xx responses), whichever test sent it — setup, cleanup and the kit's own reads included. A 201 for a delete, a 204
 * for a list or a 202 for an action breaks a client written against the document as surely as a wrong body does.
 * Like the error contract, it is tallied per test and folded over the whole run (src/report/build.ts).
 */
export const STATUS_CONTRACT_ID = 'STATUS-01';
export const STATUS_CONTRACT_ANNOTATION = 'status-contract';
const EXAMPLES = 3;

export interface StatusBreach {
  readonly what: string;
  readonly why: string;
  readonly curl: string;
}

export interface StatusContractTally {
  /** Success answers judged. */
  readonly checked: number;
  readonly count: number;
  readonly examples: readonly StatusBreach[];
}

const escape = (text: string): string => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** Each operation's path template as a pattern over the path as sent (a parameter is one non-empty segment part). */
const MATCHERS: readonly { readonly op: KitOperation; readonly method: string; readonly pattern: RegExp }[] = KIT_OPERATIONS.map((op) => ({
  op,
  method: op.method.toUpperCase(),
  pattern: new RegExp(`${op.path.split(/\{[^}]+\}/).map(escape).join('[^/:]+')}$`),
}));

/** The operation an exchange was, by its method and path (any prefix before /routing kept out). */
export function operationOf(method: string, url: string): KitOperation | undefined {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0] ?? '';
  const at = path.indexOf('/routing/');
  if (at < 0) return undefined;
  const routing = path.slice(at);
  return MATCHERS.find((m) => m.method === method.toUpperCase() && m.pattern.test(routing))?.op;
}

/** The breach an exchange is; undefined for an answer that is no success, or of an operation the kit does not know. */
export function statusBreachOf(e: ExchangeRecord): StatusBreach | undefined {
  if (e.status === undefined || e.status < 200 || e.status > 299) return undefined;
  const op = operationOf(e.method, e.url);
  if (!op || String(e.status) in op.success) return undefined;
  return {
    what: `${e.method} ${e.url.replace(/[?&]api-version=[^&]*/, '')} → ${e.status}`,
    why: `${op.operationId} documents ${Object.keys(op.success).join(' or ')}, not ${e.status}`,
    curl: e.curl,
  };
}

export function emptyStatusTally(): StatusContractTally {
  return { checked: 0, count: 0, examples: [] };
}

/** Counts one exchange: success answers are judged, everything else passes by. */
export function addStatus(tally: StatusContractTally, e: ExchangeRecord): StatusContractTally {
  if (e.status === undefined || e.status < 200 || e.status > 299 || !operationOf(e.method, e.url)) return tally;
  const breach = statusBreachOf(e);
  if (!breach) return { ...tally, checked: tally.checked + 1 };
  return { checked: tally.checked + 1, count: tally.count + 1, examples: [...tally.examples, breach].slice(0, EXAMPLES) };
}

export function mergeStatusTallies(a: StatusContractTally, b: StatusContractTally): StatusContractTally {
  return { checked: a.checked + b.checked, count: a.count + b.count, examples: [...a.examples, ...b.examples].slice(0, EXAMPLES) };
}

/** Reads the annotation leniently (src/contract/annotation.ts): anything malformed counts as nothing. */
export function parseStatusTally(text: string | undefined): StatusContractTally | undefined {
  const value = parseAnnotation(text);
  if (!value || typeof value['checked'] !== 'number' || typeof value['count'] !== 'number' || !Array.isArray(value['examples'])) return undefined;
  const examples = value['examples'].flatMap((x: unknown) => { const r = record(x); return r ? [r] : []; }).map((x) => ({ what: String(x['what'] ?? ''), why: String(x['why'] ?? ''), curl: String(x['curl'] ?? '') }));
  return { checked: value['checked'], count: value['count'], examples };
}
