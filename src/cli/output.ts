import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type Env, type KitConfig } from '../config';
import { coverageLines, type Coverage } from '../report/coverage';

/** What the kit's command-line tools share: sentences on stdout/stderr, never stack traces. */
export const say = (line: string): void => void process.stdout.write(`${line}\n`);
export const complain = (line: string): void => void process.stderr.write(`${line}\n`);
export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The configuration, or undefined after one sentence on stderr when it is invalid (the caller exits 2). */
export function configOrComplain(env?: Env): KitConfig | undefined {
  try {
    return env ? loadConfig(env) : loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      complain(error.message);
      return undefined;
    }
    throw error;
  }
}

/** The run's last lines: what each operation's input model exploration covered, read back from conformance.json. */
export function sayCoverage(reportFile: string): void {
  try {
    const parsed: unknown = JSON.parse(readFileSync(reportFile, 'utf8'));
    const coverage = typeof parsed === 'object' && parsed !== null && 'coverage' in parsed ? (parsed.coverage as Coverage | undefined) : undefined;
    if (coverage && Array.isArray(coverage.operations)) for (const line of coverageLines(coverage)) say(line);
  } catch {
    // No report, or one without coverage: the verdict line already said what there is to say.
  }
}
