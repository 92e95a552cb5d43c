import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from './domain/clock';
import type { FaultName } from './faults';
import { createEmulatorHandler, type EmulatorHandler } from './http/handler';

export type { Clock } from './domain/clock';
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
  errors?: 'documented' | 'observed';
  clock?: Clock;
  quiet?: boolean;
}

export interface RunningEmulator {
  readonly url: string;
  readonly accessKey: string;
  close(): Promise<void>;
}

/** A public, well-known development key (like Azurite's): base64 of a fixed 64-byte string. */
export const DEV_ACCESS_KEY = Buffer.from('jobrouter-emulator-development-key-not-a-secret-0123456789abcdef!').toString('base64');

/** Builds the request handler without listening, for tests and benchmarks. */
export function createEmulatorHandlerFor(options: EmulatorOptions = {}): EmulatorHandler {
  return createEmulatorHandler({
    accessKey: options.accessKey ?? DEV_ACCESS_KEY,
    ...(options.bearerTokens ? { bearerTokens: options.bearerTokens } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.errors ? { errors: options.errors } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

export { createEmulatorHandlerFor as createEmulatorHandler };

// Keeps offers flowing (expiry, closeAt) for observers between requests; requests also tick on their own.
const TICK_INTERVAL_MS = 200;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const handler = createEmulatorHandlerFor(options);
  const server: Server = createServer({ keepAliveTimeout: 5000 }, handler);
  // A client that sends garbage gets a 400 from node itself; it must never take the process down.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const timer = setInterval(() => handler.domain.tick(), TICK_INTERVAL_MS);
  timer.unref();
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  return {
    url,
    accessKey: options.accessKey ?? DEV_ACCESS_KEY,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
