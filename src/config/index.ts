import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { config as loadDotenv } from 'dotenv';

/** The one configuration loader. Precedence: environment > .env > defaults. Nothing else reads process.env. */

export type Auth =
  | { readonly kind: 'hmac'; readonly accessKey: string }
  | { readonly kind: 'bearer'; readonly token: string };

export type Target =
  | { readonly kind: 'emulator' }
  | { readonly kind: 'remote'; readonly endpoint: string; readonly auth: Auth };

export type Profile = 'default' | 'service';

export interface Timing {
  /** How far in the future CLOSE-AT tests put closeAt, measured from the server's Date header. */
  readonly closeAtDelayMs: number;
  /** How late after closeAt the release may be observed and still pass. */
  readonly closeAtToleranceMs: number;
  /** Budget for an offer to appear on a worker (production: 1-3 s). */
  readonly offerTimeoutMs: number;
  /** Interval between polls of bounded waits. */
  readonly pollIntervalMs: number;
  /** Budget for eventually-consistent reads (state after an action). */
  readonly settleTimeoutMs: number;
  /** How far in the future DECLINE tests put retryOfferAt. */
  readonly retryOfferDelayMs: number;
  /** How long the kit watches for the effect of an action whose answer was lost before it resends the action. */
  readonly outcomeProbeMs: number;
  /**
   * Attempts of a requirement (the first included) when an action's answer was lost after the target applied it, or
   * may have: each further attempt runs on a fresh setup. 1 turns re-runs off.
   */
  readonly lostAnswerAttempts: number;
}

/** Riding out throttling and outages (README "When the target throttles, fails or lags"). */
export interface Resilience {
  /** Attempts per request, the first included; 1 turns retries off. */
  readonly maxAttempts: number;
  /** Retries per run, all causes together, before the share of requests below. */
  readonly budget: number;
  /** Each request earns this fraction of a retry on top of `budget` (0.25: a quarter). */
  readonly budgetRatio: number;
  /** The longest single wait (a Retry-After beyond it ends the request as an error). */
  readonly maxDelayMs: number;
  /** First backoff step when the target names no delay. */
  readonly initialDelayMs: number;
}

/** What the kit reads and keeps of an answer, whatever the target sends (README "When the target sends too much"). */
export interface Limits {
  /** The largest response body read; a longer answer ends its exchange as an error. */
  readonly maxResponseBytes: number;
  /** Bytes at the start of each body that the evidence keeps (with the whole body's size and sha256). */
  readonly evidenceBodyBytes: number;
}

/** Where the router's events reach the kit (README "Events"). */
export type EventSource =
  | { readonly kind: 'none' }
  | { readonly kind: 'webhook'; readonly host: string; readonly port: number; readonly publicUrl: string | undefined }
  | { readonly kind: 'storage-queue'; readonly connectionString: string; readonly queueName: string };

export interface EventsConfig {
  readonly source: EventSource;
  /** How long after the action (or after closeAt + tolerance) an event may take to arrive. */
  readonly timeoutMs: number;
  /** A missing event source is an error (exit 2) instead of skipped event requirements. */
  readonly required: boolean;
  /** Set by the kit for its workers: where the run's collector serves what it received. */
  readonly feed: string | undefined;
}

