import fc from 'fast-check';
import { schemaOf, type SchemaId } from './schemas';

/**
 * Request options as cases derived from their JSON Schemas: every combination of the optional properties (the empty
 * body included), each property's value drawn by fast-check from the whole space its schema allows, and the wrong
 * values its schema forbids. A change to a schema changes the cases. Seeded: the same seed gives the same cases.
 */

export type OptionsSchemaId = Extract<SchemaId, 'CloseJobOptions' | 'CancelJobOptions' | 'CompleteJobOptions' | 'DeclineJobOfferOptions'>;

export interface PropertySpec {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
}

/** The optional properties of an options schema, in the schema's order. */
export function optionalProperties(id: OptionsSchemaId): PropertySpec[] {
  const schema = schemaOf(id);
  const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  return Object.entries(properties)
    .filter(([name]) => !required.has(name))
    .map(([name, p]) => ({ name, type: String(p['type']), ...(typeof p['format'] === 'string' ? { format: p['format'] } : {}) }));
}

/** Every subset of the properties, the empty one first. */
export function combinations<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((subsets, item) => [...subsets, ...subsets.map((s) => [...s, item])], [[]]);
}

// ── Values ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Free text across what a JSON string carries: any Unicode scalar (astral emoji, combining marks, right-to-left
 * scripts, control characters that JSON escapes, quotes, backslashes, markup), short or long. Left out on purpose,
 * because the documents do not say what they mean: the empty string and whitespace-only text (given, or absent?),
 * U+0000 and unpaired surrogates (not text every JSON parser keeps).
 */
const SPECIAL_TEXT = [
  'plain ascii note',
  'quote " and backslash \\ and slash /',
  '</script><b>markup</b> & ampersand',
  'línea con acentos — ñ, ü, ç',
  '漢字とかな、한국어',
  'مرحبا بالعالم (right to left)',
  'emoji 👩‍💻🚀 and flags 🇨🇦',
  'e\u0301 combining + zero\u200Bwidth',
  'tab\tnew\nline\rreturn\u0007bell\u001Funit',
  ' leading and trailing spaces ',
  'x'.repeat(1024),
];

const visible = (s: string): boolean => s.trim().length > 0 && !s.includes('\u0000') && !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));

export const textArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_TEXT) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter(visible) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).filter(visible) },
);

/** When an instant lies relative to the target's clock. `soon` is the only one a test waits for. */
export type When = 'soon' | 'far-future' | 'recent-past' | 'far-past';

export interface DateTimeValue {
  readonly when: When;
  /** The instant (ms since the epoch); for `soon` it is the delay ahead of the target's clock, resolved at send time. */
  readonly offsetOrInstant: number;
  /** Which RFC 3339 spelling: separator, fraction digits, zone. */
  readonly form: { readonly t: 'T' | 't'; readonly fraction: number; readonly zone: 'Z' | 'z' | 'offset'; readonly offsetMinutes: number };
}

// A day inside the representable years at both ends, so no zone offset moves the local date out of 0001-9999.
const FAR_FUTURE_MIN = Date.parse('2100-01-01T00:00:00Z');
const FAR_FUTURE_MAX = Date.parse('9999-12-30T00:00:00Z');
const FAR_PAST_MIN = Date.parse('0001-01-02T00:00:00Z');
const FAR_PAST_MAX = Date.parse('2000-01-01T00:00:00Z');

const formArbitrary = fc.record({
  t: fc.constantFrom<'T' | 't'>('T', 't'),
  fraction: fc.integer({ min: 0, max: 9 }),
  zone: fc.constantFrom<'Z' | 'z' | 'offset'>('Z', 'z', 'offset'),
  // Whole and half-hour offsets as real zones use them, -00:00 (RFC 3339 §4.3) included.
  offsetMinutes: fc.integer({ min: -24, max: 28 }).map((q) => q * 30).filter((m) => m > -720 && m < 840),
});

