/**
 * Covering arrays for the input models: rows of one class per dimension such that every class appears at least once
 * (strength 1) or every pair of classes from two dimensions appears together at least once (strength 2). Strength 2
 * is built IPOG-style (Lei & Tai): start with all pairs of the two largest dimensions, then add one dimension at a
 * time — horizontal growth picks for each row the class covering most pairs still missing, vertical growth adds rows
 * (with free slots filled last) for the pairs left. Constraints say which partial rows are impossible; a pair no row
 * can hold is not required. Ties are broken by a seeded generator, so a seed gives the same rows every time.
 */

export interface Dimension {
  readonly name: string;
  readonly classes: readonly string[];
}

export type Row = Readonly<Record<string, string>>;

/** Whether a partial row (some dimensions assigned) can be part of a case. Must be decidable on any subset. */
export type Allowed = (partial: Row) => boolean;

export interface CoverOptions {
  readonly strength: 1 | 2;
  readonly seed: number;
  readonly allowed?: Allowed;
}

/** mulberry32: small, seedable, good enough for tie-breaks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pairKey = (a: string, x: string, b: string, y: string): string => (a < b ? `${a}=${x}|${b}=${y}` : `${b}=${y}|${a}=${x}`);

/** Every pair of classes (from two different dimensions) that `allowed` lets stand together. */
export function requiredPairs(dimensions: readonly Dimension[], allowed: Allowed = () => true): Set<string> {
  const pairs = new Set<string>();
  dimensions.forEach((d, i) => {
    for (const e of dimensions.slice(i + 1)) {
      for (const x of d.classes) for (const y of e.classes) if (allowed({ [d.name]: x, [e.name]: y })) pairs.add(pairKey(d.name, x, e.name, y));
    }
  });
  return pairs;
}

