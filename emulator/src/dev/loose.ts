import type { Reply } from '../http/reply';

/**
 * `--loose`: the pre-release spellings the production service accepted under api-version 2023-11-01. Captures from
 * 30 October to 9 November 2023 (the JS `delete_a_job`, .NET `AssignmentScenario` and
 * `CreateJobWithScheduleAndSuspendMode` recordings) sent kebab-case discriminators, and the service took them and
 * answered in the same spelling (the published example Jobs_GetJob.json still shows `"kind": "queue-and-match"`);
 * from 13 November 2023 on, every capture is camelCase, as the contract is. Only these four were seen, so only these
 * four are taken: anything else keeps its documented 400.
 */
export const PRE_RELEASE_KINDS: Readonly<Record<string, { readonly current: string; readonly where: string }>> = {
  'longest-idle': { current: 'longestIdle', where: 'DistributionPolicy.mode.kind' },
  'queue-and-match': { current: 'queueAndMatch', where: 'RouterJob.matchingMode.kind' },
  'schedule-and-suspend': { current: 'scheduleAndSuspend', where: 'RouterJob.matchingMode.kind' },
  'wait-time': { current: 'waitTime', where: 'ExceptionRule.trigger.kind' },
};

export interface Loosened {
  readonly body: Buffer;
  /** Puts the spellings the client sent back into the answer, as the pre-release service echoed them. */
  readonly answer: (reply: Reply) => Reply;
}

function mapKinds(value: unknown, table: Readonly<Record<string, string>>, seen: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => mapKinds(item, table, seen));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const replaced = key === 'kind' && typeof child === 'string' ? table[child] : undefined;
    if (replaced !== undefined) seen.push(child as string);
    out[key] = replaced ?? mapKinds(child, table, seen);
  }
  return out;
}

const FORWARD: Record<string, string> = Object.fromEntries(Object.entries(PRE_RELEASE_KINDS).map(([old, { current }]) => [old, current]));

/** The body with each pre-release `kind` rewritten, and a warning per spelling; the body as it was when none is found. */
export function loosen(body: Buffer, method: string, path: string, warn: (message: string) => void): Loosened | undefined {
  const text = body.toString('utf8');
  if (!Object.keys(FORWARD).some((old) => text.includes(old))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const seen: string[] = [];
  const rewritten = mapKinds(parsed, FORWARD, seen);
  if (seen.length === 0) return undefined;
  for (const old of new Set(seen)) {
    const entry = PRE_RELEASE_KINDS[old];
    warn(`--loose: ${method} ${path} sent the pre-release spelling "kind": "${old}" (${entry?.where ?? 'kind'}); taken as "${entry?.current ?? old}", as the service did in 2023. The contract spells it "${entry?.current ?? old}".`);
  }
  const back: Record<string, string> = Object.fromEntries([...new Set(seen)].map((old) => [PRE_RELEASE_KINDS[old]?.current ?? old, old]));
  return {
    body: Buffer.from(JSON.stringify(rewritten), 'utf8'),
    answer: (reply) => (reply.kind === 'json' ? { ...reply, body: mapKinds(reply.body, back, []) } : reply),
  };
}