export function dateTimeArbitrary(whens: readonly When[] = ['soon', 'far-future', 'recent-past', 'far-past']): fc.Arbitrary<DateTimeValue> {
  return fc.constantFrom(...whens).chain((when) => {
    const offsetOrInstant: fc.Arbitrary<number> =
      when === 'soon' ? fc.constant(0)
      : when === 'far-future' ? fc.integer({ min: FAR_FUTURE_MIN, max: FAR_FUTURE_MAX })
      : when === 'recent-past' ? fc.integer({ min: 5_000, max: 3_600_000 })
      : fc.integer({ min: FAR_PAST_MIN, max: FAR_PAST_MAX });
    return fc.record({ when: fc.constant(when), offsetOrInstant, form: formArbitrary });
  });
}

/** The instant a value stands for, given the target's clock now and how far ahead `soon` is. */
export function instantOf(value: DateTimeValue, serverNow: number, soonMs: number): number {
  switch (value.when) {
    case 'soon': return serverNow + soonMs;
    case 'recent-past': return serverNow - value.offsetOrInstant;
    default: return value.offsetOrInstant;
  }
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** An RFC 3339 date-time for `ms` in the value's spelling (its zone offset applied, the instant unchanged). */
export function formatDateTime(ms: number, form: DateTimeValue['form']): string {
  const offset = form.zone === 'offset' ? form.offsetMinutes : 0;
  const local = new Date(ms + offset * 60_000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  // Digits beyond the millisecond are zeros: the instant stays exactly `ms` truncated to the millisecond.
  const millis = pad(local.getUTCMilliseconds(), 3);
  const fraction = form.fraction === 0 ? '' : `.${(millis + '000000').slice(0, form.fraction)}`;
  const zone = form.zone === 'offset' ? `${offset < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}` : form.zone;
  return `${date}${form.t}${time}${fraction}${zone}`;
}

/** The instant a spelling really names, after the fraction digits it drops (fewer than 3 digits truncate). */
export function spelledInstant(ms: number, form: DateTimeValue['form']): number {
  const keep = Math.min(form.fraction, 3);
  const unit = 10 ** (3 - keep);
  return Math.floor(ms / unit) * unit;
}

// ── Wrong values ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Values of each JSON type that is not the property's. `null` is left out: many stacks read it as "absent". */
export function wrongTypes(type: string): { readonly label: string; readonly value: unknown }[] {
  const all = [
    { label: 'a number', value: 42, type: 'number' },
    { label: 'a boolean', value: true, type: 'boolean' },
    { label: 'an object', value: { text: 'not a string' }, type: 'object' },
    { label: 'an array', value: ['not', 'a', 'string'], type: 'array' },
    { label: 'a string', value: 'a string', type: 'string' },
  ];
  return all.filter((t) => t.type !== type && !(type === 'number' && t.type === 'integer'));
}

/** Strings that break `format: date-time` (RFC 3339 §5.6), each for a different reason. */
export const NOT_DATE_TIMES: readonly { readonly label: string; readonly value: string }[] = [
  { label: 'words', value: 'next tuesday' },
  { label: 'a date without a time', value: '2030-01-01' },
  { label: 'no zone offset', value: '2030-01-01T10:00:00' },
  { label: 'month 13', value: '2030-13-01T10:00:00Z' },
  { label: 'hour 25', value: '2030-01-01T25:00:00Z' },
  { label: 'epoch milliseconds as text', value: '1893456000000' },
  { label: 'the empty string', value: '' },
];

/** One case per optional property of the schema and per JSON type that property is not. */
export function wrongTypeCases(id: OptionsSchemaId): { readonly label: string; readonly inputs: Record<string, unknown> }[] {
  return optionalProperties(id).flatMap((p) => wrongTypes(p.type).map((t) => ({ label: `${p.name} as ${t.label}`, inputs: { [p.name]: t.value } })));
}

/** Seeded sampling outside fast-check's runner: the kit needs the values, not a shrinking property run. */
export function sample<T>(arbitrary: fc.Arbitrary<T>, seed: number, count: number): T[] {
  return fc.sample(arbitrary, { seed, numRuns: count });
}
