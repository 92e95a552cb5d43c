import { JobRouterClient, type ExchangeLimits } from '../client/client';
import { RetryBudget, type RetrySettings } from '../client/resilience';
import { secretsOf, type Auth, type KitConfig } from '../config';
import { HarnessError } from '../contract/evidence';

/** Where a run sends its requests once any embedded emulator is up. */
export interface Connection {
  readonly endpoint: string;
  readonly auth: Auth;
  readonly secrets: readonly string[];
  /** What is read and kept of each answer. */
  readonly limits?: ExchangeLimits;
}

export function connectionOf(config: KitConfig): Connection {
  if (config.target.kind !== 'remote') throw new HarnessError('No endpoint: the embedded emulator must be started before connecting.');
  return { endpoint: config.target.endpoint, auth: config.target.auth, secrets: secretsOf(config), limits: config.limits };
}

export function clientFor(connection: Connection, apiVersion: string, timeoutMs = 15_000, retry?: RetrySettings): JobRouterClient {
  const limits = connection.limits ? { limits: connection.limits } : {};
  return new JobRouterClient({ endpoint: connection.endpoint, auth: connection.auth, secrets: connection.secrets, apiVersion, timeoutMs, ...limits, ...(retry ? { retry } : {}) });
}

let shared: RetrySettings | undefined;

/**
 * The retry settings of this process. The run's fixed floor is split evenly between Playwright's worker processes (each
 * holds its share), so no cross-process bookkeeping is needed and the run as a whole never exceeds it.
 */
export function retrySettings(config: KitConfig, processes = config.workers): RetrySettings {
  if (!shared) {
    const { maxAttempts, maxDelayMs, initialDelayMs, budget, budgetRatio } = config.resilience;
    shared = { maxAttempts, maxDelayMs, initialDelayMs, budget: new RetryBudget(Math.ceil(budget / Math.max(1, processes)), budgetRatio) };
  }
  return shared;
}
