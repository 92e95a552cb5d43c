import type { JobRouterClient } from '../client/client';
import { routes } from '../client/routes';
import { HarnessError } from '../contract/evidence';

export type ResourceKind = 'job' | 'worker' | 'queue' | 'distribution policy';

export interface Leftover {
  readonly kind: ResourceKind;
  readonly id: string;
}

const COLLECTIONS: readonly [ResourceKind, string][] = [
  ['job', routes.jobs()],
  ['worker', routes.workers()],
  ['queue', routes.queues()],
  ['distribution policy', routes.distributionPolicies()],
];

/**
 * A page's nextLink as a path for the client: relative to the endpoint, api-version left for the client to add. The
 * link is the target's text: one to another origin is refused, so the credentials only ever go to the endpoint.
 */
export function nextPath(nextLink: string, endpoint: string): { path: string; query: Record<string, string> } {
  const base = new URL(endpoint);
  let url: URL;
  try {
    url = new URL(nextLink, base);
  } catch {
    throw new HarnessError(`The target's nextLink "${nextLink.slice(0, 200)}" is not a URL; the kit does not follow it.`);
  }
  if (url.origin !== base.origin) {
    throw new HarnessError(`The target's nextLink points to another origin (${url.origin.slice(0, 200)}, not ${base.origin}); the kit sends its credentials only to the configured endpoint, so it does not follow it.`);
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const path = prefix && url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (key !== 'api-version') query[key] = value;
  return { path, query };
}

async function idsIn(client: JobRouterClient, endpoint: string, collection: string): Promise<string[]> {
  const ids: string[] = [];
  let page: { path: string; query: Record<string, string> } | undefined = { path: collection, query: { maxpagesize: '100' } };
  // A bound on pages keeps a target that always answers with a nextLink from looping forever.
  for (let pages = 0; page && pages < 1000; pages += 1) {
    const res = await client.send('GET', page.path, { query: page.query });
    if (res.status !== 200) throw new HarnessError(`Listing ${collection} answered HTTP ${res.status}; leftovers could not be counted.`);
    const body: unknown = res.body;
    const value: unknown = typeof body === 'object' && body !== null && 'value' in body ? body.value : undefined;
    if (!Array.isArray(value)) throw new HarnessError(`Listing ${collection} answered no "value" array; leftovers could not be counted.`);
    for (const item of value as unknown[]) {
      if (typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string') ids.push(item.id);
    }
    const link: unknown = typeof body === 'object' && body !== null && 'nextLink' in body ? body.nextLink : undefined;
    page = typeof link === 'string' && link !== '' ? nextPath(link, endpoint) : undefined;
  }
  return ids;
}

/** Every job, worker, queue and distribution policy whose id carries the run prefix. */
export async function findLeftovers(client: JobRouterClient, endpoint: string, runPrefix: string): Promise<Leftover[]> {
  const leftovers: Leftover[] = [];
  for (const [kind, collection] of COLLECTIONS) {
    for (const id of await idsIn(client, endpoint, collection)) if (id.startsWith(`${runPrefix}-`)) leftovers.push({ kind, id });
  }
  return leftovers;
}
