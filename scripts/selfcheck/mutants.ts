import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mutantSpace, type GeneratedMutant } from './mutant-space';
import { mutantCase, requirementsReached } from './mutant-case';
import { runCase, type CaseResult, type RunOptions } from './run-case';

/**
 * `npm run selfcheck -- --mutants [--sample N] [--seed S] [--operators a,b]`: the generated fault space against the
 * real kit. First one run with every chosen mutant in shadow mode (nothing changes; the run must stay conformant):
 * it says which mutants the kit's requests reach at all. Then one whole-suite run per reached mutant.
 */
/**
 * `reported`: the kit found it, but only through SHOULD requirements (a failed requirement in the report, the gate
 * left open), so it is not a kill; the score counts kills alone.
 */
export type MutantOutcome = 'killed' | 'reported' | 'survived' | 'kit-error' | 'not-reached' | 'not-triggered' | 'not-run';

export interface MutantResult {
  readonly id: string;
  readonly operator: string;
  readonly outcome: MutantOutcome;
  readonly why: string;
  readonly failed: readonly string[];
  /** Answers, effects or events the mutant changed in its own run (shadow: in the probe run). */
  readonly hits: number;
  readonly durationMs: number;
}

export interface MutantRunOptions extends RunOptions {
  readonly sample?: number;
  readonly seed: number;
  readonly operators?: readonly string[];
  readonly concurrency: number;
  /** Only the shadow probe: which mutants a correct run reaches (mutants-probe.json). */
  readonly probeOnly?: boolean;
  /** Keeps the results already in mutants-progress.jsonl (a run that was stopped) and runs only the rest. */
  readonly resume?: boolean;
  /** Starts no new run after this many seconds; the mutants left are reported as not run. */
  readonly deadlineS?: number;
  readonly log: (line: string) => void;
}

/** A seeded pick of `count` items, in the space's order. */
export function sampleOf<T>(items: readonly T[], count: number, seed: number, inSpaceOrder = true): T[] {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state = Math.imul(state ^ (state >>> 15), 2246822507) >>> 0;
    state = Math.imul(state ^ (state >>> 13), 3266489909) >>> 0;
    return (state ^= state >>> 16) >>> 0;
  };
  const indices = items.map((_, i) => i);
  for (let i = indices.length - 1; i > 0; i -= 1) {
    const j = next() % (i + 1);
    [indices[i], indices[j]] = [indices[j] ?? 0, indices[i] ?? 0];
  }
  const picked = indices.slice(0, count);
  if (inSpaceOrder) picked.sort((a, b) => a - b);
  return picked.flatMap((i) => (items[i] === undefined ? [] : [items[i]]));
}

function outcomeOf(m: GeneratedMutant, r: CaseResult): MutantResult {
  const hits = r.mutantHits?.[m.id] ?? 0;
  const base = { id: m.id, operator: m.operator, failed: r.failed ?? [], hits, durationMs: r.durationMs };
  if (r.ok) return { ...base, outcome: 'killed', why: r.why };
  if (r.verdict === 'error' || r.exitCode === 2) return { ...base, outcome: 'kit-error', why: r.why };
  if (hits === 0) return { ...base, outcome: 'not-triggered', why: `changed nothing in its own run; ${r.why}` };
  if ((r.failed ?? []).length > 0) return { ...base, outcome: 'reported', why: r.why };
  return { ...base, outcome: 'survived', why: r.why };
}

/** A probe kept from a stopped run, when it covered every mutant asked for now. */
function readProbe(file: string, wanted: readonly GeneratedMutant[]): CaseResult | undefined {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { probe?: CaseResult; space?: { id: string; hits: number; clients?: string[] }[] };
  const hits = new Map((parsed.space ?? []).map((m) => [m.id, m.hits]));
  const clients = new Map((parsed.space ?? []).map((m) => [m.id, m.clients ?? []]));
  if (!parsed.probe || wanted.some((m) => !hits.has(m.id))) return undefined;
  return { ...parsed.probe, mutantHits: Object.fromEntries(wanted.map((m) => [m.id, hits.get(m.id) ?? 0])), mutantClients: Object.fromEntries(wanted.map((m) => [m.id, clients.get(m.id) ?? []])) };
}

async function pool<T, R>(items: readonly T[], concurrency: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const queue = [...items];
  const out: R[] = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) out.push(await run(next));
  }));
  return out;
}

export interface MutantReport {
  readonly space: number;
  readonly chosen: number;
  readonly probe: CaseResult;
  readonly results: readonly MutantResult[];
  readonly wallSeconds: number;
}

