/**
 * `npm run sweep -- --prefix <run prefix> [--dry-run]`: remove what a run left behind on a real endpoint (a crashed
 * run, an interrupted cleanup). Exit 0 when nothing is left, 1 when something could not be removed, 2 when the sweep
 * could not do its job (bad arguments or config, the embedded emulator, unreachable endpoint, refused credentials).
 */
import { parseArgs } from 'node:util';
import { displayTarget } from '../config';
import { HarnessError } from '../contract/evidence';
import { clientFor, connectionOf, retrySettings } from '../runner/connection';
import type { Leftover } from '../runner/leftovers';
import { preflight } from '../runner/preflight';
import { reasonOf } from '../runner/removal';
import { planSweep, prefixProblem, sweep } from '../runner/sweep';
import { complain, configOrComplain, message, say } from './output';

const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

function options(argv: readonly string[]): { prefix: string | undefined; dryRun: boolean } | string {
  try {
    const { values } = parseArgs({ args: [...argv], options: { prefix: { type: 'string' }, 'dry-run': { type: 'boolean' } }, strict: true, allowPositionals: false });
    return { prefix: values.prefix, dryRun: values['dry-run'] === true };
  } catch (error) {
    return `${sentence(message(error).split('\n')[0] ?? 'Bad arguments')} Usage: npm run sweep -- --prefix <run prefix> [--dry-run].`;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = options(argv);
  if (typeof args === 'string') {
    complain(args);
    return 2;
  }
  const problem = prefixProblem(args.prefix);
  if (problem !== undefined || args.prefix === undefined) {
    complain(problem ?? 'No prefix.');
    return 2;
  }
  const prefix = args.prefix;

  const config = configOrComplain();
  if (!config) return 2;
  if (config.target.kind === 'emulator' || config.embeddedEmulator) {
    complain('No endpoint is configured, and the embedded emulator forgets everything when its run ends, so there is nothing to sweep.');
    return 2;
  }

  const connection = connectionOf(config);
  const shown = displayTarget(config);
  const ready = await preflight(connection, config.apiVersion, shown);
  if (!ready.ok) {
    complain(ready.sentence);
    return 2;
  }
  const client = clientFor(connection, config.apiVersion, 15_000, retrySettings(config, 1));
  say(`Job Router sweep · ${shown} · prefix ${prefix}${args.dryRun ? ' · dry run' : ''}`);

  let plan: Leftover[];
  try {
    plan = await planSweep(client, connection.endpoint, prefix);
  } catch (error) {
    if (!(error instanceof HarnessError)) throw error;
    complain(sentence(message(error)));
    return 2;
  }
  say(`${args.dryRun ? 'would remove' : 'removing'} ${plan.length} resource${plan.length === 1 ? '' : 's'} with ids starting "${prefix}-":`);
  for (const l of plan) say(`  ${l.kind} ${l.id}`);
  if (args.dryRun) {
    say('dry run: nothing removed');
    return 0;
  }

  // The same patience the fixtures give a test's cleanup: enough for a close scheduled by a CLOSE-AT spec to happen.
  const { closeAtDelayMs, closeAtToleranceMs, settleTimeoutMs, pollIntervalMs } = config.timing;
  const result = await sweep(client, plan, { patienceMs: closeAtDelayMs + closeAtToleranceMs + settleTimeoutMs, pollIntervalMs });
  say(`swept ${result.removed.length}, left ${result.left.length}`);
  for (const l of result.left) say(`  left ${l.kind} ${l.id}: ${reasonOf(l)}`);
  return result.left.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    complain(`The sweep failed: ${message(error).split('\n')[0] ?? 'unknown error'}.`);
    process.exit(2);
  },
);
