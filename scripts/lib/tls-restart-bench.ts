import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from 'jobrouter-emulator';
import { createDomain } from '../../emulator/src/domain';
import { upsertPolicy, upsertQueue } from '../../emulator/src/domain/admin/admin';
import type { Result } from '../../emulator/src/domain/kernel/errors';
import { upsertJob } from '../../emulator/src/domain/jobs/jobs';
import { upsertWorker } from '../../emulator/src/domain/workers/workers';
import { EventPublisher } from '../../emulator/src/events/publisher';
import { StateFile } from '../../emulator/src/persistence/state-file';
import { capture, startBareServer } from './bare-server';
import { API_VERSION, callJson, exchange, signedRequest, targetOf } from './http';
import { runLoad, type ReplayResult } from './load-jobs';

/** Figures for issue 18: GET over HTTPS and HTTP against bare node:https/node:http, and a restart on --location. */
const Q = `?api-version=${API_VERSION}`;
type Report = (label: string, value: string) => void;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const rps = (r: ReplayResult): number => r.requests / r.seconds;

export async function httpsVersusHttp(report: Report, options: { connections: number; warmupMs: number; durationMs: number; rounds: number }): Promise<void> {
  console.log('GET /routing/jobs/{id} over HTTPS and HTTP: emulator vs bare node:https / node:http answering the same bytes');
  const certDir = mkdtempSync(join(tmpdir(), 'jr-bench-cert-'));
  const secure = await startEmulator({ port: 0, quiet: true, cert: 'dev', certDir });
  const plain = await startEmulator({ port: 0, quiet: true });
  const ca = readFileSync(secure.tls?.certPath ?? '', 'utf8');
  const tls = { cert: readFileSync(secure.tls?.certPath ?? ''), key: readFileSync(join(certDir, 'jobrouter-emulator-key.pem')) };
  const figures: Record<string, number> = {};
  for (const [name, emulator] of [['HTTPS', secure], ['HTTP', plain]] as const) {
    const agent = name === 'HTTPS' ? new https.Agent({ keepAlive: true, ca }) : new http.Agent({ keepAlive: true });
    const target = targetOf(emulator.url, agent);
    await callJson(target, emulator.accessKey, 'PATCH', `/routing/queues/bench-queue${Q}`, {});
    await callJson(target, emulator.accessKey, 'PATCH', `/routing/jobs/bench-get${Q}`, { channelId: 'voice', queueId: 'bench-queue', priority: 1, labels: { tier: 'gold' } });
    const path = `/routing/jobs/bench-get${Q}`;
    const request = signedRequest(emulator.accessKey, target.host, 'GET', path);
    const sample = await exchange(target, request, 5_000);
    if (sample.kind !== 'response' || sample.status !== 200) throw new Error(`GET ${path} over ${name} did not answer 200`);
    const bare = await startBareServer(capture(sample.status, sample.headers, sample.body), name === 'HTTPS' ? tls : undefined);
    const load = { kind: 'replay', method: 'GET', path, headers: request.headers, connections: options.connections, warmupMs: options.warmupMs, durationMs: options.durationMs, ca } as const;
    const emulatorRuns: ReplayResult[] = [];
    const bareRuns: ReplayResult[] = [];
    for (let round = 0; round < options.rounds; round++) {
      emulatorRuns.push(await runLoad({ ...load, url: emulator.url }));
      bareRuns.push(await runLoad({ ...load, url: bare.url }));
    }
    for (const r of [...emulatorRuns, ...bareRuns]) if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx and ${r.errors} errors during a ${name} run`);
    figures[`${name} emulator`] = median(emulatorRuns.map(rps));
    figures[`${name} bare`] = median(bareRuns.map(rps));
    report(`GET job over ${name}, emulator (req/s, median; p99 ms)`, `${fmt(figures[`${name} emulator`] ?? NaN)}  (p99 ${fmt(median(emulatorRuns.map((r) => r.p99Ms)), 1)})`);
    report(`GET job over ${name}, bare node:${name.toLowerCase()} (req/s, median; p99 ms)`, `${fmt(figures[`${name} bare`] ?? NaN)}  (p99 ${fmt(median(bareRuns.map((r) => r.p99Ms)), 1)})`);
    report(`GET job over ${name}, ratio emulator/bare`, fmt((figures[`${name} emulator`] ?? NaN) / (figures[`${name} bare`] ?? NaN), 2));
    agent.destroy();
    await bare.close();
  }
  report('GET job, emulator HTTPS/HTTP (ratio)', fmt((figures['HTTPS emulator'] ?? NaN) / (figures['HTTP emulator'] ?? NaN), 2));
  await secure.close();
  await plain.close();
  rmSync(certDir, { recursive: true, force: true });
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * The state of `jobs` jobs (a worker per 100, each holding an offer or an assignment) made on the pure domain — over
 * HTTP the fill would measure matching, not persistence — written as --location writes it; then the time from
 * startEmulator({ location }) until it listens with everything read back.
 */
export async function restartAfterJobs(report: Report, jobs: number): Promise<void> {
  console.log(`restart on --location after ${fmt(jobs)} jobs`);
  const location = mkdtempSync(join(tmpdir(), 'jr-bench-state-'));
  const domain = createDomain();
  const ctx = domain.ctx;
  unwrap(upsertPolicy(ctx, 'restart-p', { offerExpiresAfterSeconds: 3600, mode: { kind: 'longestIdle' } }));
  unwrap(upsertQueue(ctx, 'restart-q', { distributionPolicyId: 'restart-p' }));
  for (let w = 0; w < jobs / 100; w++) {
    unwrap(upsertWorker(ctx, `restart-w${w}`, { capacity: 1, queues: ['restart-q'], channels: [{ channelId: 'voice', capacityCostPerJob: 1 }], availableForOffers: true }));
  }
  for (let i = 0; i < jobs; i++) unwrap(upsertJob(ctx, `restart-j${i}`, { channelId: 'voice', queueId: 'restart-q', priority: 1, labels: { n: i, team: 'billing' }, notes: [{ message: `note ${i}` }] }));
  domain.tick();
  const state = new StateFile(location, { domain, events: new EventPublisher(), version: 'bench' });
  const flushStarted = performance.now();
  const bytes = state.flush();
  const flushMs = performance.now() - flushStarted;
  const started = performance.now();
  const emulator = await startEmulator({ port: 0, quiet: true, location });
  const upMs = performance.now() - started;
  const restored = emulator.state?.restored;
  if (restored?.counts['jobs'] !== jobs) throw new Error(`restored ${restored?.counts['jobs'] ?? 0} jobs of ${jobs}`);
  const agent = new http.Agent({ keepAlive: true });
  const first = await callJson(targetOf(emulator.url, agent), emulator.accessKey, 'GET', `/routing/jobs/restart-j${jobs - 1}${Q}`);
  if (first.status !== 200) throw new Error('the last job did not come back');
  agent.destroy();
  report(`state file after ${fmt(jobs)} jobs, ${fmt(jobs / 100)} workers (MiB; one write)`, `${fmt(bytes / 1024 / 1024, 1)}  (${fmt(bytes)} bytes; written in ${fmt(flushMs)} ms)`);
  report(`restart after ${fmt(jobs)} jobs: startEmulator until listening (ms)`, `${fmt(upMs)}  (reading and decoding the state: ${fmt(restored.ms)} ms; ${fmt(restored.counts['offers'] ?? 0)} offers)`);
  await emulator.close();
  rmSync(location, { recursive: true, force: true });
}