export async function runMutants(options: MutantRunOptions): Promise<MutantReport> {
  const started = Date.now();
  const space = mutantSpace();
  const filtered = options.operators ? space.filter((m) => options.operators?.includes(m.operator)) : space;
  options.log(`generated fault space: ${space.length} mutants${options.operators ? `, ${filtered.length} of operators ${options.operators.join(', ')}` : ''}\n`);
  const probeFile = `${options.workDir}/mutants-probe.json`;
  const earlierProbe = options.resume && existsSync(probeFile) ? readProbe(probeFile, filtered) : undefined;
  const probe = earlierProbe ?? (await runCase(
    { name: 'mutants-shadow-probe', group: 'mutant', faults: [], errors: 'documented', profile: 'default', mutants: filtered.map((m) => m.id), mutantMode: 'shadow', expect: { kind: 'all-pass' } },
    options,
  ));
  options.log(`${probe.ok ? '✔' : '✘'} shadow probe (every mutant counting, none acting): ${probe.why}${earlierProbe ? ` (kept from ${probeFile})` : ''}\n`);
  if (!probe.ok) throw new Error(`The shadow probe must leave a correct target conformant: ${probe.why}`);
  mkdirSync(options.workDir, { recursive: true });
  if (!earlierProbe) writeFileSync(probeFile, `${JSON.stringify({ probe: { ...probe, mutantHits: undefined, mutantClients: undefined }, space: filtered.map((m) => ({ ...m, hits: probe.mutantHits?.[m.id] ?? 0, clients: probe.mutantClients?.[m.id] ?? [] })) }, null, 2)}\n`);
  const reached = filtered.filter((m) => (probe.mutantHits?.[m.id] ?? 0) > 0);
  if (options.probeOnly) return { space: space.length, chosen: 0, probe, results: [], wallSeconds: (Date.now() - started) / 1000 };
  // Shuffled (seeded), so that a run stopped part-way has still measured a fair sample of the space.
  const chosen = sampleOf(reached, options.sample ?? reached.length, options.seed, false);
  const progress = `${options.workDir}/mutants-progress.jsonl`;
  const done = new Map<string, MutantResult>();
  if (options.resume && existsSync(progress)) {
    for (const line of readFileSync(progress, 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as MutantResult;
      if (r.outcome !== 'kit-error') done.set(r.id, r);
    }
  } else writeFileSync(progress, '');
  options.log(`reached by the kit's requests: ${reached.length}/${filtered.length}; running ${chosen.length}${options.sample === undefined ? '' : ` (sample, seed ${options.seed})`}, ${options.concurrency} at a time\n`);
  const ran = await pool(chosen, options.concurrency, async (m) => {
    const earlier = done.get(m.id);
    if (earlier) return earlier;
    if (options.deadlineS !== undefined && (Date.now() - started) / 1000 > options.deadlineS) return undefined;
    // The run stops at its first failure: one failed MUST is a kill. Stopped on a SHOULD alone, the tests it never
    // reached leave the verdict undecided (error), so such a run is repeated to the end.
    const reachedIds = requirementsReached(probe.mutantClients?.[m.id]);
    let run = await runCase(mutantCase(m.id, reachedIds, 1), options);
    if (!run.ok && run.verdict === 'error' && (run.failed ?? []).length > 0) run = await runCase(mutantCase(m.id, reachedIds), options);
    const result = outcomeOf(m, run);
    appendFileSync(progress, `${JSON.stringify(result)}\n`);
    options.log(`${result.outcome === 'killed' ? '✔' : '✘'} ${result.outcome.padEnd(13)} ${m.id}  ${(result.durationMs / 1000).toFixed(1)} s  ${result.why}\n`);
    return result as MutantResult | undefined;
  });
  const finished = ran.filter((r): r is MutantResult => r !== undefined);
  const notRun = chosen.filter((m) => !finished.some((r) => r.id === m.id)).map((m): MutantResult => ({ id: m.id, operator: m.operator, outcome: 'not-run', why: 'the time budget (--deadline-s) ran out first', failed: [], hits: 0, durationMs: 0 }));
  const notReached: MutantResult[] = options.sample === undefined
    ? filtered.filter((m) => !reached.includes(m)).map((m) => ({ id: m.id, operator: m.operator, outcome: 'not-reached', why: 'no request of a correct run reaches it', failed: [], hits: 0, durationMs: 0 }))
    : [];
  const spaceOrder = new Map(space.map((m, i) => [m.id, i]));
  const results = [...finished, ...notRun, ...notReached].sort((a, b) => (spaceOrder.get(a.id) ?? 0) - (spaceOrder.get(b.id) ?? 0));
  return { space: space.length, chosen: chosen.length, probe, results, wallSeconds: (Date.now() - started) / 1000 };
}

export function writeMutantReport(dir: string, report: MutantReport, markdown: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/mutants.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${dir}/mutants.md`, `${markdown}\n`);
}
