import type { FullConfig } from '@playwright/test/reporter';

/**
 * Whether every catalog requirement was meant to run. A shard or a filtered run (--grep, file arguments, --project…)
 * checks a subset, so requirements it did not plan are absent rather than errors. Playwright hands reporters the
 * config's grep and shard but not the CLI filters, so those are read from the runner's argv.
 */
export type Scope = 'full' | 'partial';

const FILTER_FLAGS = new Set(['-g', '--grep', '-gv', '--grep-invert', '--project', '--last-failed', '--only-changed', '--test-list', '--test-list-invert', '--shard']);
const VALUE_FLAGS = new Set([
  '-c', '--config', '--reporter', '-j', '--workers', '--shard', '--retries', '--timeout', '--output', '--project',
  '-g', '--grep', '-gv', '--grep-invert', '--repeat-each', '--max-failures', '--global-timeout', '--trace', '--tsconfig',
  '--browser', '--test-list', '--test-list-invert', '--last-failed-file', '--update-source-method', '--port', '--host',
]);

function matchesEverything(grep: RegExp | RegExp[]): boolean {
  const list = Array.isArray(grep) ? grep : [grep];
  return list.length === 0 || list.every((r) => r.source === '.*' || r.source === '(?:)');
}

/** True when the `playwright test` command line narrows the run. */
export function argvFilters(argv: readonly string[]): boolean {
  const at = argv.indexOf('test');
  if (at < 0) return false;
  for (let i = at + 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const flag = arg.split('=')[0] ?? arg;
    if (FILTER_FLAGS.has(flag)) return true;
    if (arg.startsWith('-')) {
      if (VALUE_FLAGS.has(flag) && !arg.includes('=')) i++;
      continue;
    }
    return true; // a positional argument is a file or location filter
  }
  return false;
}

export function detectScope(
  config: Pick<FullConfig, 'shard' | 'grep' | 'grepInvert'>,
  argv: readonly string[],
  override?: Scope | 'auto',
): Scope {
  if (override === 'full' || override === 'partial') return override;
  if (config.shard) return 'partial';
  if (!matchesEverything(config.grep)) return 'partial';
  if (config.grepInvert && !(Array.isArray(config.grepInvert) && config.grepInvert.length === 0)) return 'partial';
  return argvFilters(argv) ? 'partial' : 'full';
}
