import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from 'jobrouter-emulator';
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

/** Fills an emulator on --location with `jobs` jobs (and a worker per 100), stops it, and times the start that reads them back. */
export async function restartAfterJobs(report: Report, jobs: number): Promise<void> {
  console.log(`restart on --location after ${fmt(jobs)} jobs`);
  const location = mkdtempSync(join(tmpdir(), 'jr-bench-state-'));
  const first = await startEmulator({ port: 0, quiet: true, location });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const target = targetOf(first.url, agent);
  const call = (method: string, path: string, body?: unknown) => callJson(target, first.accessKey, method, `${path}${Q}`, body);
  await call('PATCH', '/routing/distributionPolicies/restart-p', { offerExpiresAfterSeconds: 3600, mode: { kind: 'longestIdle' } });
  await call('PATCH', '/routing/queues/restart-q', { distributionPolicyId: 'restart-p' });
  for (let w = 0; w < jobs / 100; w++) {
    await call('PATCH', `/routing/workers/restart-w${w}`, { capacity: 1, queues: ['restart-q'], channels: [{ channelId: 'voice', capacityCostPerJob: 1 }], availableForOffers: true });
  }
  const filled = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < jobs; i = next++) await call('PATCH', `/routing/jobs/restart-j${i}`, { channelId: 'voice', queueId: 'restart-q', priority: 1, labels: { n: i } });
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  const fillSeconds = (performance.now() - filled) / 1000;
  const flushStarted = performance.now();
  const bytes = first.state?.flush() ?? 0;
  const flushMs = performance.now() - flushStarted;
  agent.destroy();
  await first.close();
  const started = performance.now();
  const second = await startEmulator({ port: 0, quiet: true, location });
  const upMs = performance.now() - started;
  const restoredJobs = second.state?.restored.counts['jobs'] ?? 0;
  if (restoredJobs !== jobs) throw new Error(`restored ${restoredJobs} jobs of ${jobs}`);
  report(`fill ${fmt(jobs)} jobs over HTTP with --location (jobs/s)`, fmt(jobs / fillSeconds));
  report(`state file after ${fmt(jobs)} jobs (MiB; one write, ms)`, `${fmt(bytes / 1024 / 1024, 1)}  (${fmt(statSync(second.state?.path ?? '').size)} bytes; write ${fmt(flushMs)} ms)`);
  report(`restart after ${fmt(jobs)} jobs: startEmulator until listening (ms; reading the state)`, `${fmt(upMs)}  (${fmt(second.state?.restored.ms ?? NaN)} ms reading ${fmt(restoredJobs)} jobs, ${fmt(second.state?.restored.counts['offers'] ?? 0)} offers)`);
  await second.close();
  rmSync(location, { recursive: true, force: true });
}
