import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { createEmulatorHandler, DEV_ACCESS_KEY, startEmulator } from 'jobrouter-emulator';
import { capture, startBareServer } from './lib/bare-server';
import { API_VERSION, callJson, exchange, signedRequest, targetOf } from './lib/http';
import { runLoad, type ReplayResult } from './lib/load-jobs';
import { settledMemory } from './lib/memory';
import { timeRouting, type RoutingTiming } from './lib/routing';
import { timeEventDelivery } from './lib/events-bench';
import { timeClassification } from './lib/classify-bench';
import { httpsVersusHttp, restartAfterJobs } from './lib/tls-restart-bench';

/**
 * `npm run bench:emulator`: figures, not pass/fail. Every server runs in this process on loopback; every load
 * generator runs in a child process, so a server and its client never share an event loop.
 */
const Q = `?api-version=${API_VERSION}`;
const CONNECTIONS = 32;
const WARMUP_MS = 1_000;
const DURATION_MS = 3_000;
const ROUNDS = 3;
const CYCLE_MS = 5_000;
const CHURN_JOBS = 100_000;

const rows: [string, string][] = [];
const report = (label: string, value: string): void => {
  rows.push([label, value]);
  console.log(`  ${label}: ${value}`);
};
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function throughput(): Promise<void> {
  console.log('GET /routing/jobs/{id}: emulator vs a bare node:http server answering the same bytes');
  const emulator = await startEmulator({ port: 0, quiet: true });
  const agent = new http.Agent({ keepAlive: true });
  const target = targetOf(emulator.url, agent);
  await callJson(target, emulator.accessKey, 'PATCH', `/routing/distributionPolicies/bench-policy${Q}`, { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } });
  await callJson(target, emulator.accessKey, 'PATCH', `/routing/queues/bench-queue${Q}`, { distributionPolicyId: 'bench-policy' });
  await callJson(target, emulator.accessKey, 'PATCH', `/routing/jobs/bench-get${Q}`, { channelId: 'voice', queueId: 'bench-queue', priority: 1, labels: { tier: 'gold' } });
  // Signed once: the emulator accepts a signature for 15 minutes, and both servers get identical request bytes.
  const path = `/routing/jobs/bench-get${Q}`;
  const request = signedRequest(emulator.accessKey, target.host, 'GET', path);
  const sample = await exchange(target, request, 5_000);
  if (sample.kind !== 'response' || sample.status !== 200) throw new Error(`GET ${path} did not answer 200: ${JSON.stringify(sample)}`);
  const bare = await startBareServer(capture(sample.status, sample.headers, sample.body));
  // Identical request bytes for both, Host included: the bare server ignores it, the emulator's signature covers it.
  // Rounds alternate emulator and bare, and medians are compared, so background load hits both alike.
  const load = { kind: 'replay', method: 'GET', path, headers: request.headers, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS } as const;
  const emulatorRuns: ReplayResult[] = [];
  const bareRuns: ReplayResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    emulatorRuns.push(await runLoad({ ...load, url: emulator.url }));
    bareRuns.push(await runLoad({ ...load, url: bare.url }));
  }
  for (const r of [...emulatorRuns, ...bareRuns]) if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx and ${r.errors} errors during a run`);
  const rps = (r: ReplayResult): number => r.requests / r.seconds;
  const emulatorMedian = median(emulatorRuns.map(rps));
  const bareMedian = median(bareRuns.map(rps));
  const rounds = (runs: ReplayResult[]): string => runs.map((r) => fmt(rps(r))).join(' / ');
  report('GET job, emulator (req/s, median)', `${fmt(emulatorMedian)}  (rounds ${rounds(emulatorRuns)}; p99 ${fmt(median(emulatorRuns.map((r) => r.p99Ms)), 1)} ms)`);
  report('GET job, bare node:http (req/s, median)', `${fmt(bareMedian)}  (rounds ${rounds(bareRuns)}; p99 ${fmt(median(bareRuns.map((r) => r.p99Ms)), 1)} ms)`);
  report('GET job, ratio emulator/bare (aim ≥ 0.5)', fmt(emulatorMedian / bareMedian, 2));
  report('GET job, response size (bytes)', String(sample.body.length));
  await bare.close();

  console.log('offer → accept → complete → close cycles over HTTP');
  for (const laneCount of [1, 4]) {
    const lanes = Array.from({ length: laneCount }, (_, i) => ({ workerId: `cycle-worker-${laneCount}-${i}`, queueId: `cycle-queue-${laneCount}-${i}` }));
    for (const lane of lanes) {
      await callJson(target, emulator.accessKey, 'PATCH', `/routing/queues/${lane.queueId}${Q}`, { distributionPolicyId: 'bench-policy' });
      await callJson(target, emulator.accessKey, 'PATCH', `/routing/workers/${lane.workerId}${Q}`, { capacity: 1, queues: [lane.queueId], channels: [{ channelId: 'voice', capacityCostPerJob: 1 }], availableForOffers: true });
    }
    const result = await runLoad({ kind: 'cycles', url: emulator.url, accessKey: emulator.accessKey, prefix: `cycle-${laneCount}`, lanes, durationMs: CYCLE_MS });
    if (result.failures.length > 0) throw new Error(`cycles failed: ${result.failures.join('; ')}`);
    report(`cycles/s, ${laneCount} lane${laneCount > 1 ? 's' : ''} (5 requests + polls each)`, `${fmt(result.cycles / result.seconds)}  (${result.cycles} cycles, ${fmt(result.polls / result.cycles, 2)} polls/cycle)`);
  }
  agent.destroy();
  await emulator.close();
}

function routing(): void {
  console.log('routing queued jobs to available workers (pure domain, frozen clock, one tick, best of 3)');
  timeRouting(2_000, 200, 2); // JIT warm-up, not reported
  const timings = new Map<string, RoutingTiming>();
  for (const workers of [100, 1_000]) {
    for (const jobs of [1_000, 10_000]) {
      const t = timeRouting(jobs, workers);
      if (t.offered !== jobs) throw new Error(`${jobs} jobs / ${workers} workers: only ${t.offered} offered`);
      timings.set(`${jobs}/${workers}`, t);
      report(`route ${fmt(jobs)} jobs to ${fmt(workers)} workers (ms, best of 3)`, fmt(t.ms, 1));
    }
  }
  const ms = (key: string): number => timings.get(key)?.ms ?? NaN;
  report('10× jobs, 100 workers (ratio; linear = 10)', fmt(ms('10000/100') / ms('1000/100'), 1));
  report('10× jobs, 1,000 workers (ratio; linear = 10)', fmt(ms('10000/1000') / ms('1000/1000'), 1));
  report('10× workers, 1,000 jobs (ratio)', fmt(ms('1000/1000') / ms('1000/100'), 1));
  report('10× workers, 10,000 jobs (ratio)', fmt(ms('10000/1000') / ms('10000/100'), 1));
  timeClassification(1_000); // warm-up
  const classified = [0, 1, 2].map(() => timeClassification(10_000));
  if (classified.some((c) => c.classified !== 10_000)) throw new Error('not every job was classified');
  report('classify 10,000 jobs (one tick, ms, best of 3)', fmt(Math.min(...classified.map((c) => c.ms)), 1));
}

async function memory(): Promise<void> {
  console.log(`memory: ${fmt(CHURN_JOBS)} jobs created, cancelled and deleted over HTTP`);
  // The handler on a plain server, so the store can be inspected afterwards for leftovers.
  const handler = createEmulatorHandler({});
  const server = http.createServer({ keepAliveTimeout: 5000 }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new http.Agent({ keepAlive: true });
  const target = targetOf(url, agent);
  await callJson(target, DEV_ACCESS_KEY, 'PATCH', `/routing/distributionPolicies/mem-policy${Q}`, { offerExpiresAfterSeconds: 60 });
  await callJson(target, DEV_ACCESS_KEY, 'PATCH', `/routing/queues/mem-queue${Q}`, { distributionPolicyId: 'mem-policy' });
  const churn = (prefix: string, count: number) => runLoad({ kind: 'churn', url, accessKey: DEV_ACCESS_KEY, queueId: 'mem-queue', prefix, count, concurrency: 16 });
  await churn('warm', 2_000);
  const before = await settledMemory();
  const result = await churn('mem', CHURN_JOBS);
  if (result.failures.length > 0) throw new Error(`churn failed: ${result.failures.join('; ')}`);
  const after = await settledMemory();
  const store = handler.domain.ctx.store;
  report('churn rate (jobs/s, 3 requests each)', fmt(result.jobs / result.seconds));
  report('RSS before → after (MiB)', `${fmt(before.rssMiB, 1)} → ${fmt(after.rssMiB, 1)}  (Δ ${fmt(after.rssMiB - before.rssMiB, 1)})`);
  report('heap used before → after (MiB)', `${fmt(before.heapUsedMiB, 1)} → ${fmt(after.heapUsedMiB, 1)}  (Δ ${fmt(after.heapUsedMiB - before.heapUsedMiB, 1)})`);
  report('store after (jobs / offers / settled offers)', `${store.jobs.size} / ${store.offers.size} / ${store.settledOffers.size}`);
  agent.destroy();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function events(): Promise<void> {
  console.log('events delivered by the publisher to one webhook (batches of 10, one POST in flight, loopback sink)');
  await timeEventDelivery(500); // warm-up, not reported
  for (const schema of ['eventgrid', 'cloudevents'] as const) {
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) runs.push(await timeEventDelivery(10_000, schema));
    const rates = runs.map((r) => (r.events / r.ms) * 1000);
    report(`events/s to one webhook, ${schema} (median of ${ROUNDS})`, `${fmt(median(rates))}  (rounds ${rates.map((r) => fmt(r)).join(' / ')}; ${fmt(runs[0]?.events ?? 0)} events in ${fmt(runs[0]?.posts ?? 0)} POSTs)`);
  }
}

const started = performance.now();
// Other work on the machine skews every figure; the load average is printed so a reader can judge.
const loadBefore = loadavg()[0] ?? NaN;
await throughput();
await httpsVersusHttp(report, { connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS, rounds: ROUNDS });
await restartAfterJobs(report, 10_000);
routing();
await events();
await memory();
const width = Math.max(...rows.map(([label]) => label.length));
console.log(`\nEmulator benchmark (node ${process.version}, ${cpus().length} CPUs, ${fmt((performance.now() - started) / 1000, 1)} s, load average ${fmt(loadBefore, 1)} → ${fmt(loadavg()[0] ?? NaN, 1)})`);
console.log(`${'figure'.padEnd(width)}  value\n${'-'.repeat(width)}  ${'-'.repeat(40)}`);
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
