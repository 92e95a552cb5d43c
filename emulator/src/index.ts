import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Clock } from './domain/kernel/clock';
import type { ChaosSettings } from './chaos';
import { createControlledClock, type ControlledClock } from './dev/clock';
import { createDebugLog } from './dev/debug-log';
import type { FaultName } from './faults';
import { HEADERS_TIMEOUT_MS, MAX_HEADER_BYTES, REQUEST_TIMEOUT_MS } from './http/client-error';
import { createEmulatorHandler, type EmulatorHandler, type HandlerOptions } from './http/handler';
import { createMutantLayer, type MutantLayer } from './mutants/layer';
import { loadTls, type TlsMaterial } from './http/tls';
import { StateFile, type RestoreSummary } from './persistence/state-file';
import { emulatorVersion } from './version';

export type { Clock } from './domain/kernel/clock';
export type { EmulatorHandler } from './http/handler';
export type { ControlledClock } from './dev/clock';
export type { RestoreSummary } from './persistence/state-file';
export { ensureDevCertificate, DEV_CERT_FILE, DEV_KEY_FILE, defaultDevCertDir } from './http/tls';
export { PRE_RELEASE_KINDS } from './dev/loose';

export interface EmulatorOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** base64; default DEV_ACCESS_KEY. */
  accessKey?: string;
  bearerTokens?: readonly string[];
  faults?: readonly FaultName[];
  /** Generated faults (`gen:<operator>:<location>`, src/emulator/mutants/id.ts), as an outer layer. */
  mutants?: readonly string[];
  /** `shadow`: the generated faults change nothing and only count how often they would have. Default `apply`. */
  mutantMode?: 'apply' | 'shadow';
  errors?: 'documented' | 'observed';
  /** A clock of your own (tests), or "manual": real time that POST /emulator/clock moves forward. Default real time. */
  clock?: Clock | 'manual';
  quiet?: boolean;
  /** A request whose head and body have not fully arrived by then is answered 408 and closed. Default 15 s. */
  requestTimeoutMs?: number;
  /** Throttling, outages, dropped connections, latency and replica lag (chaos.ts); off by default. */
  chaos?: ChaosSettings;
  /** Event subscriptions at start-up (`--events-webhook`), the default schema, delivery settings. */
  events?: HandlerOptions['events'];
  /** HTTPS: a PEM certificate file (with `key`), a PFX file (with `pwd`), or "dev" for a development certificate. */
  cert?: string;
  key?: string;
  pwd?: string;
  /** Where `cert: "dev"` keeps its certificate; default `location`, else <tmpdir>/jobrouter-emulator. */
  certDir?: string;
  /** "basic": plausible Entra ID tokens are accepted (HTTPS only). */
  oauth?: 'basic';
  /** A folder: the state is kept there and comes back after a restart. Default: in memory only. */
  location?: string;
  /** Accept the pre-release spellings production accepted under 2023-11-01 (dev/loose.ts), with a warning each. */
  loose?: boolean;
  /** A file: one JSON line per request and answer, secrets redacted. */
  debug?: string;
  /** Where warnings (--loose) go; default stderr. */
  warn?: (message: string) => void;
}

export interface RunningEmulator {
  readonly url: string;
  readonly accessKey: string;
  /** endpoint=<url>/;accesskey=<key>, as the Azure portal shows it. */
  readonly connectionString: string;
  /** The event publisher: subscriptions and their delivery counts. */
  readonly events: EmulatorHandler['events'];
  /** How often each generated fault changed an answer, an effect or an event (empty without `mutants`). */
  mutantHits(): Record<string, number>;
  /** Generated faults: the User-Agents of the requests each one changed something for ('' for no request's work). */
  mutantClients(): Record<string, string[]>;
  /** With HTTPS: the certificate file a client should trust (NODE_EXTRA_CA_CERTS), and whether it is the dev one. */
  readonly tls?: { readonly certPath: string; readonly dev: boolean };
  /** With `clock: "manual"`: the clock POST /emulator/clock moves. */
  readonly clock?: ControlledClock;
  /** With `location`: the state file, what was read back at start-up, and a write on demand (returns its size). */
  readonly state?: { readonly path: string; readonly restored: RestoreSummary; flush(): number };
  close(): Promise<void>;
}

/** A public, well-known development key (like Azurite's): base64 of a fixed 64-byte string. */
export const DEV_ACCESS_KEY = Buffer.from('jobrouter-emulator-development-key-not-a-secret-0123456789abcdef!').toString('base64');

