/** The closed, ordered set of requirement statuses (DESIGN.md): a parent takes its worst child's. */
export const STATUSES = ['passed', 'skipped', 'waived', 'xpassed', 'failed', 'error'] as const;
export type Status = (typeof STATUSES)[number];

export const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;

const rank = new Map<Status, number>(STATUSES.map((s, i) => [s, i]));

export function statusRank(status: Status): number {
  return rank.get(status) ?? STATUSES.length;
}

/** Worst of two statuses, e.g. for a requirement proved by several tests, repeats or matrix cells. */
export function worse(a: Status, b: Status): Status {
  return statusRank(a) >= statusRank(b) ? a : b;
}

export function worst(statuses: Iterable<Status>): Status | undefined {
  let result: Status | undefined;
  for (const s of statuses) result = result === undefined ? s : worse(result, s);
  return result;
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && rank.has(value as Status);
}
