import type { Prng } from '../../scripts/lib/prng';
import type { ObjectShape, Shape } from './shapes';

/** Real ids the generator mixes into otherwise valid values, so bodies also reach the domain's cross-references. */
export interface KnownIds {
  readonly policies: readonly string[];
  readonly queues: readonly string[];
}

const HUGE = 'x'.repeat(200_000);

/** Strings that are valid as plain strings yet tend to break naive code (encodings, injection, format strings). */
const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', 'null', 'true', '0', 'NaN', 'undefined', '__proto__', 'constructor', 'hasOwnProperty', 'toString',
  '\u0000', '\u0000\u0001\u001f\u007f', '\r\n\r\nHTTP/1.1 200 OK', '\ud800', '\udfff\ud800', '\u202etxt.exe', '👍🏽‍👩‍👩‍👧',
  '<script>alert(1)</script>', "'; DROP TABLE jobs; --", '../../../etc/passwd', '%s%s%n%x', '${jndi:ldap://x/a}', '{{7*7}}',
  '%00', '%zz', 'a'.repeat(10_000), HUGE, 'é'.repeat(5_000), '\t\v\f', JSON.stringify({ nested: 'json' }),
];

const BAD_DATE_TIMES: readonly string[] = [
  '2023-13-45T99:99:99Z', '', 'now', 'today', 'null', '2023-02-30T00:00:00Z', '0000-00-00T00:00:00Z', '2023-01-01',
  '2023-01-01T00:00:00', '2023-01-01 00:00:00Z', '1700000000000', 'Mon, 01 Jan 2024 00:00:00 GMT', '2023-01-01T24:00:00Z',
  '2023-01-01T23:59:61Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '2023-01-01T00:00:00+25:00',
  '2023-01-01T00:00:00.12345678901Z', '2023-W01-1T00:00:00Z', 'T', 'Z', '２０２３-01-01T00:00:00Z', '2023-01-01T00:00:00Z\u0000',
  ' 2023-01-01T00:00:00Z', '2023-01-01T00:00:00ZZ', 'x'.repeat(10_000),
];

/** Valid RFC 3339 date-times at the edges: year 1 and 9999 (timer overflow), a leap second, lower-case t/z. */
function edgeDateTime(prng: Prng): string {
  return prng.pick([
    '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.9999999Z', '1970-01-01T00:00:00Z', '2016-12-31T23:59:60Z',
    '2024-02-29t12:00:00z', '2024-02-29T12:00:00+14:00', '2024-02-29T12:00:00-12:00',
    new Date(Date.now() + prng.int(1, 3_600_000)).toISOString(), new Date(Date.now() - prng.int(1, 86_400_000)).toISOString(),
    new Date(Date.now() + 30 * 86_400_000).toISOString(),
  ]);
}

const WRONG_NUMBERS: readonly number[] = [0, -1, 1.5, -0.0001, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e308, 5e-324];
const WRONG_ARRAYS: readonly unknown[] = [[], [1], ['a'], [[[]]], [null], [{}], Array.from({ length: 1000 }, (_, i) => i)];
const WRONG_OBJECTS: readonly unknown[] = [{}, { a: 1 }, { $ref: '#' }, { message: 1 }, { toString: 'x', valueOf: 1 }, { kind: 'longestIdle' }];

type Kind = 'number' | 'boolean' | 'array' | 'object' | 'null' | 'string' | 'date-time-text';

function valueOfKind(prng: Prng, kind: Kind): unknown {
  switch (kind) {
    case 'number': return prng.pick(WRONG_NUMBERS);
    case 'boolean': return prng.chance(0.5);
    case 'array': return prng.pick(WRONG_ARRAYS);
    case 'object': return prng.pick(WRONG_OBJECTS);
    case 'null': return null;
    case 'string': return prng.pick(HOSTILE_STRINGS);
    case 'date-time-text': return prng.pick(BAD_DATE_TIMES);
  }
}

