import { JobRouterClient } from '../client/client';
import { secretsOf, type Auth, type KitConfig } from '../config';
import { HarnessError } from '../contract/evidence';

/** Where a run sends its requests once any embedded emulator is up. */
export interface Connection {
  readonly endpoint: string;
  readonly auth: Auth;
  readonly secrets: readonly string[];
}

export function connectionOf(config: KitConfig): Connection {
  if (config.target.kind !== 'remote') throw new HarnessError('No endpoint: the embedded emulator must be started before connecting.');
  return { endpoint: config.target.endpoint, auth: config.target.auth, secrets: secretsOf(config) };
}

export function clientFor(connection: Connection, apiVersion: string, timeoutMs = 15_000): JobRouterClient {
  return new JobRouterClient({ endpoint: connection.endpoint, auth: connection.auth, secrets: connection.secrets, apiVersion, timeoutMs });
}