/** The pairs a set of rows covers. */
export function coveredPairs(rows: readonly Row[], dimensions: readonly Dimension[]): Set<string> {
  const covered = new Set<string>();
  for (const row of rows) {
    dimensions.forEach((d, i) => {
      for (const e of dimensions.slice(i + 1)) {
        const x = row[d.name];
        const y = row[e.name];
        if (x !== undefined && y !== undefined) covered.add(pairKey(d.name, x, e.name, y));
      }
    });
  }
  return covered;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Fills the unassigned dimensions of a row with classes `allowed` accepts, least used first. */
function complete(row: Record<string, string>, dimensions: readonly Dimension[], allowed: Allowed, used: Map<string, number>, random: () => number): Row {
  for (const d of dimensions) {
    if (row[d.name] !== undefined) continue;
    const options = shuffled(d.classes, random).sort((x, y) => (used.get(`${d.name}=${x}`) ?? 0) - (used.get(`${d.name}=${y}`) ?? 0));
    const pick = options.find((c) => allowed({ ...row, [d.name]: c }));
    if (pick === undefined) throw new Error(`no class of "${d.name}" fits ${JSON.stringify(row)}: the model's constraints leave this row empty`);
    row[d.name] = pick;
  }
  for (const d of dimensions) used.set(`${d.name}=${row[d.name]}`, (used.get(`${d.name}=${row[d.name]}`) ?? 0) + 1);
  return row;
}

/** Strength 1: rows until every class of every dimension (that some row can hold) has appeared. */
function eachClass(dimensions: readonly Dimension[], allowed: Allowed, random: () => number): Row[] {
  const missing = new Set(dimensions.flatMap((d) => d.classes.filter((c) => allowed({ [d.name]: c })).map((c) => `${d.name}=${c}`)));
  const used = new Map<string, number>();
  const rows: Row[] = [];
  while (missing.size > 0) {
    const row: Record<string, string> = {};
    // Dimensions with the most classes still missing choose first, so the short ones fill in around them.
    const order = [...dimensions].sort((a, b) => b.classes.filter((c) => missing.has(`${b.name}=${c}`)).length - a.classes.filter((c) => missing.has(`${a.name}=${c}`)).length);
    for (const d of order) {
      const pick = shuffled(d.classes, random).find((c) => missing.has(`${d.name}=${c}`) && allowed({ ...row, [d.name]: c }));
      if (pick !== undefined) row[d.name] = pick;
    }
    const done = complete(row, dimensions, allowed, used, random);
    const before = missing.size;
    for (const d of dimensions) missing.delete(`${d.name}=${done[d.name]}`);
    if (missing.size === before) throw new Error(`classes no row can hold: ${[...missing].join(', ')}`);
    rows.push(done);
  }
  return rows;
}

/** Strength 2, IPOG. */
function allPairs(dimensions: readonly Dimension[], allowed: Allowed, random: () => number): Row[] {
  const order = [...dimensions].sort((a, b) => b.classes.length - a.classes.length);
  const [first, second, ...rest] = order;
  if (!first) return [];
  if (!second) return eachClass(dimensions, allowed, random);
  const missing = requiredPairs(dimensions, allowed);
  let rows: Record<string, string>[] = [];
  for (const x of first.classes) for (const y of second.classes) if (allowed({ [first.name]: x, [second.name]: y })) rows.push({ [first.name]: x, [second.name]: y });
  // Classes no pair can hold (a constraint excludes them with every class of the other) still need a row.
  for (const d of [first, second]) for (const c of d.classes) if (!rows.some((r) => r[d.name] === c) && allowed({ [d.name]: c })) rows.push({ [d.name]: c });
  const done: Dimension[] = [first, second];
  const gain = (row: Record<string, string>, dim: Dimension, c: string): number =>
    done.reduce((n, d) => n + (row[d.name] !== undefined && missing.has(pairKey(d.name, row[d.name] as string, dim.name, c)) ? 1 : 0), 0);
  const mark = (row: Record<string, string>): void => {
    const names = Object.keys(row);
    names.forEach((a, i) => {
      for (const b of names.slice(i + 1)) missing.delete(pairKey(a, row[a] as string, b, row[b] as string));
    });
  };
  for (const r of rows) mark(r);
  for (const dim of rest) {
    // Horizontal growth.
    for (const row of rows) {
      let best: string | undefined;
      let bestGain = -1;
      for (const c of shuffled(dim.classes, random)) {
        if (!allowed({ ...row, [dim.name]: c })) continue;
        const g = gain(row, dim, c);
        if (g > bestGain) [best, bestGain] = [c, g];
      }
      if (best !== undefined) {
        row[dim.name] = best;
        mark(row);
      }
    }
    // Vertical growth: each pair still missing joins a row whose slot for the earlier dimension is free, or a new row.
    for (const d of done) {
      for (const x of d.classes) {
        for (const c of dim.classes) {
          if (!missing.has(pairKey(d.name, x, dim.name, c))) continue;
          const host = rows.find((r) => r[d.name] === undefined && r[dim.name] === c && allowed({ ...r, [d.name]: x }))
            ?? rows.find((r) => r[d.name] === x && r[dim.name] === undefined && allowed({ ...r, [dim.name]: c }));
          const row = host ?? {};
          if (!host) rows.push(row);
          row[d.name] = x;
          row[dim.name] = c;
          mark(row);
        }
      }
    }
    for (const c of dim.classes) if (!rows.some((r) => r[dim.name] === c) && allowed({ [dim.name]: c })) rows.push({ [dim.name]: c });
    done.push(dim);
  }
  const used = new Map<string, number>();
  rows = rows.map((r) => ({ ...complete({ ...r }, dimensions, allowed, used, random) }));
  return rows;
}

/** The rows of a covering array of `dimensions` at `strength`; every row satisfies `allowed`. */
export function coveringRows(dimensions: readonly Dimension[], options: CoverOptions): Row[] {
  const allowed = options.allowed ?? (() => true);
  const random = seededRandom(options.seed);
  const usable = dimensions.filter((d) => d.classes.length > 0);
  return options.strength === 1 ? eachClass(usable, allowed, random) : allPairs(usable, allowed, random);
}
