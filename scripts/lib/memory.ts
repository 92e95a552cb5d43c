import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full GC, without asking the caller to pass --expose-gc (the npm script runs plain tsx): the flag is switched on
 * at run time and `gc` is taken from a fresh context, where V8 installs it.
 */
function obtainGc(): () => void {
  const existing: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') return existing as () => void;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const gc = obtainGc();

/** A full collection now, so garbage from setup is not collected inside a timed section. */
export function collectGarbage(): void {
  gc();
}

export interface MemorySample {
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
}

const MIB = 1024 * 1024;

/** Settled memory: several GCs with pauses between, so weak callbacks and finalizers have run. */
export async function settledMemory(): Promise<MemorySample> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const usage = process.memoryUsage();
  return { rssMiB: usage.rss / MIB, heapUsedMiB: usage.heapUsed / MIB };
}
