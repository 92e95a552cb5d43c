import { parseDateTime } from './domain/kernel/clock';
import { errors } from './domain/kernel/errors';
import { apiVersionAcceptance, requestChecks } from './fault-wire-checks';
import type { FaultName } from './faults';
import type { Reply } from './http/reply';
import { CLEAN_WIRE, type Answer, type WireLayer, type WireRequest as RouteRequest } from './http/wire';

/**
 * The wire faults of the answer side, LocalStack-style: each rewrites the documented answer on its way out (error
 * shape, headers, JSON shape, framing, latency). The HTTP adapter builds the documented answer and names no fault.
 * Those of the request side (skipped checks, api-versions served) are in fault-wire-checks.ts.
 */
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

// Map-like properties hold client data: adding keys there would change meaning, not just shape.
const MAP_PROPERTIES = new Set(['labels', 'tags', 'assignments']);

function withExtraProperties(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => withExtraProperties(item));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, child]) => [key, MAP_PROPERTIES.has(key) ? child : withExtraProperties(child, key)] as const);
  return MAP_PROPERTIES.has(parentKey) ? Object.fromEntries(entries) : { ...Object.fromEntries(entries), emulatorExtra: 'unknown property' };
}

function withReversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withReversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, child]) => [key, withReversedKeys(child)]));
}

/** The error object inside a shaped error body: `error` (documented) or `communicationError` (observed). */
function errorObject(answer: Answer): { key: 'error' | 'communicationError'; object: Json } | undefined {
  if (!isObject(answer.json)) return undefined;
  for (const key of ['error', 'communicationError'] as const) {
    const object = answer.json[key];
    if (isObject(object)) return { key, object };
  }
  return undefined;
}

/** Rewrites of an error's answer, applied in this order (the documented shape only where a rule says so). */
type ErrorAnswerRule = (answer: Answer, error: { code: string; message: string; status: number }) => Answer;

const ERROR_ANSWER_RULES: readonly (readonly [FaultName, ErrorAnswerRule])[] = [
  ['auth-error-bare', (answer, error) => (error.status === 401 ? { status: 401, headers: {} } : answer)],
  ['error-text-plain', (answer, error) => (answer.json === undefined ? answer : { status: error.status, contentType: 'text/plain; charset=utf-8', text: `${error.code}: ${error.message}`, headers: {} })],
  ['error-details', (answer) => {
    const found = errorObject(answer);
    if (!found) return answer;
    const details = found.object['details'] ?? [{ code: 'EmulatorDetail', message: 'An extra detail a client must tolerate.' }];
    return { ...answer, json: { ...(answer.json as Json), [found.key]: { ...found.object, details, innererror: { code: 'EmulatorInnerError' } } } };
  }],
  ['error-no-message', (answer) => {
    const found = errorObject(answer);
    if (found?.key !== 'error') return answer;
    const { message: _dropped, ...rest } = found.object;
    return { ...answer, json: { ...(answer.json as Json), error: rest } };
  }],
  ['error-header-missing', (answer) => {
    const { 'x-ms-error-code': _dropped, ...headers } = answer.headers;
    return { ...answer, headers };
  }],
  ['error-header-mismatch', (answer) => {
    const code = answer.headers['x-ms-error-code'];
    return code === undefined ? answer : { ...answer, headers: { ...answer.headers, 'x-ms-error-code': `${code}Mismatch` } };
  }],
  ['error-unwrapped', (answer) => {
    const found = errorObject(answer);
    return found?.key === 'error' ? { ...answer, json: found.object } : answer;
  }],
];

/** A rule around the routes of some actions (the pattern's `:action`): it may answer in the handler's place or change its reply. */
interface RouteRule {
  readonly actions: readonly string[];
  readonly wrap: (request: RouteRequest, next: (request: RouteRequest) => Reply, action: string) => Reply;
}

/** More than three fraction digits: what `date-time-fraction-refused` refuses. */
const LONG_FRACTION = /\.\d{4,}/;