export interface KitConfig {
  readonly target: Target;
  /** True when the endpoint is the kit's own embedded emulator, started by `npm run conformance`. */
  readonly embeddedEmulator: boolean;
  readonly apiVersion: string;
  readonly profile: Profile;
  readonly waiversFile: string | undefined;
  readonly baselineFile: string | undefined;
  readonly runPrefix: string;
  readonly seed: number;
  /** How far the input models are explored: every class once (default), or every pair of classes (thorough). */
  readonly depth: 'default' | 'thorough';
  readonly reportsDir: string;
  /** The CI's job summary file (GitHub Actions' GITHUB_STEP_SUMMARY): summary.md is appended to it. */
  readonly stepSummaryFile?: string | undefined;
  readonly workers: number;
  readonly timing: Timing;
  readonly resilience: Resilience;
  readonly limits: Limits;
  readonly events: EventsConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Readonly<Record<string, string | undefined>>;

let dotenvLoaded = false;

/** Reads `.env` (if present) into the process environment once, without overriding what is already set. */
function processEnv(): Env {
  if (!dotenvLoaded) {
    dotenvLoaded = true;
    if (existsSync('.env')) loadDotenv({ quiet: true, override: false });
  }
  return process.env;
}

export const DEFAULT_API_VERSION = '2023-11-01';

export function parseConnectionString(value: string): { endpoint: string; accessKey: string } {
  const parts = new Map<string, string>();
  for (const segment of value.split(';')) {
    const eq = segment.indexOf('=');
    if (eq <= 0) continue;
    parts.set(segment.slice(0, eq).trim().toLowerCase(), segment.slice(eq + 1).trim());
  }
  const endpoint = parts.get('endpoint');
  const accessKey = parts.get('accesskey');
  if (!endpoint || !accessKey) {
    throw new ConfigError('JOBROUTER_CONNECTION_STRING must look like "endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>".');
  }
  return { endpoint: normaliseEndpoint(endpoint, 'JOBROUTER_CONNECTION_STRING'), accessKey };
}

function normaliseEndpoint(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${key} is not a valid URL: "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${key} must be an http(s) URL.`);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function integer(env: Env, key: string, fallback: number, min = 0): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${key} must be an integer ≥ ${min}, got "${raw}".`);
  return value;
}

function target(env: Env): Target {
  const connection = env['JOBROUTER_CONNECTION_STRING'];
  const endpoint = env['JOBROUTER_ENDPOINT'];
  const accessKey = env['JOBROUTER_ACCESS_KEY'];
  const token = env['JOBROUTER_BEARER_TOKEN'];
  if (connection) {
    const parsed = parseConnectionString(connection);
    return { kind: 'remote', endpoint: parsed.endpoint, auth: { kind: 'hmac', accessKey: parsed.accessKey } };
  }
  if (!endpoint) {
    if (accessKey || token) throw new ConfigError('JOBROUTER_ACCESS_KEY / JOBROUTER_BEARER_TOKEN need JOBROUTER_ENDPOINT.');
    return { kind: 'emulator' };
  }
  const url = normaliseEndpoint(endpoint, 'JOBROUTER_ENDPOINT');
  if (token) return { kind: 'remote', endpoint: url, auth: { kind: 'bearer', token } };
  if (accessKey) return { kind: 'remote', endpoint: url, auth: { kind: 'hmac', accessKey } };
  throw new ConfigError('JOBROUTER_ENDPOINT needs JOBROUTER_ACCESS_KEY or JOBROUTER_BEARER_TOKEN.');
}

function eventSource(env: Env, embedded: boolean): EventSource {
  const kind = env['JOBROUTER_EVENTS_SOURCE'] || 'auto';
  const connectionString = env['JOBROUTER_EVENTS_QUEUE_CONNECTION_STRING'] ?? '';
  const queueName = env['JOBROUTER_EVENTS_QUEUE_NAME'] ?? '';
  const webhook = (): EventSource => ({
    kind: 'webhook',
    host: env['JOBROUTER_EVENTS_HOST'] || '127.0.0.1',
    port: integer(env, 'JOBROUTER_EVENTS_PORT', 0),
    publicUrl: env['JOBROUTER_EVENTS_PUBLIC_URL'] || undefined,
  });
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'webhook':
      return webhook();
    case 'storage-queue':
      if (!connectionString || !queueName) throw new ConfigError('JOBROUTER_EVENTS_SOURCE=storage-queue needs JOBROUTER_EVENTS_QUEUE_CONNECTION_STRING and JOBROUTER_EVENTS_QUEUE_NAME.');
      return { kind: 'storage-queue', connectionString, queueName };
    case 'auto':
      // With nothing said, the embedded emulator's events come to a webhook the kit wires up itself.
      if (connectionString && queueName) return { kind: 'storage-queue', connectionString, queueName };
      return embedded ? webhook() : { kind: 'none' };
    default:
      throw new ConfigError(`JOBROUTER_EVENTS_SOURCE must be "auto", "webhook", "storage-queue" or "none", got "${kind}".`);
  }
}

