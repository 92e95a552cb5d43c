import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { coveredPairs, coveringRows, requiredPairs, type Allowed, type Dimension } from '../../src/contract/pairwise';

/** The generator's promise, as properties over random models: every class once, every allowed pair once, no row broken. */

const dimensionsArb = fc
  .array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 })
  .map((sizes): Dimension[] => sizes.map((n, i) => ({ name: `d${i}`, classes: Array.from({ length: n }, (_, c) => `c${c}`) })));

const classesOf = (dims: readonly Dimension[]): string[] => dims.flatMap((d) => d.classes.map((c) => `${d.name}=${c}`));

test('strength 2 covers every pair of classes from two dimensions', () => {
  fc.assert(
    fc.property(dimensionsArb, fc.integer(), (dims, seed) => {
      const rows = coveringRows(dims, { strength: 2, seed });
      const covered = coveredPairs(rows, dims);
      expect([...requiredPairs(dims)].filter((p) => !covered.has(p))).toEqual([]);
      expect(rows.filter((row) => dims.some((d) => !d.classes.includes(row[d.name] ?? '')))).toEqual([]);
    }),
    { numRuns: 60, seed: 17 },
  );
});

test('strength 1 covers every class, with no more rows than the largest dimension has classes', () => {
  fc.assert(
    fc.property(dimensionsArb, fc.integer(), (dims, seed) => {
      const rows = coveringRows(dims, { strength: 1, seed });
      const seen = new Set(rows.flatMap((r) => Object.entries(r).map(([k, v]) => `${k}=${v}`)));
      expect(classesOf(dims).filter((c) => !seen.has(c))).toEqual([]);
      expect(rows.length).toBeLessThanOrEqual(Math.max(...dims.map((d) => d.classes.length)));
    }),
    { numRuns: 60, seed: 18 },
  );
});

test('constraints hold in every row, and only the pairs they allow are required', () => {
  // "when d0 is c0, d1 must be c0": the model's kind of constraint (a body that is no object carries no options); d0
  // has another class that allows everything, as the models' bodies do.
  const allowed: Allowed = (row) => !(row['d0'] === 'c0' && row['d1'] !== undefined && row['d1'] !== 'c0');
  fc.assert(
    fc.property(dimensionsArb.filter((d) => d.length >= 3 && (d[0]?.classes.length ?? 0) >= 2), fc.integer(), fc.constantFrom<1 | 2>(1, 2), (dims, seed, strength) => {
      const rows = coveringRows(dims, { strength, seed, allowed });
      expect(rows.filter((row) => !allowed(row))).toEqual([]);
      if (strength === 2) {
        const covered = coveredPairs(rows, dims);
        expect([...requiredPairs(dims, allowed)].filter((p) => !covered.has(p))).toEqual([]);
        expect(requiredPairs(dims, allowed).has('d0=c0|d1=c1')).toBe(false);
      }
    }),
    { numRuns: 60, seed: 19 },
  );
});

test('the same seed gives the same rows; another seed may order them differently', () => {
  const dims: Dimension[] = [
    { name: 'body', classes: ['absent', 'empty', 'object', 'null'] },
    { name: 'note', classes: ['absent', 'ascii', 'astral', 'long', 'rtl'] },
    { name: 'state', classes: ['assigned', 'completed', 'closed'] },
  ];
  expect(coveringRows(dims, { strength: 2, seed: 5 })).toEqual(coveringRows(dims, { strength: 2, seed: 5 }));
  const sizes = [1, 2, 3, 4, 5].map((seed) => coveringRows(dims, { strength: 2, seed }).length);
  // IPOG stays near the lower bound (the product of the two largest dimensions: 20).
  for (const n of sizes) expect(n).toBeLessThanOrEqual(26);
});

test('a model whose constraints leave a class in no row says so', () => {
  const dims: Dimension[] = [{ name: 'a', classes: ['x', 'y'] }, { name: 'b', classes: ['p'] }];
  const allowed: Allowed = (row) => !(row['a'] === 'y' && row['b'] === 'p');
  expect(() => coveringRows(dims, { strength: 1, seed: 1, allowed })).toThrow(/fits|no row/);
});
