import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from './domain/kernel/clock';
import type { ChaosSettings } from './chaos';
import type { FaultName } from './faults';
import { HEADERS_TIMEOUT_MS, MAX_HEADER_BYTES, REQUEST_TIMEOUT_MS } from './http/client-error';
import { createEmulatorHandler, type EmulatorHandler, type HandlerOptions } from './http/handler';
import { createMutantLayer, type MutantLayer } from './mutants/layer';

export type { Clock } from './domain/kernel/clock';
export type { EmulatorHandler } from './http/handler';

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
  clock?: Clock;
  quiet?: boolean;
  /** A request whose head and body have not fully arrived by then is answered 408 and closed. Default 15 s. */
  requestTimeoutMs?: number;
  /** Throttling, outages, dropped connections, latency and replica lag (chaos.ts); off by default. */
  chaos?: ChaosSettings;
  /** Event subscriptions at start-up (`--events-webhook`), the default schema, delivery settings. */
  events?: HandlerOptions['events'];
}

export interface RunningEmulator {
  readonly url: string;
  readonly accessKey: string;
  /** The event publisher: subscriptions and their delivery counts. */
  readonly events: EmulatorHandler['events'];
  /** How often each generated fault changed an answer, an effect or an event (empty without `mutants`). */
  mutantHits(): Record<string, number>;
  close(): Promise<void>;
}

/** A public, well-known development key (like Azurite's): base64 of a fixed 64-byte string. */
export const DEV_ACCESS_KEY = Buffer.from('jobrouter-emulator-development-key-not-a-secret-0123456789abcdef!').toString('base64');

/** Builds the request handler without listening, for tests and benchmarks. */
export function createEmulatorHandlerFor(options: EmulatorOptions = {}, layer = mutantLayerFor(options)): EmulatorHandler {
  return createEmulatorHandler({
    ...(layer ? { outer: layer } : {}),
    accessKey: options.accessKey ?? DEV_ACCESS_KEY,
    ...(options.bearerTokens ? { bearerTokens: options.bearerTokens } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.errors ? { errors: options.errors } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.chaos ? { chaos: options.chaos } : {}),
    ...(options.events ? { events: options.events } : {}),
  });
}

export { createEmulatorHandlerFor as createEmulatorHandler };

function mutantLayerFor(options: EmulatorOptions): MutantLayer | undefined {
  return options.mutants && options.mutants.length > 0 ? createMutantLayer(options.mutants, options.mutantMode ?? 'apply') : undefined;
}

// Keeps offers flowing (expiry, closeAt) for observers between requests; requests also tick on their own.
const TICK_INTERVAL_MS = 200;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const layer = mutantLayerFor(options);
  const handler = createEmulatorHandlerFor(options, layer);
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const server: Server = createServer(
    {
      keepAliveTimeout: 5000,
      maxHeaderSize: MAX_HEADER_BYTES,
      // A request whose head or body never completes is answered 408 and closed instead of holding its socket forever.
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
      requestTimeout,
      connectionsCheckingInterval: 1000,
    },
    handler,
  );
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
  const url = `http://${shownHost}:${port}`;
  return {
    url,
    accessKey: options.accessKey ?? DEV_ACCESS_KEY,
    events: handler.events,
    mutantHits: () => layer?.hits() ?? {},
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        handler.events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
