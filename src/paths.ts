import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the kit's own files are (package.json, schemas/, profiles/, playwright.config.*): the package root, found from
 * this module whether it runs from the sources (src/) or compiled (dist/src/) in an installed package.
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas'))) return dir;
    if (dirname(dir) === dir) throw new Error(`The kit's files (package.json, schemas/) were not found above ${start}.`);
  }
}

const here = dirname(fileURLToPath(import.meta.url));

export const KIT_ROOT = findRoot(here);

/** The directory holding the runnable kit: the package root from the sources, dist/ once compiled. */
export const RUN_ROOT = dirname(here);

/** `.ts` when running from the sources, `.js` compiled. */
export const MODULE_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

let version: string | undefined;

export function kitVersion(): string {
  if (version === undefined) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(join(KIT_ROOT, 'package.json'), 'utf8'));
      version = typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : 'unknown';
    } catch {
      version = 'unknown';
    }
  }
  return version;
}