function controlledClockOf(options: EmulatorOptions): ControlledClock | undefined {
  return options.clock === 'manual' ? createControlledClock() : undefined;
}

/** Builds the request handler without listening, for tests and benchmarks. */
export function createEmulatorHandlerFor(options: EmulatorOptions = {}, extra: Partial<HandlerOptions> = {}, layer = mutantLayerFor(options)): EmulatorHandler {
  const warn = options.warn ?? ((message: string) => void process.stderr.write(`${message}\n`));
  return createEmulatorHandler({
    ...(layer ? { outer: layer } : {}),
    accessKey: options.accessKey ?? DEV_ACCESS_KEY,
    ...(options.bearerTokens ? { bearerTokens: options.bearerTokens } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.errors ? { errors: options.errors } : {}),
    ...(options.clock && options.clock !== 'manual' ? { clock: options.clock } : {}),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.chaos ? { chaos: options.chaos } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.oauth ? { oauth: options.oauth } : {}),
    ...(options.loose ? { loose: warn } : {}),
    ...extra,
  });
}

export { createEmulatorHandlerFor as createEmulatorHandler };

function mutantLayerFor(options: EmulatorOptions): MutantLayer | undefined {
  return options.mutants && options.mutants.length > 0 ? createMutantLayer(options.mutants, options.mutantMode ?? 'apply') : undefined;
}

// Keeps offers flowing (expiry, closeAt) for observers between requests; requests also tick on their own.
const TICK_INTERVAL_MS = 200;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const layer = mutantLayerFor(options);
  const tls: TlsMaterial | undefined = options.cert === undefined
    ? undefined
    : await loadTls({ cert: options.cert, ...(options.key === undefined ? {} : { key: options.key }), ...(options.pwd === undefined ? {} : { pwd: options.pwd }), ...(options.certDir ?? options.location ? { devDir: options.certDir ?? options.location } : {}) });
  if (options.oauth === 'basic' && !tls) throw new Error('--oauth basic needs HTTPS (--cert), as Azurite\'s: a bearer token is never sent over http://.');
  const clock = controlledClockOf(options);
  let state: StateFile | undefined;
  const onChange = (): void => state?.changed();
  const handler = createEmulatorHandlerFor(options, {
    ...(clock ? { controlledClock: clock } : {}),
    onChange,
    describe: () => ({ version: emulatorVersion(), apiVersion: '2023-11-01', https: Boolean(tls), location: state?.path ?? null }),
  }, layer);
  if (options.location !== undefined) state = new StateFile(options.location, { domain: handler.domain, events: handler.events, version: emulatorVersion(), ...(clock ? { clock } : {}) });
  const restored = state?.load();
  const debug = options.debug === undefined ? undefined : createDebugLog(options.debug);
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    debug?.observe(req, res);
    if (state && !READS.has(req.method ?? 'GET')) res.once('finish', onChange);
    handler(req, res);
  };
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const serverOptions = {
    keepAliveTimeout: 5000,
    maxHeaderSize: MAX_HEADER_BYTES,
    // A request whose head or body never completes is answered 408 and closed instead of holding its socket forever.
    headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
    requestTimeout,
    connectionsCheckingInterval: 1000,
  };
  const server: Server = tls ? createHttpsServer({ ...serverOptions, ...tls.serverOptions }, serve) : createHttpServer(serverOptions, serve);
  // What node's parser refuses gets a documented JSON error too (400, 431, 408); it must never take the process down.
  server.on('clientError', handler.clientError);
  server.on('connect', handler.connect);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const timer = setInterval(() => {
    handler.domain.tick();
    handler.pump();
  }, TICK_INTERVAL_MS);
  timer.unref();
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `${tls ? 'https' : 'http'}://${shownHost}:${port}`;
  const accessKey = options.accessKey ?? DEV_ACCESS_KEY;
  return {
    url,
    accessKey,
    connectionString: `endpoint=${url}/;accesskey=${accessKey}`,
    events: handler.events,
    mutantHits: () => layer?.hits() ?? {},
    mutantClients: () => layer?.clients() ?? {},
    ...(tls ? { tls: { certPath: tls.certPath, dev: tls.dev } } : {}),
    ...(clock ? { clock } : {}),
    ...(state && restored ? { state: { path: state.path, restored, flush: () => state?.flush() ?? 0 } } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        state?.close();
        handler.events.close();
        server.close(() => void (debug?.close() ?? Promise.resolve()).then(() => resolve()));
        server.closeAllConnections();
      }),
  };
}
