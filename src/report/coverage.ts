import type { ExploreRecord } from '../contract/explore-record';
import { allowedBy, coverDimensions, exclusion, inputModel, MODEL_NAMES, type Depth, type InputModel, type ModelName } from '../contract/input-model';
import { coveredPairs, requiredPairs } from '../contract/pairwise';

/**
 * What the run explored of each operation's input model, against the model: classes, pairs, states and error
 * statuses exercised (with counts) and those not exercised (with why). Pure: records in, table out.
 */
export interface Missing {
  readonly what: string;
  readonly why: string;
}

export interface OperationCoverage {
  readonly model: string;
  readonly operation: string;
  readonly depth: Depth;
  /** Cases sent (rows of the covering array). */
  readonly cases: number;
  readonly classes: { readonly exercised: number; readonly total: number; readonly counts: Readonly<Record<string, number>>; readonly missing: readonly Missing[] };
  readonly pairs: { readonly exercised: number; readonly total: number; readonly missing: readonly Missing[] };
  readonly states: { readonly exercised: number; readonly total: number; readonly counts: Readonly<Record<string, number>>; readonly missing: readonly Missing[] };
  readonly errors: { readonly exercised: number; readonly total: number; readonly counts: Readonly<Record<string, number>>; readonly missing: readonly Missing[] };
}

export interface Coverage {
  readonly operations: readonly OperationCoverage[];
}

const isModelName = (name: string): name is ModelName => (MODEL_NAMES as readonly string[]).includes(name);

/** The reason a class with no case has none. */
function whyNot(model: InputModel, dimension: string, id: string, depth: Depth): string {
  const c = model.dimensions.find((d) => d.name === dimension)?.classes.find((x) => x.id === id);
  return (c && exclusion(c, depth)) ?? 'no case of this run carried it (a filtered or failed run?)';
}

const MAX_LISTED = 40;

function merge(records: readonly ExploreRecord[]): ExploreRecord | undefined {
  const [first, ...rest] = records;
  if (!first) return undefined;
  return rest.reduce((a, b) => ({ ...a, depth: a.depth === 'thorough' || b.depth === 'thorough' ? 'thorough' : 'default', rows: [...a.rows, ...b.rows], errors: [...a.errors, ...b.errors] }), first);
}

export function operationCoverage(record: ExploreRecord): OperationCoverage | undefined {
  if (!isModelName(record.model)) return undefined;
  const model = inputModel(record.model);
  const depth = record.depth;
  const rows = record.rows.map((values) => Object.fromEntries(record.dimensions.map((d, i) => [d, values[i] ?? ''])));
  const counts: Record<string, number> = {};
  for (const row of rows) for (const [d, c] of Object.entries(row)) counts[`${d}=${c}`] = (counts[`${d}=${c}`] ?? 0) + 1;
  const all = model.dimensions.flatMap((d) => d.classes.map((c) => ({ dimension: d.name, id: c.id, state: d.kind === 'state' })));
  const classMissing = all.filter((c) => !counts[`${c.dimension}=${c.id}`]).map((c) => ({ what: `${c.dimension}=${c.id}`, why: whyNot(model, c.dimension, c.id, depth) }));
  const states = all.filter((c) => c.state);
  const stateCounts = Object.fromEntries(states.filter((c) => counts[`${c.dimension}=${c.id}`]).map((c) => [c.id, counts[`${c.dimension}=${c.id}`] ?? 0]));
  // Pairs are counted over every class the model would exercise at thorough depth: the default run says what it left.
  const dims = coverDimensions(model, 'thorough');
  const required = requiredPairs(dims, allowedBy(model));
  const covered = coveredPairs(rows, dims);
  const pairMissing = [...required].filter((p) => !covered.has(p));
  const pairWhy = depth === 'thorough' ? 'no case of this run carried it (a filtered or failed run?)' : 'the default depth covers every class once; every pair runs with --depth thorough';
  const errorCounts: Record<string, number> = {};
  for (const e of record.errors) errorCounts[`${e.status} ${e.provocation}`] = (errorCounts[`${e.status} ${e.provocation}`] ?? 0) + 1;
  const errorMissing = model.errors.filter((e) => !errorCounts[`${e.status} ${e.provocation}`]).map((e) => ({ what: `${e.status} ${e.provocation}`, why: e.notExercised ?? 'not provoked in this run (a filtered or failed run?)' }));
  return {
    model: model.name,
    operation: model.operation,
    depth,
    cases: rows.length,
    classes: { exercised: all.length - classMissing.length, total: all.length, counts, missing: classMissing },
    pairs: {
      exercised: required.size - pairMissing.length,
      total: required.size,
      missing: [...pairMissing.slice(0, MAX_LISTED).map((p) => ({ what: p.replace('|', ' × '), why: pairWhy })), ...(pairMissing.length > MAX_LISTED ? [{ what: `${pairMissing.length - MAX_LISTED} more pairs`, why: pairWhy }] : [])],
    },
    states: { exercised: Object.keys(stateCounts).length, total: states.length, counts: stateCounts, missing: classMissing.filter((m) => states.some((s) => `${s.dimension}=${s.id}` === m.what)) },
    errors: { exercised: model.errors.length - errorMissing.length, total: model.errors.length, counts: errorCounts, missing: errorMissing },
  };
}

/** The run's coverage, one row per operation explored; an operation never explored is listed with nothing exercised. */
export function computeCoverage(records: readonly ExploreRecord[]): Coverage | undefined {
  if (records.length === 0) return undefined;
  const operations = MODEL_NAMES.flatMap((name) => {
    const merged = merge(records.filter((r) => r.model === name));
    const depth = records[0]?.depth ?? 'default';
    const result = operationCoverage(merged ?? { model: name, depth, seed: 0, dimensions: inputModel(name).dimensions.map((d) => d.name), rows: [], errors: [] });
    return result ? [result] : [];
  });
  return { operations };
}

/** The console's last lines: one per operation. */
export function coverageLines(coverage: Coverage): string[] {
  const head = `Explored (${coverage.operations[0]?.depth ?? 'default'} depth): operation · cases · classes · pairs · states · error statuses`;
  return [head, ...coverage.operations.map((o) =>
    `  ${o.model.padEnd(13)} ${String(o.cases).padStart(4)} cases · classes ${o.classes.exercised}/${o.classes.total} · pairs ${o.pairs.exercised}/${o.pairs.total} · states ${o.states.exercised}/${o.states.total} · errors ${o.errors.exercised}/${o.errors.total}` +
      (o.classes.missing.length + o.errors.missing.length > 0 ? ` (not exercised: ${[...o.classes.missing, ...o.errors.missing].map((m) => m.what).join(', ')})` : ''))];
}
