import http from 'node:http';
import https from 'node:https';
import { API_VERSION, exchange, signedRequest, targetOf, type RawRequest, type Target } from './http';
import type { ChurnResult, CyclesResult, LoadJob, ReplayResult } from './load-jobs';

/** The load process: receives one job over IPC, runs it, answers, exits. */
const Q = `?api-version=${API_VERSION}`;
const TIMEOUT_MS = 10_000;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** The same request as fast as `connections` keep-alive sockets allow; only the window after warm-up counts. */
async function replay(job: Extract<LoadJob, { kind: 'replay' }>): Promise<ReplayResult> {
  const agent = job.url.startsWith('https:') ? new https.Agent({ keepAlive: true, maxSockets: job.connections, ...(job.ca ? { ca: job.ca } : {}) }) : new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const target = targetOf(job.url, agent);
  const request: RawRequest = { method: job.method, path: job.path, headers: job.headers };
  const start = performance.now();
  const measureFrom = start + job.warmupMs;
  const stopAt = measureFrom + job.durationMs;
  const latencies: number[] = [];
  let non2xx = 0;
  let failures = 0;
  const lane = async (): Promise<void> => {
    while (performance.now() < stopAt) {
      const outcome = await exchange(target, request, TIMEOUT_MS);
      if (performance.now() < measureFrom) continue;
      if (outcome.kind === 'error') failures++;
      else if (outcome.status < 200 || outcome.status > 299) non2xx++;
      latencies.push(outcome.ms);
    }
  };
  await Promise.all(Array.from({ length: job.connections }, lane));
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return { requests: latencies.length, seconds: job.durationMs / 1000, non2xx, errors: failures, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: unknown }>;

function caller(target: Target & { readonly host: string }, accessKey: string): Call {
  return async (method, path, body) => {
    const outcome = await exchange(target, signedRequest(accessKey, target.host, method, path, body === undefined ? '' : JSON.stringify(body)), TIMEOUT_MS);
    if (outcome.kind === 'error') throw new Error(`${method} ${path}: ${outcome.code}`);
    const text = outcome.body.toString('utf8');
    if (outcome.status >= 300) throw new Error(`${method} ${path}: ${outcome.status} ${text.slice(0, 200)}`);
    return { status: outcome.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** create job → poll the worker until the offer shows → accept → complete → close, one lane per worker. */
async function cycles(job: Extract<LoadJob, { kind: 'cycles' }>): Promise<CyclesResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.lanes.length });
  const call = caller(targetOf(job.url, agent), job.accessKey);
  const stopAt = performance.now() + job.durationMs;
  const failures: string[] = [];
  let done = 0;
  let polls = 0;
  const lane = async (workerId: string, queueId: string, laneIndex: number): Promise<void> => {
    for (let i = 0; performance.now() < stopAt; i++) {
      const jobId = `${job.prefix}-${laneIndex}-${i}`;
      await call('PATCH', `/routing/jobs/${jobId}${Q}`, { channelId: 'voice', queueId, priority: 1 });
      let offerId: string | undefined;
      for (let attempt = 0; offerId === undefined; attempt++) {
        if (attempt > 1000) throw new Error(`no offer for ${jobId} after 1000 polls`);
        polls++;
        const worker = await call('GET', `/routing/workers/${workerId}${Q}`);
        const offers = field(worker.json, 'offers');
        const offer = Array.isArray(offers) ? offers.find((o) => field(o, 'jobId') === jobId) : undefined;
        const id = field(offer, 'offerId');
        if (typeof id === 'string') offerId = id;
      }
      const accepted = await call('POST', `/routing/workers/${workerId}/offers/${encodeURIComponent(offerId)}:accept${Q}`);
      const assignmentId = String(field(accepted.json, 'assignmentId'));
      await call('POST', `/routing/jobs/${jobId}/assignments/${encodeURIComponent(assignmentId)}:complete${Q}`, {});
      await call('POST', `/routing/jobs/${jobId}/assignments/${encodeURIComponent(assignmentId)}:close${Q}`, {});
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(job.lanes.map((l, i) => lane(l.workerId, l.queueId, i).catch((error: unknown) => void failures.push(String(error)))));
  agent.destroy();
  return { cycles: done, seconds: (performance.now() - started) / 1000, polls, failures };
}

/** create → cancel → delete, `count` times with `concurrency` in flight: state that must not outlive the jobs. */
async function churn(job: Extract<LoadJob, { kind: 'churn' }>): Promise<ChurnResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const call = caller(targetOf(job.url, agent), job.accessKey);
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < job.count) {
      const jobId = `${job.prefix}-${next++}`;
      try {
        await call('PATCH', `/routing/jobs/${jobId}${Q}`, { channelId: 'voice', queueId: job.queueId, priority: 1, labels: { n: next }, notes: [{ message: 'churn' }] });
        await call('POST', `/routing/jobs/${jobId}:cancel${Q}`, { note: 'bench', dispositionCode: 'Bench' });
        await call('DELETE', `/routing/jobs/${jobId}${Q}`);
      } catch (error) {
        if (failures.length < 10) failures.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  agent.destroy();
  return { jobs: job.count, seconds: (performance.now() - started) / 1000, failures };
}

process.once('message', (message: unknown) => {
  const job = message as LoadJob;
  const run = job.kind === 'replay' ? replay(job) : job.kind === 'cycles' ? cycles(job) : churn(job);
  run.then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }, () => process.exit(1)),
  );
});
