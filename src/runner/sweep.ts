import { findLeftovers, type Leftover } from './leftovers';
import { removeAll, type RemovalResult, type RemovalTiming, type RouterSender } from './removal';
import type { JobRouterClient } from '../client/client';

/**
 * `npm run sweep`: find what a (crashed) run left behind by its prefix and remove it in dependency order. The prefix is
 * the only thing standing between the sweep and other people's resources, so a short one is refused outright.
 */
export const MIN_PREFIX_LENGTH = 4;

/** Why a prefix must not be swept, as one sentence; undefined when it may be. */
export function prefixProblem(prefix: string | undefined): string | undefined {
  if (prefix === undefined || prefix === '') return 'Give the run prefix to sweep with --prefix <run prefix> (it is printed at the start of every conformance run).';
  if (prefix.length < MIN_PREFIX_LENGTH) {
    return `The prefix "${prefix}" is shorter than ${MIN_PREFIX_LENGTH} characters and could match resources that are not this run's, so nothing was swept.`;
  }
  return undefined;
}

/** The resources carrying `prefix`, in the order they will be removed (jobs → workers → queues → policies). */
export async function planSweep(client: JobRouterClient, endpoint: string, prefix: string): Promise<Leftover[]> {
  const order = ['job', 'worker', 'queue', 'distribution policy'];
  const found = await findLeftovers(client, endpoint, prefix);
  return found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

export function sweep(sender: RouterSender, plan: readonly Leftover[], timing: RemovalTiming): Promise<RemovalResult> {
  const ids = (kind: Leftover['kind']): string[] => plan.filter((l) => l.kind === kind).map((l) => l.id);
  return removeAll(sender, { jobs: ids('job'), workers: ids('worker'), queues: ids('queue'), policies: ids('distribution policy') }, timing);
}
