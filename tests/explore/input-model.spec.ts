import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { allowedBy, classOf, coverDimensions, inputModel, MODEL_NAMES, modelRows, outcomeOfRow, type InputModel } from '../../src/contract/input-model';
import { coveredPairs, requiredPairs } from '../../src/contract/pairwise';
import { validate } from '../../src/contract/schemas';
import { computeCoverage } from '../../src/report/coverage';

/** The models are data: each is valid, every class is reachable, and the cases generated from them keep their promise. */

const models = (): InputModel[] => MODEL_NAMES.map((name) => inputModel(name));

test('there is one model file per operation the specs drive, and each is a valid InputModel', () => {
  const files = readdirSync(new URL('../../schemas/input-model/', import.meta.url)).filter((f) => f.endsWith('.json')).map((f) => f.replace('.json', ''));
  expect(files.sort()).toEqual([...MODEL_NAMES].sort());
  for (const m of models()) expect(validate('InputModel', m), m.name).toEqual({ ok: true });
});

test('the schema refuses a model with a refusal that names no status, or an unknown dimension kind', () => {
  const broken = { ...inputModel('cancel'), dimensions: [{ name: 'x', kind: 'colour', classes: [{ id: 'a', description: 'abc' }] }] };
  expect(validate('InputModel', broken).ok).toBe(false);
  const noStatus = { ...inputModel('cancel'), dimensions: [{ name: 'body', kind: 'body', classes: [{ id: 'a', description: 'abc', outcome: { expect: 'refused', source: 'doc' } }] }] };
  expect(validate('InputModel', noStatus).ok).toBe(false);
});

test('constraints name only dimensions and classes the model has; every class is reachable by some full row', () => {
  for (const m of models()) {
    for (const rule of m.constraints ?? []) {
      for (const [dim, ids] of [...Object.entries(rule.when), ...Object.entries(rule.then)]) {
        for (const id of ids) expect(classOf(m, dim, id), `${m.name}: ${dim}=${id}`).toBeDefined();
      }
    }
    // coveringRows throws when a class fits no full row; every exercised class must then appear.
    const rows = modelRows(m, 'default', 7);
    const seen = new Set(rows.flatMap((r) => Object.entries(r).map(([d, c]) => `${d}=${c}`)));
    const wanted = coverDimensions(m, 'default').flatMap((d) => d.classes.map((c) => `${d.name}=${c}`));
    expect(wanted.filter((c) => !seen.has(c)), m.name).toEqual([]);
    for (const row of rows) expect(allowedBy(m)(row), `${m.name}: ${JSON.stringify(row)}`).toBe(true);
  }
});

test('every class the model does not exercise says why; every state and refusal names its source', () => {
  for (const m of models()) {
    for (const d of m.dimensions) {
      for (const c of d.classes) {
        if (d.kind === 'state' || d.kind === 'body') expect(c.outcome, `${m.name} ${d.name}=${c.id} has an outcome`).toBeDefined();
        if (c.outcome?.expect === 'refused') expect(c.outcome.statuses?.length, `${m.name} ${d.name}=${c.id}`).toBeGreaterThan(0);
      }
    }
    expect(m.errors.map((e) => e.status), m.name).toEqual(expect.arrayContaining([401]));
  }
});

test('thorough rows cover every pair and every combination of the documented options', () => {
  for (const m of models()) {
    const rows = modelRows(m, 'thorough', 11);
    const dims = coverDimensions(m, 'thorough');
    const covered = coveredPairs(rows, dims);
    expect([...requiredPairs(dims, allowedBy(m))].filter((p) => !covered.has(p)), m.name).toEqual([]);
  }
  const close = inputModel('close');
  const present = new Set(modelRows(close, 'thorough', 3).filter((r) => r['body'] === 'options').map((r) => ['note', 'dispositionCode', 'closeAt.at'].filter((d) => !classOf(close, d, r[d])?.absent).join(',')));
  expect(present.size).toBe(8);
});

test('a case is refused when any of its classes is, with the statuses they name; silence wins over success', () => {
  const close = inputModel('close');
  expect(outcomeOfRow(close, { body: 'array', state: 'queued' })).toMatchObject({ expect: 'refused', statuses: [400, 404] });
  expect(outcomeOfRow(close, { body: 'options', state: 'closed' }).expect).toBe('unspecified');
  // A class the documents are silent on may be what the target refuses first: then any 4xx.
  expect(outcomeOfRow(close, { body: 'null', state: 'offered' })).toMatchObject({ expect: 'refused', statuses: [] });
  expect(outcomeOfRow(close, { body: 'options', state: 'completed' }).expect).toBe('success');
});

test('coverage counts what the records exercised and says why the rest was not', () => {
  const m = inputModel('complete');
  const rows = modelRows(m, 'default', 5);
  const dims = m.dimensions.map((d) => d.name);
  const coverage = computeCoverage([{ model: 'complete', depth: 'default', seed: 5, dimensions: dims, rows: rows.map((r) => dims.map((d) => r[d] ?? '')), errors: [{ status: 401, provocation: 'no-credentials' }] }]);
  const op = coverage?.operations.find((o) => o.model === 'complete');
  expect(op?.cases).toBe(rows.length);
  expect(op?.classes.missing.map((x) => x.what)).toEqual(['note=empty', 'state=closing']);
  expect(op?.classes.missing[0]?.why).toContain('documents do not say');
  expect(op?.pairs.exercised).toBeLessThan(op?.pairs.total ?? 0);
  expect(op?.pairs.missing[0]?.why).toContain('--depth thorough');
  expect(op?.errors.counts).toEqual({ '401 no-credentials': 1 });
  expect(op?.errors.missing.map((x) => x.what)).toContain('404 unknown-id');
  // An operation with no record at all is listed with nothing exercised, not left out.
  expect(coverage?.operations.find((o) => o.model === 'accept')?.classes.exercised).toBe(0);
});

test('no accepted value is masked: each class the documents expect to succeed meets a row whose outcome is success', () => {
  for (const name of ['close', 'cancel', 'complete', 'decline', 'upsertJob', 'upsertWorker'] as const) {
    const model = inputModel(name);
    const rows = modelRows(model, 'default', 7);
    for (const d of model.dimensions) {
      for (const c of d.classes.filter((k) => k.notExercised === undefined && !k.thorough && (k.outcome === undefined || k.outcome.expect === 'success'))) {
        const shown = rows.some((r) => r[d.name] === c.id && outcomeOfRow(model, r).expect === 'success');
        const reachable = rows.some((r) => r[d.name] === c.id) && model.dimensions.some((o) => o.kind === 'state');
        expect(shown || !reachable, `${name}: ${d.name}=${c.id} appears only in rows that are refused or unspecified`).toBe(true);
      }
    }
  }
});
