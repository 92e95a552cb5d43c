/**
 * `jobrouter-conformance [--grep … --shard=1/3 …]` (`npm run conformance -- …` in a clone): load config → start the
 * embedded emulator when no endpoint is configured → preflight → run the specs → count leftovers → exit with the
 * verdict's code (0 conformant, 1 not conformant, 2 the kit could not do its job). Sentences, never stack traces.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_KEYS } from '../config/keys';
import { kitVersion, MODULE_EXT, RUN_ROOT } from '../paths';
import { displayTarget, loadConfig, newRunPrefix, type KitConfig } from '../config';
import { exitCodeFor, type Verdict } from '../report/model';
import { REPORT_FILES } from '../report/write';
import { clientFor, connectionOf, retrySettings, type Connection } from '../runner/connection';
import { findLeftovers } from '../runner/leftovers';
import { checkEventSource } from '../events/source';
import { preflight } from '../runner/preflight';
import { complain, configOrComplain, message, say, sayCoverage } from './output';


interface EmbeddedEmulator {
  readonly url: string;
  readonly accessKey: string;
  close(): Promise<void>;
}

/** Playwright options passed through as given; anything else is refused with one sentence. */
const PASS_THROUGH = {
  grep: { type: 'string', short: 'g' },
  'grep-invert': { type: 'string' },
  shard: { type: 'string' },
  list: { type: 'boolean' },
  'repeat-each': { type: 'string' },
  'max-failures': { type: 'string' },
  retries: { type: 'string' },
  timeout: { type: 'string' },
  workers: { type: 'string', short: 'j' },
} as const;

const HELP = `Usage: jobrouter-conformance [options]

Runs the Job Router (api-version 2023-11-01) conformance requirements against the configured endpoint, or against an
embedded emulator when none is configured, and writes conformance.html, conformance.json and junit.xml.
Exit codes: 0 conformant · 1 not conformant · 2 the kit could not do its job.

Options:
  -h, --help               this text
  -V, --version            the kit's version
  -g, --grep <regex>       only the requirements whose title matches (e.g. --grep CLOSE-AT)
      --grep-invert <re>   all but those
      --shard <i/n>        this machine's share of a sharded run (with JOBROUTER_BLOB=1)
      --list               list the requirements that would run
      --repeat-each <n>    run each requirement n times
      --max-failures <n>   stop after n failures
      --retries <n>        retry failed requirements (a flaky pass is reported as such)
      --timeout <ms>       per-requirement timeout (default 60000)
      --depth <d>          input models: default (every class once) or thorough (every pair; JOBROUTER_DEPTH)
  -j, --workers <n>        parallel workers (default JOBROUTER_WORKERS)

Configuration (environment, or .env in the current directory; see .env.example):
${CONFIG_KEYS.map(([key, fallback, meaning]) => `  ${key.padEnd(42)} ${fallback.padEnd(11)} ${meaning}`).join('\n')}
`;

type Parsed = { readonly kind: 'run'; readonly args: string[]; readonly depth?: string } | { readonly kind: 'exit'; readonly code: number };

function parseCommandLine(argv: readonly string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' }, depth: { type: 'string' }, ...PASS_THROUGH }, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    const text = message(error);
    const flag = /'(-[^']*)'/.exec(text)?.[1];
    complain(flag ? `Unknown option ${flag}: see jobrouter-conformance --help.` : `${text.split('\n')[0] ?? text} (see --help).`);
    return { kind: 'exit', code: 2 };
  }
  if (parsed.values.help) {
    say(HELP);
    return { kind: 'exit', code: 0 };
  }
  if (parsed.values.version) {
    say(kitVersion());
    return { kind: 'exit', code: 0 };
  }
  const depth = parsed.values.depth;
  if (depth !== undefined && depth !== 'default' && depth !== 'thorough') {
    complain(`--depth must be "default" or "thorough", got "${depth}".`);
    return { kind: 'exit', code: 2 };
  }
  // --depth is the kit's own option: it reaches the workers as JOBROUTER_DEPTH, never Playwright's command line.
  const args = (parsed.tokens ?? []).flatMap((t) => (t.kind === 'option' && t.name !== 'depth' ? (t.value === undefined ? [`--${t.name}`] : [`--${t.name}=${t.value}`]) : []));
  return { kind: 'run', args, ...(depth ? { depth } : {}) };
}

/** Playwright's command line and the kit's config, inside this package (sources or compiled). */
function runPlaywright(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const config = join(RUN_ROOT, `playwright.config${MODULE_EXT}`);
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, 'test', '-c', config, ...args], { stdio: 'inherit', env });
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
    if (leftovers.length > 0 && sweepable) say(`Remove them with: npx jobrouter-sweep --prefix ${runPrefix} (npm run sweep -- --prefix ${runPrefix} in a clone)`);
    for (const l of leftovers.slice(0, 20)) say(`  ${l.kind} ${l.id}`);
  } catch (error) {
    say(`leftover resources: unknown (${message(error)})`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCommandLine(argv);
  if (command.kind === 'exit') return command.code;
  let config = configOrComplain();
  if (!config) return 2;

  // The child inherits this process's environment (forwarded, not read as configuration) plus what is decided here.
  // eslint-disable-next-line no-restricted-properties
  const env: NodeJS.ProcessEnv = { ...process.env };
  // One prefix per run, decided here so the leftover count below looks for exactly what the workers created.
  env['JOBROUTER_RUN_PREFIX'] ||= newRunPrefix();
  if (command.depth) env['JOBROUTER_DEPTH'] = command.depth;

  let emulator: EmbeddedEmulator | undefined;
  if (config.target.kind === 'emulator') {
    const { startEmulator } = await import('jobrouter-emulator');
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
    const code = await runPlaywright(command.args, env);
    // `--list` runs nothing: the listing is the answer, there is no verdict.
    if (command.args.includes('--list')) return code ?? 2;
    await countLeftovers(connection, config, runPrefix, emulator === undefined);
    sayCoverage(reportFile);

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
