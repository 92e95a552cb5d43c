/**
 * `npm run conformance [-- <playwright args, e.g. --shard=1/3 --grep CLOSE>]`: load config → start the embedded
 * emulator when no endpoint is configured → preflight → run the specs → count leftovers → exit with the verdict's
 * code (0 conformant, 1 not conformant, 2 the kit could not do its job). Users see sentences, never stack traces.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayTarget, loadConfig, newRunPrefix, type KitConfig } from '../config';
import { exitCodeFor, type Verdict } from '../report/model';
import { REPORT_FILES } from '../report/write';
import { clientFor, connectionOf, retrySettings, type Connection } from '../runner/connection';
import { findLeftovers } from '../runner/leftovers';
import { checkEventSource } from '../events/source';
import { preflight } from '../runner/preflight';
import { complain, configOrComplain, message, say } from './output';


interface EmbeddedEmulator {
  readonly url: string;
  readonly accessKey: string;
  close(): Promise<void>;
}

function runPlaywright(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((done) => {
    const child = spawn(join('node_modules', '.bin', 'playwright'), ['test', '-c', 'playwright.config.ts', ...args], { stdio: 'inherit', env });
    child.on('error', (error) => {
      complain(`Could not start Playwright: ${message(error)}.`);
      done(null);
    });
    child.on('close', (code) => done(code));
  });
}

function readVerdict(file: string): Verdict | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const verdict: unknown = typeof parsed === 'object' && parsed !== null && 'verdict' in parsed ? parsed.verdict : undefined;
    return verdict === 'conformant' || verdict === 'not-conformant' || verdict === 'error' ? verdict : undefined;
  } catch {
    return undefined;
  }
}

async function countLeftovers(connection: Connection, config: KitConfig, runPrefix: string, sweepable: boolean): Promise<void> {
  try {
    const leftovers = await findLeftovers(clientFor(connection, config.apiVersion, 15_000, retrySettings(config, 1)), connection.endpoint, runPrefix);
    say(`leftover resources: ${leftovers.length}`);
    // The embedded emulator takes its resources with it when it stops; only a real endpoint keeps them to sweep.
    if (leftovers.length > 0 && sweepable) say(`Remove them with: npm run sweep -- --prefix ${runPrefix}`);
    for (const l of leftovers.slice(0, 20)) say(`  ${l.kind} ${l.id}`);
  } catch (error) {
    say(`leftover resources: unknown (${message(error)})`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let config = configOrComplain();
  if (!config) return 2;

  // The child inherits this process's environment (forwarded, not read as configuration) plus what is decided here.
  // eslint-disable-next-line no-restricted-properties
  const env: NodeJS.ProcessEnv = { ...process.env };
  // One prefix per run, decided here so the leftover count below looks for exactly what the workers created.
  env['JOBROUTER_RUN_PREFIX'] ||= newRunPrefix();

  let emulator: EmbeddedEmulator | undefined;
  if (config.target.kind === 'emulator') {
    const { startEmulator } = await import('../emulator/index');
    emulator = await startEmulator({ port: 0, quiet: true });
    Object.assign(env, { JOBROUTER_ENDPOINT: emulator.url, JOBROUTER_ACCESS_KEY: emulator.accessKey, JOBROUTER_EMBEDDED_EMULATOR: '1' });
  }
  try {
    config = loadConfig(env);
    const runPrefix = config.runPrefix;
    const connection = connectionOf(config);
    const shown = displayTarget(config);
    say(`Job Router conformance · ${shown} · api-version ${config.apiVersion} · profile ${config.profile} · run prefix ${runPrefix}`);

    const ready = await preflight(connection, config.apiVersion, shown);
    if (!ready.ok) {
      complain(ready.sentence);
      return 2;
    }
    const events = await checkEventSource(config);
    if (!events.ok) {
      complain(events.sentence);
      return 2;
    }

    const reportFile = resolve(config.reportsDir, REPORT_FILES.json);
    // A report left by an earlier run must never pass for this run's.
    rmSync(reportFile, { force: true });
    await runPlaywright(argv, env);
    await countLeftovers(connection, config, runPrefix, emulator === undefined);

    const verdict = readVerdict(reportFile);
    if (!verdict) {
      complain(`The run produced no report (${reportFile} is missing or unreadable), so there is no verdict.`);
      return 2;
    }
    return exitCodeFor(verdict);
  } finally {
    await emulator?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    complain(`The kit failed: ${message(error).split('\n')[0] ?? 'unknown error'}.`);
    process.exit(2);
  },
);
