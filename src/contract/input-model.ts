import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIT_ROOT } from '../paths';
import { combinations } from './option-cases';
import { coveringRows, seededRandom, type Allowed, type Dimension, type Row } from './pairwise';
import { validate } from './schemas';

/**
 * The input models (schemas/input-model/<name>.json, schema InputModel): per operation the dimensions of its input,
 * the classes of each, which classes may stand together, what the documents say each class gets, and the error
 * statuses it can be driven to. Cases are rows of a covering array over the model (every class at the default depth,
 * every pair at `thorough`), plus every combination of the documented options.
 */

export const MODEL_NAMES = ['close', 'cancel', 'complete', 'decline', 'accept', 'upsertJob', 'upsertWorker', 'getJob', 'getWorker'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
export type Depth = 'default' | 'thorough';

export type Expect = 'success' | 'refused' | 'unspecified';
export interface Outcome {
  readonly expect: Expect;
  readonly statuses?: readonly number[];
  readonly source: string;
}

export type Step = 'unserved' | 'offer' | 'accept' | 'complete' | 'close' | 'close-later' | 'cancel' | 'decline';
export type RaceAction = 'close' | 'cancel' | 'complete' | 'accept' | 'decline';
export type DateForm = { readonly t: 'T' | 't'; readonly fraction: number; readonly zone: 'Z' | 'z' | 'offset'; readonly offsetMinutes: number };

export interface ModelClass {
  readonly id: string;
  readonly description: string;
  readonly outcome?: Outcome;
  readonly notExercised?: string;
  readonly thorough?: boolean;
  readonly send?: 'none' | 'zero-bytes' | 'json' | 'options' | 'raw';
  readonly value?: unknown;
  readonly absent?: true;
  readonly repeat?: number;
  readonly generate?: 'ascii' | 'grapheme';
  readonly at?: 'long-past' | 'just-past' | 'now' | 'soon' | 'far-ahead';
  readonly form?: DateForm;
  readonly steps?: readonly Step[];
  readonly race?: RaceAction;
  readonly exclusive?: boolean;
  readonly madeUpId?: true;
  readonly contentType?: string | null;
}

export type DimensionKind = 'body' | 'string' | 'instant' | 'spelling' | 'state' | 'contentType';

export interface ModelDimension {
  readonly name: string;
  readonly kind: DimensionKind;
  readonly property?: string;
  readonly classes: readonly ModelClass[];
}

export type Provocation = 'malformed-json' | 'wrong-type' | 'no-credentials' | 'unknown-id' | 'oversized' | 'wrong-content-type' | 'taken-by-another';

export interface ModelError {
  readonly status: number;
  readonly provocation: Provocation;
  readonly source: string;
  readonly notExercised?: string;
}

export interface InputModel {
  readonly name: ModelName;
  readonly operation: string;
  readonly request: { readonly method: 'GET' | 'POST' | 'PATCH'; readonly path: string; readonly contentType?: string; readonly result?: string; readonly success?: readonly number[] };
  readonly dimensions: readonly ModelDimension[];
  readonly constraints?: readonly { readonly when: Readonly<Record<string, readonly string[]>>; readonly then: Readonly<Record<string, readonly string[]>> }[];
  readonly errors: readonly ModelError[];
}

const cache = new Map<ModelName, InputModel>();

/** The model, read once and held to its schema; a model that breaks it is the kit's own bug and throws. */
export function inputModel(name: ModelName): InputModel {
  const cached = cache.get(name);
  if (cached) return cached;
  const data: unknown = JSON.parse(readFileSync(join(KIT_ROOT, 'schemas', 'input-model', `${name}.json`), 'utf8'));
  const result = validate('InputModel', data);
  if (!result.ok) throw new Error(`schemas/input-model/${name}.json breaks InputModel: ${result.errors.join('; ')}`);
  const model = data as InputModel;
  if (model.name !== name) throw new Error(`schemas/input-model/${name}.json names itself "${model.name}"`);
  cache.set(name, model);
  return model;
}

export const dimensionOf = (model: InputModel, name: string): ModelDimension | undefined => model.dimensions.find((d) => d.name === name);
export const classOf = (model: InputModel, dimension: string, id: string | undefined): ModelClass | undefined => dimensionOf(model, dimension)?.classes.find((c) => c.id === id);

/** Whether a class takes part in a run of this depth; when not, why (shown in the coverage table). */
export function exclusion(c: ModelClass, depth: Depth): string | undefined {
  if (c.notExercised) return c.notExercised;
  if (c.thorough && depth !== 'thorough') return 'only with --depth thorough';
  return undefined;
}

/** The model's dimensions as the covering array sees them: the classes this depth exercises. */
export function coverDimensions(model: InputModel, depth: Depth): Dimension[] {
  return model.dimensions.map((d) => ({ name: d.name, classes: d.classes.filter((c) => exclusion(c, depth) === undefined).map((c) => c.id) }));
}

export function allowedBy(model: InputModel): Allowed {
  const rules = model.constraints ?? [];
  return (row) => rules.every((rule) => {
    const when = Object.entries(rule.when).every(([dim, ids]) => row[dim] !== undefined && ids.includes(row[dim]));
    if (!when) return true;
    return Object.entries(rule.then).every(([dim, ids]) => row[dim] === undefined || ids.includes(row[dim]));
  });
}

/**
 * The outcome of a whole case: a refusal anywhere refuses (with any status one of them names; with any 4xx when
 * another class is one the documents are silent on, since the target may refuse that one first), else silence,
 * else success. An empty `statuses` means any 4xx.
 */
export function outcomeOfRow(model: InputModel, row: Row): Outcome {
  const outcomes = model.dimensions.flatMap((d) => classOf(model, d.name, row[d.name])?.outcome ?? []);
  const refused = outcomes.filter((o) => o.expect === 'refused');
  const silent = outcomes.find((o) => o.expect === 'unspecified');
  if (refused.length > 0) return { expect: 'refused', statuses: silent ? [] : [...new Set(refused.flatMap((o) => o.statuses ?? []))], source: [...refused, ...(silent ? [silent] : [])].map((o) => o.source).join('; ') };
  return silent ?? { expect: 'success', source: outcomes.map((o) => o.source).join('; ') || 'the operation' };
}

/** The properties a row puts in the body (string and instant dimensions not at their absent class). */
export function presentProperties(model: InputModel, row: Row): string[] {
  return model.dimensions
    .filter((d) => (d.kind === 'string' || d.kind === 'instant') && d.property !== undefined && classOf(model, d.name, row[d.name])?.absent !== true)
    .map((d) => d.property as string);
}

/** Rows for every subset of the documented options (the body carrying exactly those), added where the array has none. */
function optionCombinations(model: InputModel, rows: readonly Row[], depth: Depth, seed: number): Row[] {
  const bodyDim = dimensionOf(model, 'body');
  const optionDims = model.dimensions.filter((d) => d.kind === 'string' || d.kind === 'instant');
  if (!bodyDim?.classes.some((c) => c.id === 'options') || optionDims.length === 0) return [];
  const allowed = allowedBy(model);
  const random = seededRandom(seed ^ 0x5bd1e995);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const have = new Set(rows.filter((r) => r['body'] === 'options').map((r) => presentProperties(model, r).sort().join(',')));
  const dims = coverDimensions(model, depth);
  const added: Row[] = [];
  for (const subset of combinations(optionDims)) {
    const key = subset.map((d) => d.property ?? '').sort().join(',');
    if (have.has(key)) continue;
    const row: Record<string, string> = { body: 'options' };
    for (const d of optionDims) {
      const usable = dims.find((x) => x.name === d.name)?.classes ?? [];
      const chosen = subset.includes(d) ? pick(usable.filter((id) => classOf(model, d.name, id)?.absent !== true)) : d.classes.find((c) => c.absent)?.id;
      if (chosen !== undefined) row[d.name] = chosen;
    }
    for (const d of dims) {
      if (row[d.name] !== undefined) continue;
      const fits = d.classes.filter((id) => allowed({ ...row, [d.name]: id }) && classOf(model, d.name, id)?.outcome?.expect !== 'refused');
      const preferred = fits.filter((id) => classOf(model, d.name, id)?.outcome?.expect === 'success');
      const chosen = pick(preferred.length ? preferred : fits);
      if (chosen !== undefined) row[d.name] = chosen;
    }
    if (allowed(row)) added.push(row);
  }
  return added;
}

/**
 * The cases of a model at a depth, seeded: every class once (default), or every pair plus every combination of the
 * documented options (thorough; at the default depth the OPTS requirements run every combination already).
 */
export function modelRows(model: InputModel, depth: Depth, seed: number): Row[] {
  const rows = withSuccessRows(model, coveringRows(coverDimensions(model, depth), { strength: depth === 'thorough' ? 2 : 1, seed, allowed: allowedBy(model) }), depth);
  return depth === 'thorough' ? [...rows, ...optionCombinations(model, rows, depth, seed)] : rows;
}

/**
 * A value the target must accept shows what it did to it only when the action succeeds: a row that also holds a
 * refused class (a state the action is refused in, another refused value) masks it — the whole case is a refusal, and
 * a target that refused the value itself passes. So every class no refusal is expected of appears at least once in a
 * row whose outcome is not a refusal: with the model's success state and, in the other dimensions, the first classes
 * that are accepted too (as combinatorial tools keep invalid values from masking each other).
 */
function withSuccessRows(model: InputModel, rows: Row[], depth: Depth): Row[] {
  const dims = coverDimensions(model, depth);
  const allowed = allowedBy(model);
  const accepted = (dim: string, id: string): boolean => classOf(model, dim, id)?.outcome?.expect !== 'refused';
  const out = [...rows];
  // Success first, then the classes the documents are silent on (at best "unspecified": everything else succeeds).
  for (const goal of ['success', 'unspecified'] as const) {
    const want = (dim: string, id: string): boolean => accepted(dim, id) && (rank(model, dim, id) === 0) === (goal === 'success');
    const reaches = (row: Row): boolean => outcomeOfRow(model, row).expect === goal;
    const missing = new Set(dims.flatMap((d) => d.classes.filter((c) => want(d.name, c) && !out.some((r) => r[d.name] === c && reaches(r))).map((c) => `${d.name}=${c}`)));
    while (missing.size > 0) {
      // Several missing classes share a row where they can (one per dimension); the rest of the row succeeds.
      const row: Record<string, string> = {};
      const order = [...dims].sort((a, b) => b.classes.filter((c) => missing.has(`${b.name}=${c}`)).length - a.classes.filter((c) => missing.has(`${a.name}=${c}`)).length);
      for (const d of order) {
        const ranked = [...d.classes].sort((a, b) => Number(!missing.has(`${d.name}=${a}`)) - Number(!missing.has(`${d.name}=${b}`)) || rank(model, d.name, a) - rank(model, d.name, b));
        const pick = ranked.find((id) => accepted(d.name, id) && allowed({ ...row, [d.name]: id }) && (goal === 'unspecified' || rank(model, d.name, id) === 0));
        if (pick !== undefined) row[d.name] = pick;
      }
      const before = missing.size;
      if (allowed(row) && reaches(row)) {
        out.push(row);
        for (const d of dims) missing.delete(`${d.name}=${row[d.name] ?? ''}`);
      }
      // A class no such row can hold (a constraint) stays covered where the covering array put it.
      if (missing.size === before) missing.delete([...missing][0] ?? '');
    }
  }
  return out;
}

function rank(model: InputModel, dim: string, id: string): number {
  const expect = classOf(model, dim, id)?.outcome?.expect;
  return expect === 'success' || expect === undefined ? 0 : expect === 'unspecified' ? 1 : 2;
}

/** The error provocations this depth sends (each once). */
export function exercisedErrors(model: InputModel): ModelError[] {
  return model.errors.filter((e) => e.notExercised === undefined);
}

export function rowLabel(row: Row): string {
  return Object.entries(row).map(([k, v]) => `${k}=${v}`).join(' · ');
}
