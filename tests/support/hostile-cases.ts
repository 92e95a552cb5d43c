import { JobRouterClient, type ExchangeLimits } from '../../src/client/client';
import { RetryBudget } from '../../src/client/resilience';
import { HarnessError, type ExchangeRecord } from '../../src/contract/evidence';
import { findLeftovers } from '../../src/runner/leftovers';
import type { HostileServer } from './hostile-server';

/**
 * The hostile-server cases as data: what the kit is sent, and the status it must come to — `error` when the kit
 * cannot judge (too large, too slow, nested past the kit's own depth limit, a credential-bearing link to elsewhere),
 * `failed` when the answer is simply wrong (not UTF-8, an array where a job is due, a redirect where a job was asked
 * for), `passed` when odd text or a deep extra property is read.
 * Shared by tests/client/hostile-target.spec.ts and scripts/bench-hostile.ts.
 */

export type CaseStatus = 'passed' | 'failed' | 'error';

export interface CaseSettings {
  readonly limits: ExchangeLimits;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
}

export interface CaseContext {
  readonly server: HostileServer;
  readonly client: (endpoint?: string) => JobRouterClient;
}

export interface HostileCase {
  readonly name: string;
  readonly expected: CaseStatus;
  /** What the outcome must say. */
  readonly says: RegExp;
  /** Resolves with what came of it when the kit judged it passed; throws as the kit would otherwise. */
  readonly run: (ctx: CaseContext) => Promise<string>;
}

export interface CaseResult {
  readonly name: string;
  readonly status: CaseStatus;
  readonly outcome: string;
  readonly ms: number;
  readonly records: readonly ExchangeRecord[];
}

/** A judgement as the specs make one: a plain failed expectation, never a HarnessError. */
function judge(holds: boolean, message: string): void {
  if (!holds) throw new Error(message);
}

const job = (client: JobRouterClient, name: string) => client.send('GET', `/routing/jobs/${name}`, { expectSchema: 'RouterJob' });

export const HOSTILE_CASES: readonly HostileCase[] = [
  { name: 'huge body, streamed', expected: 'error', says: /larger than \d+ bytes/, run: async (c) => `answered ${(await job(c.client(), 'huge')).status}` },
  { name: 'huge body, Content-Length announced', expected: 'error', says: /larger than \d+ bytes.*Content-Length/, run: async (c) => `answered ${(await job(c.client(), 'huge-declared')).status}` },
  { name: 'trickling body', expected: 'error', says: /did not finish within \d+ ms/, run: async (c) => `answered ${(await job(c.client(), 'trickle')).status}` },
  { name: 'accepts, never answers', expected: 'error', says: /No response from .* within \d+ ms/, run: async (c) => `answered ${(await job(c.client(c.server.silentUrl), 'any')).status}` },
  { name: 'invalid UTF-8', expected: 'failed', says: /not valid UTF-8 \(first invalid byte at offset \d+\)/, run: async (c) => `answered ${(await job(c.client(), 'invalid-utf8')).status}` },
  { name: 'JSON nested 100,000 deep', expected: 'failed', says: /does not match RouterJob: .*must be object/, run: async (c) => `answered ${(await job(c.client(), 'deep')).status}` },
  {
    name: 'extra property nested 1,500 deep',
    expected: 'passed',
    says: /read as JSON/,
    run: async (c) => {
      const res = await job(c.client(), 'deep-extra');
      judge(typeof res.body === 'object' && res.body !== null, 'the body is read as JSON');
      return `read as JSON, schema holds (${res.text.length} characters)`;
    },
  },
  { name: 'nested past the kit\'s limit (100,001 deep)', expected: 'error', says: /nests deeper than 100000 levels, the kit's own limit/, run: async (c) => `answered ${(await job(c.client(), 'deeper')).status}` },
  {
    name: 'markup and control characters',
    expected: 'passed',
    says: /read as JSON/,
    run: async (c) => {
      const res = await job(c.client(), 'markup');
      judge(typeof res.body === 'object' && res.body !== null, 'the body is read as JSON');
      return `read as JSON (${res.text.length} characters, escaped in the report)`;
    },
  },
  {
    name: 'redirect to another origin',
    expected: 'failed',
    says: /answered 302.*not followed.*0 request/,
    run: async (c) => {
      const res = await c.client().send('GET', '/routing/jobs/redirect');
      const followed = c.server.stolen.length;
      judge(res.status === 200, `GET /routing/jobs/redirect answered ${res.status} (judged as the answer, not followed; the other origin received ${followed} request(s))`);
      return `answered ${res.status}`;
    },
  },
  {
    name: 'nextLink to another origin',
    expected: 'error',
    says: /another origin.*does not follow it/,
    run: async (c) => `${(await findLeftovers(c.client(), c.server.url, 'hostile')).length} leftovers`,
  },
];

/** A signed client with retries on, as in a run, recording its exchanges into `records`. */
export function caseClient(endpoint: string, settings: CaseSettings, records: ExchangeRecord[], budget = new RetryBudget(20)): JobRouterClient {
  return new JobRouterClient({
    endpoint,
    auth: { kind: 'hmac', accessKey: Buffer.from('hostile-case key 0123456789').toString('base64') },
    apiVersion: '2023-11-01',
    secrets: [],
    timeoutMs: settings.timeoutMs,
    limits: settings.limits,
    onExchange: (e) => records.push(e),
    retry: { maxAttempts: settings.maxAttempts, maxDelayMs: 2000, initialDelayMs: 50, budget },
  });
}

/** Runs one case with a fresh client and says what the kit made of it. */
export async function runCase(c: HostileCase, server: HostileServer, settings: CaseSettings): Promise<CaseResult> {
  const records: ExchangeRecord[] = [];
  const budget = new RetryBudget(20);
  const client = (endpoint = server.url): JobRouterClient => caseClient(endpoint, settings, records, budget);
  const started = performance.now();
  let status: CaseStatus = 'passed';
  let outcome: string;
  try {
    outcome = await c.run({ server, client });
  } catch (error) {
    status = error instanceof HarnessError ? 'error' : 'failed';
    outcome = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  }
  return { name: c.name, status, outcome, ms: Math.round(performance.now() - started), records };
}
