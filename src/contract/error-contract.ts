import { parseAnnotation } from './annotation';
import type { ExchangeRecord } from './evidence';
import { validate } from './schemas';

/**
 * The error contract, aspect by aspect: each ERR-* requirement is one small named check on any error response. The
 * ERR-* specs apply them to errors they provoke on purpose; the evidence log applies them to every error response
 * the whole run provokes (authentication, conflicts, not-found, validation, cleanup), and the reporter folds those
 * findings into the same requirements.
 */
export const ERROR_CONTRACT_IDS = ['ERR-JSON-01', 'ERR-BODY-01', 'ERR-HEADER-01', 'ERR-HEADER-02'] as const;
export type ErrorContractId = (typeof ERROR_CONTRACT_IDS)[number];

/** What the checks read of a response. */
export interface ErrorAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The evidence kept only the head of a long body: the body aspects cannot be judged from it. */
  readonly bodyCut?: boolean;
}

/** Throttling and outages are the road, not the target's answer: the kit retries them and never judges them. */
const NOT_JUDGED: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

export function isJsonMediaType(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(media);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body's error.code, or undefined when the body is not an ErrorResponse. */
export function errorCodeOf(body: unknown): string | undefined {
  if (!isObject(body) || !isObject(body['error'])) return undefined;
  const code = body['error']['code'];
  return typeof code === 'string' ? code : undefined;
}

/** The code a body carries even when its envelope is wrong, so ERR-BODY-01 alone reports the envelope. */
function looseErrorCode(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const inner = Object.values(body).find(isObject);
  const code = inner?.['code'] ?? body['code'];
  return typeof code === 'string' ? code : undefined;
}

/** Each aspect: undefined when the answer keeps it, else what is wrong, in a few words. */
export const ERROR_ASPECTS: Readonly<Record<ErrorContractId, { readonly fact: string; readonly breach: (a: ErrorAnswer) => string | undefined }>> = {
  'ERR-JSON-01': {
    fact: 'errors answer with a JSON content type',
    breach: (a) => (isJsonMediaType(a.contentType) ? undefined : `content type ${a.contentType ?? '(none)'}`),
  },
  'ERR-BODY-01': {
    fact: 'error bodies are ErrorResponse with error.code and error.message',
    breach: (a) => {
      if (a.bodyCut) return undefined;
      const result = validate('ErrorResponse', a.body);
      return result.ok ? undefined : a.body === undefined ? 'the body is empty or not JSON' : result.errors.join('; ');
    },
  },
  'ERR-HEADER-01': {
    fact: 'errors carry x-ms-error-code',
    breach: (a) => ((a.headers['x-ms-error-code'] ?? '').trim() !== '' ? undefined : 'no x-ms-error-code header'),
  },
  'ERR-HEADER-02': {
    fact: 'x-ms-error-code equals error.code',
    breach: (a) => {
      if (a.bodyCut) return undefined;
      const header = a.headers['x-ms-error-code'];
      const code = errorCodeOf(a.body) ?? looseErrorCode(a.body);
      return header !== undefined && header === code ? undefined : `x-ms-error-code ${header ?? '(absent)'} ≠ error.code ${code ?? '(absent)'}`;
    },
  },
};

export function isJudgedError(status: number | undefined): status is number {
  return status !== undefined && status >= 400 && !NOT_JUDGED.has(status);
}

function answerOf(e: ExchangeRecord): ErrorAnswer | undefined {
  if (!isJudgedError(e.status) || e.retry) return undefined;
  const headers = e.responseHeaders ?? {};
  const info = e.responseBodyInfo;
  if (info && info.shownBytes < info.bytes) return { status: e.status, contentType: headers['content-type'], headers, body: undefined, bodyCut: true };
  let body: unknown;
  try {
    body = e.responseBody && e.responseBody.trim() !== '' ? JSON.parse(e.responseBody) : undefined;
  } catch {
    body = undefined;
  }
  return { status: e.status, contentType: headers['content-type'], headers, body };
}

/** One error response that breaks an aspect, as the report shows it. */
export interface ErrorBreach {
  readonly id: ErrorContractId;
  readonly what: string;
  readonly why: string;
  readonly curl: string;
}

/** The aspects an exchange breaks; undefined when it is no judged error response. */
export function breachesOf(e: ExchangeRecord): ErrorBreach[] | undefined {
  const answer = answerOf(e);
  if (!answer) return undefined;
  const what = `${e.method} ${e.url.replace(/[?&]api-version=[^&]*/, '')} → ${answer.status}`;
  return ERROR_CONTRACT_IDS.flatMap((id) => {
    const why = ERROR_ASPECTS[id].breach(answer);
    return why === undefined ? [] : [{ id, what, why, curl: e.curl }];
  });
}

/** What one test saw of the error contract: how many error responses, and (a few of) the breaches by aspect. */
export interface ErrorContractTally {
  readonly checked: number;
  readonly breaches: Readonly<Partial<Record<ErrorContractId, { readonly count: number; readonly examples: readonly ErrorBreach[] }>>>;
}

export const ERROR_CONTRACT_ANNOTATION = 'error-contract';
const EXAMPLES = 3;

export function emptyErrorTally(): ErrorContractTally {
  return { checked: 0, breaches: {} };
}

export function addBreaches(tally: ErrorContractTally, breaches: readonly ErrorBreach[] | undefined): ErrorContractTally {
  if (breaches === undefined) return tally;
  const next: Partial<Record<ErrorContractId, { count: number; examples: ErrorBreach[] }>> = {};
  for (const id of ERROR_CONTRACT_IDS) {
    const had = tally.breaches[id];
    const added = breaches.filter((b) => b.id === id);
    if (!had && added.length === 0) continue;
    next[id] = { count: (had?.count ?? 0) + added.length, examples: [...(had?.examples ?? []), ...added].slice(0, EXAMPLES) };
  }
  return { checked: tally.checked + 1, breaches: next };
}

export function mergeErrorTallies(a: ErrorContractTally, b: ErrorContractTally): ErrorContractTally {
  const breaches: Partial<Record<ErrorContractId, { count: number; examples: ErrorBreach[] }>> = {};
  for (const id of ERROR_CONTRACT_IDS) {
    const x = a.breaches[id];
    const y = b.breaches[id];
    if (!x && !y) continue;
    breaches[id] = { count: (x?.count ?? 0) + (y?.count ?? 0), examples: [...(x?.examples ?? []), ...(y?.examples ?? [])].slice(0, EXAMPLES) };
  }
  return { checked: a.checked + b.checked, breaches };
}

/** Reads the annotation leniently: anything malformed counts as nothing. */
export function parseErrorTally(text: string | undefined): ErrorContractTally | undefined {
  const value = parseAnnotation(text);
  if (!value || typeof value['checked'] !== 'number' || !isObject(value['breaches'])) return undefined;
  const breaches: Partial<Record<ErrorContractId, { count: number; examples: ErrorBreach[] }>> = {};
  for (const id of ERROR_CONTRACT_IDS) {
    const entry = value['breaches'][id];
    if (!isObject(entry) || typeof entry['count'] !== 'number' || !Array.isArray(entry['examples'])) continue;
    const examples = entry['examples'].filter(isObject).map((x) => ({ id, what: String(x['what'] ?? ''), why: String(x['why'] ?? ''), curl: String(x['curl'] ?? '') }));
    breaches[id] = { count: entry['count'], examples };
  }
  return { checked: value['checked'], breaches };
}
