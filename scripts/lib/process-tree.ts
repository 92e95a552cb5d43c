import { readdirSync, readFileSync } from 'node:fs';

/**
 * Memory of a process and all its descendants, sampled from /proc (Linux): the sum of their resident sets, and the
 * largest single one. A run of the kit is a tree (CLI → Playwright runner → workers), so the sum is what it costs.
 */
export interface TreeSample {
  readonly rssBytes: number;
  readonly largestBytes: number;
  readonly processes: number;
}

function statusOf(pid: string): { ppid: number; rssBytes: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(text)?.[1] ?? -1);
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(text)?.[1] ?? 0);
    return { ppid, rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

export function sampleTree(root: number): TreeSample {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = statusOf(entry);
    if (!status) continue;
    const pid = Number(entry);
    rss.set(pid, status.rssBytes);
    children.set(status.ppid, [...(children.get(status.ppid) ?? []), pid]);
  }
  let rssBytes = 0;
  let largestBytes = 0;
  let processes = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() ?? root;
    const own = rss.get(pid);
    if (own !== undefined) {
      rssBytes += own;
      largestBytes = Math.max(largestBytes, own);
      processes += 1;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return { rssBytes, largestBytes, processes };
}

/** Samples the tree under `root` every `everyMs` until stopped; returns the peaks. */
export function watchTree(root: number, everyMs = 200): { stop: () => TreeSample } {
  let peak: TreeSample = { rssBytes: 0, largestBytes: 0, processes: 0 };
  const take = (): void => {
    const now = sampleTree(root);
    peak = { rssBytes: Math.max(peak.rssBytes, now.rssBytes), largestBytes: Math.max(peak.largestBytes, now.largestBytes), processes: Math.max(peak.processes, now.processes) };
  };
  const timer = setInterval(take, everyMs);
  take();
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