/** A value whose JSON type (or format) the shape does not allow. */
export function wrongValue(prng: Prng, shape: Shape): unknown {
  if (typeof shape === 'string') {
    switch (shape) {
      case 'string': return valueOfKind(prng, prng.pick<Kind>(['number', 'boolean', 'array', 'object', 'null']));
      case 'date-time': return valueOfKind(prng, prng.pick<Kind>(['date-time-text', 'date-time-text', 'date-time-text', 'number', 'boolean', 'array', 'object']));
      case 'integer': return prng.chance(0.4) ? prng.pick([1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, 5e-324]) : valueOfKind(prng, prng.pick<Kind>(['string', 'boolean', 'array', 'object']));
      case 'number': return valueOfKind(prng, prng.pick<Kind>(['string', 'boolean', 'array', 'object']));
      case 'boolean': return prng.chance(0.3) ? prng.pick(['true', 'false', 0, 1]) : valueOfKind(prng, prng.pick<Kind>(['number', 'string', 'array', 'object']));
      case 'map': return valueOfKind(prng, prng.pick<Kind>(['number', 'boolean', 'array', 'string']));
    }
  }
  if ('enum' in shape) return prng.chance(0.6) ? prng.pick(['', 'LONGESTIDLE', 'unknownKind', '__proto__', ...shape.enum.map((v) => `${v} `)]) : valueOfKind(prng, prng.pick<Kind>(['number', 'boolean', 'object']));
  if ('array' in shape) {
    // Half the time the container is right and one element is wrong, so element validation runs too.
    if (prng.chance(0.5)) return [validValue(prng, shape.array, { policies: [], queues: [] }), wrongValue(prng, shape.array)];
    return valueOfKind(prng, prng.pick<Kind>(['number', 'boolean', 'string', 'object']));
  }
  if (prng.chance(0.5)) return wrongObject(prng, shape.object);
  return valueOfKind(prng, prng.pick<Kind>(['number', 'boolean', 'string', 'array']));
}

export function validValue(prng: Prng, shape: Shape, ids: KnownIds): unknown {
  if (typeof shape === 'string') {
    switch (shape) {
      case 'string': return prng.chance(0.3) ? prng.pick(HOSTILE_STRINGS) : prng.string(prng.int(1, 16));
      case 'date-time': return edgeDateTime(prng);
      case 'integer': return prng.pick([0, 1, 2, 5, 100, -1, 2 ** 31 - 1, -(2 ** 31)]);
      case 'number': return prng.pick([0, 0.001, 1, 30, 86_400, 1e9, -1]);
      case 'boolean': return prng.chance(0.5);
      case 'map': return prng.pick<unknown>([{}, { a: 'x', n: 1, b: true }, Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]))]);
    }
  }
  if ('enum' in shape) return prng.pick(shape.enum);
  if ('array' in shape) return Array.from({ length: prng.int(0, 3) }, () => validValue(prng, shape.array, ids));
  return validObject(prng, shape.object, ids);
}

function validObject(prng: Prng, shape: ObjectShape, ids: KnownIds): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) if (prng.chance(0.7)) out[key] = validValue(prng, field, ids);
  return out;
}

function wrongObject(prng: Prng, shape: ObjectShape): Record<string, unknown> {
  const keys = Object.keys(shape);
  const out: Record<string, unknown> = {};
  const key = prng.pick(keys);
  const field = shape[key];
  if (field !== undefined) out[key] = wrongValue(prng, field);
  return out;
}

/** References to real resources make an otherwise valid upsert reach the domain's consistency checks. */
function withReferences(prng: Prng, body: Record<string, unknown>, ids: KnownIds): void {
  if ('distributionPolicyId' in body && ids.policies.length > 0 && prng.chance(0.5)) body['distributionPolicyId'] = prng.pick(ids.policies);
  if ('queueId' in body && ids.queues.length > 0 && prng.chance(0.5)) body['queueId'] = prng.pick(ids.queues);
  if ('queues' in body && ids.queues.length > 0 && prng.chance(0.5)) body['queues'] = [prng.pick(ids.queues)];
}

/**
 * A body for an operation: each field absent, valid or wrongly typed; sometimes unknown extras; sometimes not an
 * object at all. At least one field is wrong in most bodies, so validators are exercised on every property.
 */
export function hostileBody(prng: Prng, shape: ObjectShape, ids: KnownIds): unknown {
  if (prng.chance(0.06)) return valueOfKind(prng, prng.pick<Kind>(['number', 'boolean', 'array', 'null', 'string']));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const roll = prng.next();
    if (roll < 0.35) continue;
    out[key] = roll < 0.6 ? validValue(prng, field, ids) : wrongValue(prng, field);
  }
  withReferences(prng, out, ids);
  if (prng.chance(0.1)) out[prng.pick(['id', 'etag', 'status', 'assignments', 'offers', 'unknown', '$schema'])] = prng.pick<unknown>(['x', 1, null, {}, []]);
  return out;
}
