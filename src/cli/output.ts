import { ConfigError, loadConfig, type Env, type KitConfig } from '../config';

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