export function newRunPrefix(): string {
  return `jrck-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export function loadConfig(env: Env = processEnv()): KitConfig {
  const profile = env['JOBROUTER_PROFILE'] || 'default';
  if (profile !== 'default' && profile !== 'service') throw new ConfigError(`JOBROUTER_PROFILE must be "default" or "service", got "${profile}".`);
  const runPrefix = env['JOBROUTER_RUN_PREFIX'] || 'jrck';
  if (!/^[A-Za-z0-9-]{1,40}$/.test(runPrefix)) throw new ConfigError('JOBROUTER_RUN_PREFIX must be 1-40 letters, digits or dashes.');
  const chosenTarget = target(env);
  const embeddedEmulator = env['JOBROUTER_EMBEDDED_EMULATOR'] === '1';
  const depth = env['JOBROUTER_DEPTH'] || 'default';
  if (depth !== 'default' && depth !== 'thorough') throw new ConfigError(`JOBROUTER_DEPTH must be "default" or "thorough", got "${depth}".`);
  const required = env['JOBROUTER_EVENTS_REQUIRED'] ?? '';
  if (!['', '0', '1'].includes(required)) throw new ConfigError(`JOBROUTER_EVENTS_REQUIRED must be 0 or 1, got "${required}".`);
  return {
    target: chosenTarget,
    embeddedEmulator,
    apiVersion: env['JOBROUTER_API_VERSION'] || DEFAULT_API_VERSION,
    profile,
    waiversFile: env['JOBROUTER_WAIVERS'] || undefined,
    baselineFile: env['JOBROUTER_BASELINE'] || undefined,
    runPrefix,
    seed: integer(env, 'JOBROUTER_SEED', 20231101),
    depth,
    reportsDir: env['JOBROUTER_REPORTS_DIR'] || 'reports',
    stepSummaryFile: env['GITHUB_STEP_SUMMARY'] || undefined,
    // A remote target is waited on (6 workers keep it busy); the embedded emulator shares this machine's cores with the
    // workers, where a worker per core (and one more for the waits) is faster than six.
    workers: integer(env, 'JOBROUTER_WORKERS', embeddedEmulator ? Math.min(6, availableParallelism() + 1) : 6, 1),
    timing: {
      // The embedded emulator shares the kit's machine and clock: a closeAt 2.5 s ahead leaves the same margins a
      // remote target needs 4 s for (the self-check runs every fault, under chaos too, with 2.5 s).
      closeAtDelayMs: integer(env, 'JOBROUTER_CLOSE_AT_DELAY_MS', embeddedEmulator ? 2500 : 4000, 500),
      closeAtToleranceMs: integer(env, 'JOBROUTER_CLOSE_AT_TOLERANCE_MS', 4000),
      offerTimeoutMs: integer(env, 'JOBROUTER_OFFER_TIMEOUT_MS', 15000, 100),
      pollIntervalMs: integer(env, 'JOBROUTER_POLL_INTERVAL_MS', 200, 10),
      settleTimeoutMs: integer(env, 'JOBROUTER_SETTLE_TIMEOUT_MS', 5000, 0),
      retryOfferDelayMs: integer(env, 'JOBROUTER_RETRY_OFFER_DELAY_MS', embeddedEmulator ? 2500 : 3000, 500),
      outcomeProbeMs: integer(env, 'JOBROUTER_OUTCOME_PROBE_MS', 2000, 0),
      lostAnswerAttempts: integer(env, 'JOBROUTER_LOST_ANSWER_ATTEMPTS', 3, 1),
    },
    resilience: {
      maxAttempts: integer(env, 'JOBROUTER_RETRY_MAX_ATTEMPTS', 8, 1),
      budget: integer(env, 'JOBROUTER_RETRY_BUDGET', 1000, 0),
      budgetRatio: integer(env, 'JOBROUTER_RETRY_RATIO_PERCENT', 25, 0) / 100,
      maxDelayMs: integer(env, 'JOBROUTER_RETRY_MAX_DELAY_MS', 30000, 0),
      initialDelayMs: integer(env, 'JOBROUTER_RETRY_INITIAL_DELAY_MS', 250, 1),
    },
    limits: {
      maxResponseBytes: integer(env, 'JOBROUTER_MAX_RESPONSE_BYTES', 8 * 1024 * 1024, 1024),
      evidenceBodyBytes: integer(env, 'JOBROUTER_EVIDENCE_BODY_BYTES', 64 * 1024, 0),
    },
    events: {
      source: eventSource(env, embeddedEmulator || chosenTarget.kind === 'emulator'),
      timeoutMs: integer(env, 'JOBROUTER_EVENTS_TIMEOUT_MS', 10000, 100),
      required: required === '1',
      feed: env['JOBROUTER_EVENTS_FEED'] || undefined,
    },
  };
}

/** Every secret value the configuration holds; the evidence recorder and the reporter redact these. */
export function secretsOf(config: KitConfig): string[] {
  const source = config.events.source;
  const queue = source.kind === 'storage-queue' ? queueSecrets(source.connectionString) : [];
  if (config.target.kind !== 'remote') return queue;
  const auth = config.target.auth;
  return [auth.kind === 'hmac' ? auth.accessKey : auth.token, ...queue];
}

/** A Storage connection string's whole text, and its AccountKey / SharedAccessSignature values. */
function queueSecrets(connectionString: string): string[] {
  const parts = connectionString.split(';').flatMap((segment) => {
    const eq = segment.indexOf('=');
    const key = segment.slice(0, eq).trim().toLowerCase();
    return eq > 0 && (key === 'accountkey' || key === 'sharedaccesssignature') ? [segment.slice(eq + 1).trim()] : [];
  });
  return [connectionString, ...parts].filter((s) => s.length >= 8);
}

/** The endpoint as it may be shown: no user info, no query. */
export function displayTarget(config: KitConfig, emulatorUrl?: string): string {
  if (config.target.kind === 'emulator') return emulatorUrl ? `embedded emulator (${emulatorUrl})` : 'embedded emulator';
  const url = new URL(config.target.endpoint);
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  return config.embeddedEmulator ? `embedded emulator (${shown})` : shown;
}
