import type { Auth } from '../config';
import { HarnessError, type ExchangeRecord } from '../contract/evidence';
import { validate, type SchemaId } from '../contract/schemas';
import { refusedByKit } from '../contract/unreadable';
import { redact, redactUrl } from './redact';
import { signedHeaders } from 'jobrouter-emulator/signer';
import { handleWhenResult, retry } from 'cockatiel';
import { DEFAULT_EVIDENCE_BODY_BYTES, recordExchange, type ExchangeFacts } from './record';
import { causeOfStatus, isPassingTrouble, isRepeatable, requestedDelayMs, TargetAwareBackoff, TRANSIENT_STATUSES, type RetryCause, type RetrySettings } from './resilience';
import { toApiResponse, type ApiResponse } from './response';
import { DEFAULT_MAX_RESPONSE_BYTES, transmit, TransportFailure, type RawResponse } from './transport';

export type { ApiResponse } from './response';

export type AuthMode = 'signed' | 'none' | 'wrong-signature' | 'stale-date' | 'wrong-content-hash';

export interface ClientOptions {
  /** e.g. http://127.0.0.1:4321 or https://x.communication.azure.com (may have a path prefix). */
  endpoint: string;
  auth: Auth;
  apiVersion: string;
  /** Redacted from every ExchangeRecord. */
  secrets: readonly string[];
  onExchange?: (exchange: ExchangeRecord) => void;
  /** Default 30000. */
  timeoutMs?: number;
  /** The clock used for x-ms-date; tests inject one to get reproducible signatures. */
  now?: () => Date;
  /** Sent as User-Agent; default `jobrouter-conformance-kit`. */
  userAgent?: string;
  /** Transient answers and dropped connections are retried under these settings; absent = one attempt only. */
  retry?: RetrySettings;
  /** What the kit reads and keeps of an answer; absent = the defaults (8 MiB read, 64 KiB of each body kept). */
  limits?: ExchangeLimits;
}

/** How much of what a target sends is read (a longer answer is an error) and kept as evidence. */
export interface ExchangeLimits {
  readonly maxResponseBytes: number;
  readonly evidenceBodyBytes: number;
}

/** Whether an action whose answer was lost took effect, as a read of the target's state shows. */
export type Outcome = 'applied' | 'not-applied' | 'unclear';

export interface SendOptions {
  /** Extra query params; api-version is appended LAST (as the service's own clients do). */
  query?: Record<string, string>;
  /** Override; null omits api-version entirely. */
  apiVersion?: string | null;
  /** JSON.stringify'd; Content-Type application/json (merge-patch+json for PATCH) unless contentType is given. */
  json?: unknown;
  /** Sent verbatim (for malformed JSON tests); same default Content-Type as json. */
  rawBody?: string | Buffer;
  /** Override Content-Type; null = send none. */
  contentType?: string | null;
  /** Extra headers; they are applied last and so may replace any header the client set. */
  headers?: Record<string, string>;
  /** Default 'signed'. For bearer auth only 'signed', 'none' and 'wrong-signature' (a bogus token) apply. */
  auth?: AuthMode;
  /** Validate a 2xx JSON body; a mismatch throws SchemaViolation (an assertion failure, not a HarnessError). */
  expectSchema?: SchemaId;
  /**
   * For a request that is not safe to repeat: reads the target after a dropped connection to learn whether it took
   * effect. `not-applied` resends it; `applied` (or no probe) ends it as an UnknownOutcome.
   */
  probe?: () => Promise<Outcome>;
}

/** A request whose answer was lost and which cannot be resent blindly: the kit cannot judge it (status `error`). */
export class UnknownOutcome extends HarnessError {
  override name = 'HarnessError';
  constructor(message: string, readonly outcome: Outcome) {
    super(message);
  }
}

/** A request that failed only for not-now reasons after every attempt the settings allow. */
class Transient extends Error {
  constructor(readonly failure: TransportFailure, readonly retryCause: RetryCause) {
    super(failure.sentence);
  }
}

/** A success body that does not match its schema: the target is wrong, so this is a conformance failure. */
export class SchemaViolation extends Error {
  override name = 'SchemaViolation';
  constructor(
    message: string,
    readonly schemaId: SchemaId,
    readonly errors: readonly string[],
    readonly exchange: ExchangeRecord,
  ) {
    super(message);
  }
}

/** Any key other than the configured one: the signature is well-formed but must not verify. */
const WRONG_KEY = Buffer.from('jobrouter-conformance-kit: not the access key').toString('base64');
/** The scheme's replay window is 15 minutes; 20 is clearly outside it and clearly not clock skew. */
const STALE_MS = 20 * 60_000;

export class JobRouterClient {
  private readonly base: URL;
  private readonly prefix: string;

