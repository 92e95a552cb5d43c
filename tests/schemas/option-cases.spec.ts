import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import {
  combinations,
  dateTimeArbitrary,
  formatDateTime,
  instantOf,
  NOT_DATE_TIMES,
  optionalProperties,
  sample,
  spelledInstant,
  textArbitrary,
  wrongTypeCases,
  wrongTypes,
} from '../../src/contract/option-cases';
import { schemaOf, validate } from '../../src/contract/schemas';

/** The generated cases follow the schemas, and every generated value is what its schema allows (or forbids). */

test('the cases come from the schemas: every optional property, every subset of them', () => {
  for (const id of ['CloseJobOptions', 'CancelJobOptions', 'CompleteJobOptions', 'DeclineJobOfferOptions'] as const) {
    const declared = Object.keys(schemaOf(id)['properties'] as Record<string, unknown>);
    const props = optionalProperties(id).map((p) => p.name);
    expect(props, id).toEqual(declared);
    const subsets = combinations(props);
    expect(subsets).toHaveLength(2 ** props.length);
    expect(subsets[0]).toEqual([]);
    expect(new Set(subsets.map((s) => s.join(','))).size).toBe(subsets.length);
  }
  expect(optionalProperties('CloseJobOptions').find((p) => p.name === 'closeAt')?.format).toBe('date-time');
});

test('every generated date-time is an RFC 3339 date-time that names exactly the intended instant', () => {
  fc.assert(
    fc.property(dateTimeArbitrary(), fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }), (value, now) => {
      const ms = instantOf(value, now, 4000);
      const text = formatDateTime(ms, value.form);
      expect(validate('CloseJobOptions', { closeAt: text }).ok, text).toBe(true);
      expect(Date.parse(text), text).toBe(spelledInstant(ms, value.form));
      expect(text).toMatch(/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/);
    }),
    { seed: 42, numRuns: 500 },
  );
});

test('the date-time categories land where they say, relative to the target clock', () => {
  const now = Date.parse('2026-12-02T10:00:00Z');
  for (const value of sample(dateTimeArbitrary(['recent-past']), 1, 50)) expect(instantOf(value, now, 0)).toBeLessThan(now);
  for (const value of sample(dateTimeArbitrary(['far-past']), 1, 50)) expect(instantOf(value, now, 0)).toBeLessThan(Date.parse('2000-01-02T00:00:00Z'));
  for (const value of sample(dateTimeArbitrary(['far-future']), 1, 50)) expect(instantOf(value, now, 0)).toBeGreaterThan(Date.parse('2099-12-31T00:00:00Z'));
  for (const value of sample(dateTimeArbitrary(['soon']), 1, 5)) expect(instantOf(value, now, 4000)).toBe(now + 4000);
});

test('generated text is a JSON string the schema takes, never empty, blank, NUL or an unpaired surrogate', () => {
  const texts = sample(textArbitrary, 7, 400);
  for (const t of texts) {
    expect(validate('CancelJobOptions', { note: t, dispositionCode: t }).ok).toBe(true);
    expect(t.trim().length).toBeGreaterThan(0);
    expect(t).not.toContain('\u0000');
    expect(JSON.parse(JSON.stringify(t))).toBe(t);
  }
  // The space is wide: non-ASCII in most, astral characters in some.
  expect(texts.filter((t) => /[^\x20-\x7E]/.test(t)).length).toBeGreaterThan(200);
  expect(texts.some((t) => /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(t))).toBe(true);
  expect(sample(textArbitrary, 7, 400)).toEqual(texts);
});

test('every wrong value is one the schema refuses', () => {
  for (const id of ['CloseJobOptions', 'CancelJobOptions', 'CompleteJobOptions', 'DeclineJobOfferOptions'] as const) {
    const cases = wrongTypeCases(id);
    expect(cases.length).toBe(optionalProperties(id).length * 4);
    for (const c of cases) expect(validate(id, c.inputs).ok, `${id} ${c.label}`).toBe(false);
  }
  for (const { label, value } of NOT_DATE_TIMES) expect(validate('CloseJobOptions', { closeAt: value }).ok, label).toBe(false);
  expect(wrongTypes('string').map((t) => t.label)).not.toContain('a string');
});
