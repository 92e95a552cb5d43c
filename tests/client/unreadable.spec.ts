import { expect, test } from '@playwright/test';
import { readBody } from '../../src/client/body';
import { HarnessError } from '../../src/contract/evidence';
import { MAX_JSON_DEPTH } from '../../src/contract/json-depth';
import { boundedJson } from '../../src/contract/json-render';
import { refusedByKit, stateOf, UnreadableResponse, type ReadAnswer } from '../../src/contract/unreadable';

const nested = (levels: number): string => `${'{"a":'.repeat(levels)}0${'}'.repeat(levels)}`;
const answer = (status: number, text: string): ReadAnswer => {
  const read = readBody(Buffer.from(text, 'utf8'));
  return { status, body: read.json, bodyProblem: read.problem, bodyRefusal: read.refused ? read.problem : undefined, exchange: { method: 'GET', url: 'http://127.0.0.1/routing/workers/w?api-version=2023-11-01' } };
};

test('a valid extra property nested 1,500 levels is read, and the state beside it too', () => {
  const read = readBody(Buffer.from(`{"offers":[{"offerId":"o1"}],"deep":${nested(1500)}}`));
  expect(read.problem).toBeUndefined();
  expect(stateOf(answer(200, `{"offers":[],"deep":${nested(1500)}}`), 'reading worker w')['offers']).toEqual([]);
});

test(`bodies parse up to ${MAX_JSON_DEPTH} levels; one deeper is the kit's own limit, never the target's fault`, () => {
  expect(readBody(Buffer.from(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).problem).toBeUndefined();
  const deeper = readBody(Buffer.from(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`));
  expect(deeper).toMatchObject({ json: undefined, refused: true, problem: `the body nests deeper than ${MAX_JSON_DEPTH} levels, the kit's own limit` });
  const refused = answer(200, `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`);
  expect(() => refusedByKit(refused)).toThrow(HarnessError);
  expect(() => refusedByKit(answer(200, '{}'))).not.toThrow();
});

test('a state read that is not a JSON object is unreadable (error), never an empty state', () => {
  const cases: [string, RegExp][] = [
    ['{"offers":[', /the body is not JSON/],
    ['[]', /the body is JSON array, not an object/],
    ['null', /the body is JSON null, not an object/],
    ['', /the body is empty/],
  ];
  for (const [text, why] of cases) {
    let thrown: unknown;
    try {
      stateOf(answer(200, text), 'reading worker w');
    } catch (error) {
      thrown = error;
    }
    expect(thrown, text).toBeInstanceOf(UnreadableResponse);
    expect(thrown, text).toBeInstanceOf(HarnessError);
    expect((thrown as Error).message, text).toMatch(why);
    expect((thrown as Error).message).toContain('GET http://127.0.0.1/routing/workers/w → 200');
  }
  const invalid = readBody(Buffer.concat([Buffer.from('{"offers":"'), Buffer.from([0xff]), Buffer.from('"}')]));
  expect(() => stateOf({ status: 200, body: invalid.json, bodyProblem: invalid.problem, exchange: { method: 'GET', url: 'u' } }, 'reading job j')).toThrow(/not valid UTF-8/);
});

test('messages render any value bounded in depth and length, where JSON.stringify overflows the stack', () => {
  const deep = JSON.parse(nested(50_000)) as unknown;
  expect(() => JSON.stringify(deep)).toThrow(RangeError);
  const shown = boundedJson({ found: true, raw: deep }, 600);
  expect(shown).toMatch(/^\{"found":true,"raw":\{"a":\{"a":/);
  expect(shown).toContain('{…1 propert(ies) deeper than 32 levels}');
  expect(boundedJson('x'.repeat(2000), 100)).toHaveLength(101);
  expect(boundedJson({ at: new Date(0), n: 1, s: 'a', u: undefined, l: [1, null] })).toBe('{"at":"1970-01-01T00:00:00.000Z","n":1,"s":"a","l":[1,null]}');
});