  constructor(private readonly options: ClientOptions) {
    try {
      this.base = new URL(options.endpoint);
    } catch {
      throw new HarnessError(`The endpoint "${options.endpoint}" is not a valid URL.`);
    }
    this.prefix = this.base.pathname.replace(/\/+$/, '');
  }

  /** path: already-encoded path beginning with /routing/... (use `routes`). */
  async send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', path: string, options: SendOptions = {}): Promise<ApiResponse> {
    const pathAndQuery = this.pathAndQuery(path, options);
    const url = `${this.base.protocol}//${this.base.host}${pathAndQuery}`;
    const body = requestBody(options);
    let pending: ExchangeRecord | undefined;
    const once = async (): Promise<RawResponse> => {
      // Signed per attempt: x-ms-date moves on while the kit waits out a Retry-After.
      const headers = this.headers(method, pathAndQuery, body, options);
      const started = performance.now();
      try {
        const maxBodyBytes = this.options.limits?.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
        const raw = await transmit({ url: this.base, method, pathAndQuery, headers, body, timeoutMs: this.options.timeoutMs ?? 30_000, maxBodyBytes });
        pending = this.record({ method, url, headers, body, raw, durationMs: performance.now() - started });
        return raw;
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        pending = this.record({ method, url, headers, body, failure: error, durationMs: performance.now() - started });
        throw await this.classify(error, method, options);
      }
    };
    let raw: RawResponse;
    try {
      raw = await this.withRetries(once, () => pending, (exchange) => {
        pending = undefined;
        this.options.onExchange?.(exchange);
      });
    } catch (error) {
      if (pending) this.options.onExchange?.(pending);
      if (error instanceof UnknownOutcome) throw error;
      const failure = error instanceof Transient ? error.failure : error instanceof TransportFailure ? error : undefined;
      if (!failure) throw error;
      throw new HarnessError(redact(failure.sentence, this.options.secrets), { cause: failure });
    }
    const exchange = pending ?? this.record({ method, url, headers: {}, body, raw, durationMs: 0 });
    this.options.onExchange?.(exchange);
    const settings = this.options.retry;
    if (TRANSIENT_STATUSES.has(raw.status) && settings && settings.maxAttempts > 1) {
      const asked = requestedDelayMs(raw.headers);
      const why = asked !== undefined && asked > settings.maxDelayMs
        ? `it asked to wait ${asked} ms, beyond the ${settings.maxDelayMs} ms the kit accepts (JOBROUTER_RETRY_MAX_DELAY_MS)`
        : `the kit gave up after ${settings.maxAttempts} attempt(s) per request or its retry budget (${settings.budget.floor} + ${Math.round(settings.budget.ratio * 100)}% of the requests, ${settings.budget.total} so far, JOBROUTER_RETRY_BUDGET, JOBROUTER_RETRY_RATIO_PERCENT)`;
      throw new HarnessError(`${method} ${redactUrl(path, this.options.secrets)} was answered ${raw.status} (not now) and ${why}; a throttle or an outage is not judged.`);
    }
    const response = toApiResponse(raw, exchange);
    if (options.expectSchema && response.status >= 200 && response.status < 300) {
      refusedByKit(response);
      const result = validate(options.expectSchema, response.body);
      if (!result.ok) {
        const errors = response.body === undefined ? [`(root): ${response.bodyProblem ?? 'the body is empty'}`] : result.errors;
        throw new SchemaViolation(
          `${method} ${redactUrl(path, this.options.secrets)} → ${response.status}: the body does not match ${options.expectSchema}: ${errors.join('; ')}`,
          options.expectSchema,
          errors,
          exchange,
        );
      }
    }
    return response;
  }

  /** Runs `once` under the retry policy; every attempt that is retried is recorded with its cause and wait. */
  private async withRetries(
    once: () => Promise<RawResponse>,
    pending: () => ExchangeRecord | undefined,
    emit: (exchange: ExchangeRecord) => void,
  ): Promise<RawResponse> {
    const settings = this.options.retry;
    if (!settings || settings.maxAttempts <= 1) return once();
    settings.budget.noteRequest();
    let attempts = 1;
    const mayRetry = (): boolean => attempts < settings.maxAttempts && settings.budget.take();
    const policy = retry(
      handleWhenResult((r) => {
        const res = r as RawResponse;
        return TRANSIENT_STATUSES.has(res.status) && (requestedDelayMs(res.headers) ?? 0) <= settings.maxDelayMs && mayRetry();
      }).orWhen((e) => e instanceof Transient && mayRetry()),
      { maxAttempts: settings.maxAttempts, backoff: TargetAwareBackoff.create(settings) },
    );
    policy.onRetry((event) => {
      // Fires before the wait: the attempt just made is the one being retried.
      attempts += 1;
      const exchange = pending();
      if (!exchange) return;
      const cause = 'value' in event ? causeOfStatus((event.value as RawResponse).status) : event.error instanceof Transient ? event.error.retryCause : 'network';
      emit({ ...exchange, retry: { cause, waitMs: Math.round(event.delay), attempt: attempts - 1 } });
    });
    return policy.execute(once);
  }

  /** A dropped exchange becomes Transient (resend) only when resending cannot apply the request twice. */
  private async classify(failure: TransportFailure, method: string, options: SendOptions): Promise<Error> {
    // Only trouble on the road is retried: an answer too large to read would only come again.
    if (!this.options.retry || !isPassingTrouble(failure.kind)) return failure;
    const cause: RetryCause = failure.kind === 'refused' ? 'refused' : failure.kind === 'timeout' ? 'timeout' : 'network';
    if (failure.kind === 'refused' || isRepeatable(method) && !options.probe) return new Transient(failure, cause);
    if (!options.probe) {
      return new UnknownOutcome(`${redact(failure.sentence, this.options.secrets)} The ${method} may or may not have taken effect, so its answer cannot be judged.`, 'unclear');
    }
    let outcome: Outcome;
    try {
      outcome = await options.probe();
    } catch (error) {
      return new UnknownOutcome(`${redact(failure.sentence, this.options.secrets)} Reading the state to learn whether the ${method} took effect failed too: ${error instanceof Error ? error.message : String(error)}`, 'unclear');
    }
    if (outcome === 'not-applied') return new Transient(failure, cause);
    const shown = outcome === 'applied' ? 'A read shows it took effect' : 'The state does not show whether it took effect';
    return new UnknownOutcome(`${redact(failure.sentence, this.options.secrets)} ${shown}, but the ${method}'s answer was lost, so it cannot be judged.`, outcome);
  }

  private pathAndQuery(path: string, options: SendOptions): string {
    const params = Object.entries(options.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    const apiVersion = options.apiVersion === undefined ? this.options.apiVersion : options.apiVersion;
    if (apiVersion !== null) params.push(`api-version=${encodeURIComponent(apiVersion)}`);
    const full = `${this.prefix}${path}`;
    if (params.length === 0) return full;
    return `${full}${full.includes('?') ? '&' : '?'}${params.join('&')}`;
  }

  private headers(method: string, pathAndQuery: string, body: Buffer | undefined, options: SendOptions): Record<string, string> {
    const headers: Record<string, string> = {
      host: this.base.host,
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? 'jobrouter-conformance-kit',
    };
    const contentType = options.contentType === undefined ? defaultContentType(method, body) : options.contentType;
    if (contentType !== null && contentType !== undefined) headers['content-type'] = contentType;
    // The documented empty-body action: POST with Content-Length 0 and no Content-Type.
    if (body !== undefined || method !== 'GET' && method !== 'DELETE') headers['content-length'] = String(body?.length ?? 0);
    Object.assign(headers, this.authHeaders(method, pathAndQuery, body, options.auth ?? 'signed'));
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    return headers;
  }

  private authHeaders(method: string, pathAndQuery: string, body: Buffer | undefined, mode: AuthMode): Record<string, string> {
    if (mode === 'none') return {};
    const auth = this.options.auth;
    if (auth.kind === 'bearer') {
      if (mode === 'signed') return { authorization: `Bearer ${auth.token}` };
      if (mode === 'wrong-signature') return { authorization: 'Bearer invalid.kit-token.signature' };
      throw new HarnessError(`Auth mode "${mode}" needs HMAC credentials; the target is configured with a bearer token.`);
    }
    const now = this.options.now?.() ?? new Date();
    const date = new Date(now.getTime() - (mode === 'stale-date' ? STALE_MS : 0)).toUTCString();
    const input = { method, pathAndQuery, host: this.base.host, date };
    if (mode === 'wrong-content-hash') {
      // Sign (and announce) the hash of a body that differs from the one sent.
      const other = body && body.length > 0 ? Buffer.concat([body, Buffer.from(' ')]) : Buffer.from('{"kit":"other body"}');
      return signedHeaders(auth.accessKey, { ...input, body: other });
    }
    return signedHeaders(mode === 'wrong-signature' ? WRONG_KEY : auth.accessKey, { ...input, body: body ?? '' });
  }

  private record(facts: ExchangeFacts): ExchangeRecord {
    return recordExchange(facts, this.options.secrets, this.options.limits?.evidenceBodyBytes ?? DEFAULT_EVIDENCE_BODY_BYTES);
  }
}

function requestBody(options: SendOptions): Buffer | undefined {
  if (options.rawBody !== undefined) return Buffer.isBuffer(options.rawBody) ? options.rawBody : Buffer.from(options.rawBody, 'utf8');
  if (options.json !== undefined) return Buffer.from(JSON.stringify(options.json), 'utf8');
  return undefined;
}

function defaultContentType(method: string, body: Buffer | undefined): string | undefined {
  if (body === undefined) return undefined;
  return method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
}