/** The request's JSON object body, or undefined when it has none (the handler then answers as it does). */
function bodyOf(r: RouteRequest): Json | undefined {
  try {
    const value: unknown = JSON.parse(r.body.toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The request with one option rewritten (undefined removes it), as if the client had sent that. */
function withOption(r: RouteRequest, body: Json, key: string, value: unknown): RouteRequest {
  const { [key]: _old, ...rest } = body;
  return { ...r, body: Buffer.from(JSON.stringify(value === undefined ? rest : { ...rest, [key]: value }), 'utf8') };
}

const DATE_OPTION: Readonly<Record<string, string>> = { close: 'closeAt', decline: 'retryOfferAt' };

const refuse = (message: string): Reply => ({ kind: 'error', error: errors.badRequest(message) });
const ok200 = (reply: Reply): boolean => reply.kind === 'json' && reply.status === 200;
const ACTIONS_WITH_EMPTY_RESULT = ['cancel', 'complete', 'close', 'decline'];

const ROUTE_RULES: Partial<Record<FaultName, RouteRule>> = {
  // Listed first, so it sees the option as the client sent it.
  'date-time-fraction-refused': { actions: ['close', 'decline'], wrap: (r, next, action) => {
    const key = DATE_OPTION[action] ?? '';
    const text = bodyOf(r)?.[key];
    return typeof text === 'string' && LONG_FRACTION.test(text) ? refuse(`"${key}" has too many fraction digits.`) : next(r);
  } },
  'close-at-offset-ignored': { actions: ['close'], wrap: (r, next) => {
    const body = bodyOf(r);
    const text = body?.['closeAt'];
    return body && typeof text === 'string' ? next(withOption(r, body, 'closeAt', text.replace(/[+-]\d{2}:\d{2}$/, 'Z'))) : next(r);
  } },
  // Any string passes as closeAt; one that is no date-time then means "now".
  'close-at-invalid-accepted': { actions: ['close'], wrap: (r, next) => {
    const body = bodyOf(r);
    const text = body?.['closeAt'];
    return body && typeof text === 'string' && parseDateTime(text) === undefined ? next(withOption(r, body, 'closeAt', undefined)) : next(r);
  } },
  // The note is not type-checked: null is no note, any other value its JSON text.
  'complete-options-unchecked': { actions: ['complete'], wrap: (r, next) => {
    const body = bodyOf(r);
    const note = body?.['note'];
    if (!body || note === undefined || typeof note === 'string') return next(r);
    return next(withOption(r, body, 'note', note === null ? undefined : JSON.stringify(note)));
  } },
  // retryOfferAt is not checked: a value that is no date-time is ignored.
  'retry-offer-at-unchecked': { actions: ['decline'], wrap: (r, next) => {
    const body = bodyOf(r);
    const value = body?.['retryOfferAt'];
    const valid = value === undefined || (typeof value === 'string' && parseDateTime(value) !== undefined);
    return body && !valid ? next(withOption(r, body, 'retryOfferAt', undefined)) : next(r);
  } },
  'action-result-204': { actions: ACTIONS_WITH_EMPTY_RESULT, wrap: (r, next) => {
    const reply = next(r);
    return ok200(reply) ? { kind: 'empty', status: 204 } : reply;
  } },
  'action-result-not-json': { actions: ACTIONS_WITH_EMPTY_RESULT, wrap: (r, next) => {
    const reply = next(r);
    return ok200(reply) ? { kind: 'text', status: 200, body: 'OK' } : reply;
  } },
  'accept-result-no-assignment-id': { actions: ['accept'], wrap: (r, next) => {
    const reply = next(r);
    if (reply.kind !== 'json' || reply.status !== 200 || !isObject(reply.body)) return reply;
    return { ...reply, body: { jobId: reply.body['jobId'], workerId: reply.body['workerId'] } };
  } },
  'cancel-empty-body-refused': { actions: ['cancel'], wrap: (r, next) =>
    (isEmpty(r) && !declaresJson(r) ? refuse('A cancel body is required.') : next(r)) },
  'cancel-json-content-type-refused': { actions: ['cancel'], wrap: (r, next) =>
    (isEmpty(r) && declaresJson(r) ? refuse('An empty body is not valid JSON.') : next(r)) },
  'cancel-empty-object-refused': { actions: ['cancel'], wrap: (r, next) =>
    (r.body.toString('utf8').trim() === '{}' ? refuse('Cancel options must not be empty.') : next(r)) },
};

const isEmpty = (r: RouteRequest): boolean => r.body.toString('utf8').trim().length === 0;
const declaresJson = (r: RouteRequest): boolean => (r.contentType ?? '').toLowerCase().includes('json');

/** The action of a route pattern (`…/{jobId}:cancel` → `cancel`). */
const actionOf = (route: { readonly pattern: string }): string | undefined => {
  const colon = route.pattern.lastIndexOf(':');
  return colon < 0 ? undefined : route.pattern.slice(colon + 1);
};

/** The deep-extra-property variation: how deep, and which bodies (a single job or worker, as reads and upserts return). */
export const DEEP_EXTRA_LEVELS = 1500;
const JOB_OR_WORKER = /^\/routing\/(?:jobs|workers)\/[^/:]+$/;

/** Spliced in as text: the emulator itself never holds (or recurses over) the deep value. */
function withDeepExtra(text: string): string {
  if (!text.startsWith('{') || !text.endsWith('}')) return text;
  const deep = `${'{"level":'.repeat(DEEP_EXTRA_LEVELS - 1)}{"level":0}${'}'.repeat(DEEP_EXTRA_LEVELS - 1)}`;
  return `${text.slice(0, -1)}${text === '{}' ? '' : ','}"emulatorDeepExtra":${deep}}`;
}

/** "latency-150ms": how long every answer waits. */
export const WIRE_LATENCY_MS = 150;

export function wireLayer(faults: ReadonlySet<FaultName>): WireLayer {
  const on = (name: FaultName): boolean => faults.has(name);
  const errorRules = ERROR_ANSWER_RULES.filter(([name]) => on(name)).map(([, rule]) => rule);
  return {
    checks: requestChecks(faults),
    acceptsApiVersion: apiVersionAcceptance(faults),
    error: (error) => (on('server-error-for-not-found') && error.status === 404 ? errors.internal() : CLEAN_WIRE.error(error)),
    errorAnswer: (answer, error) => errorRules.reduce((shaped, rule) => rule(shaped, error), answer),
    json: (value) => {
      let shaped = value;
      if (on('extra-properties')) shaped = withExtraProperties(shaped);
      if (on('key-order')) shaped = withReversedKeys(shaped);
      return shaped;
    },
    jsonText: (text, path) => (on('deep-extra-property') && JOB_OR_WORKER.test(path) ? withDeepExtra(text) : text),
    commonHeaders: (headers) => {
      const out = { ...headers };
      if (on('supported-versions-header-missing')) delete out['api-supported-versions'];
      if (on('extra-headers')) Object.assign(out, { 'x-emulator-extra': 'unknown header', 'Request-Context': 'appId=', 'X-Cache': 'CONFIG_NOCACHE' });
      return out;
    },
    chunked: on('chunked'),
    delayMs: on('latency-150ms') ? WIRE_LATENCY_MS : 0,
    route: <Q extends RouteRequest>(route: { readonly pattern: string; readonly handler: (request: Q) => Reply }, request: Q): Reply => {
      const action = actionOf(route);
      const rules = Object.entries(ROUTE_RULES).flatMap(([name, rule]) => (rule && on(name as FaultName) && action !== undefined && rule.actions.includes(action) ? [rule] : []));
      // The first rule listed is the outermost.
      const run = rules.reduceRight<(r: Q) => Reply>((next, rule) => (r) => rule.wrap(r, (changed) => next({ ...r, ...changed }), action ?? ''), route.handler);
      return run(request);
    },
  };
}
