import type { Prng } from '../../scripts/lib/prng';

/** Nesting as text: parsers and recursive walkers (merge patch, validators, serialisers) have depth limits. */
function nestedArrays(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function nestedObjects(depth: number, key: string): string {
  return `{"${key}":`.repeat(depth) + '{}' + '}'.repeat(depth);
}

const cache = new Map<string, string>();
function cached(name: string, build: () => string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = build();
    cache.set(name, text);
  }
  return text;
}

/**
 * Bodies that are not valid JSON, or are valid JSON that is hostile to naive handling (depth, duplicate keys,
 * prototype keys, numbers beyond double range). `field` is a property of the target operation's options, so a
 * lenient parser would carry the damage into the handler.
 */
export function brokenJson(prng: Prng, field: string, sample: string): Buffer | string {
  const depth = prng.pick([1_000, 10_000, 50_000]);
  const choice = prng.int(0, 31);
  switch (choice) {
    case 0: return sample.slice(0, prng.int(0, Math.max(0, sample.length - 1)));
    case 1: return `{"${field}":"x",}`;
    case 2: return `[1,2,]`;
    case 3: return `\ufeff${sample}`;
    case 4: return `{"${field}":NaN}`;
    case 5: return `{"${field}":Infinity}`;
    case 6: return `{"${field}":-Infinity}`;
    case 7: return `{"${field}":undefined}`;
    case 8: return `{'${field}':'x'}`;
    case 9: return `{${field}:"x"}`;
    case 10: return `{"${field}":"x" /* comment */}`;
    case 11: return cached(`arrays${depth}`, () => nestedArrays(depth));
    case 12: return cached(`objects${depth}${field}`, () => nestedObjects(depth, field));
    case 13: return cached(`field-arrays${depth}${field}`, () => `{"${field}":${nestedArrays(depth)}}`);
    case 14: return cached(`labels${depth}`, () => `{"labels":${nestedObjects(depth, 'a')},"tags":${nestedObjects(depth, 'b')}}`);
    case 15: return `{"${field}":"a","${field}":1,"${field}":null}`;
    case 16: return `{"__proto__":{"${field}":1,"polluted":true},"constructor":{"prototype":{"polluted":true}}}`;
    case 17: return `{"${field}":1e999}`;
    case 18: return `{"${field}":-1e999,"capacity":1e999,"priority":123456789012345678901234567890}`;
    case 19: return prng.pick(['', ' ', '\n\t ', 'null', '"string"', '0', '[]', 'true', '{}{}', '{"a":1} trailing', '}', '{', '"', '\\']);
    case 20: return Buffer.from([0x7b, 0x22, ...Buffer.from(field), 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]);
    case 21: return `{"${field}":"\\ud800\\udc00\\ud800","${field}2":"\\u0000"}`;
    case 22: return `{"${field}":"\\x41\\q"}`;
    case 23: return `{"${'k'.repeat(100_000)}":1}`;
    case 24: return cached('many-keys', () => JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]))));
    case 25: return `{"${field}":"x"\u0000}`;
    case 26: return Buffer.from(JSON.stringify({ [field]: 'x' }), 'utf16le');
    case 27: return `{"${field}":0x1F,"b":01,"c":.5,"d":+1}`;
    case 28: return `{"${field}":"unterminated`;
    case 29: return `{"${field}": "tab\there", "nl": "a\nb"}`;
    case 30: return `{"hasOwnProperty":1,"toString":"x","valueOf":{},"${field}":{"__proto__":null}}`;
    default: return sample + sample;
  }
}
