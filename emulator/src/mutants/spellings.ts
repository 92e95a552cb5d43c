/**
 * Classes of valid request values, by the kind of value: a "refuse" mutant answers 400 to a request whose field falls
 * in one class, as a stack that mishandles that spelling would. Every class here is a valid value for the schema
 * (RFC 3339 allows `t`, `z`, offsets and any number of fraction digits; JSON strings allow any Unicode).
 */
export const DATE_TIME_SPELLINGS = {
  'lower-t': /^\d{4}-\d{2}-\d{2}t/,
  'lower-z': /z$/,
  offset: /[+-]\d{2}:\d{2}$/,
  'negative-zero-offset': /-00:00$/,
  fraction: /\.\d+/,
  'long-fraction': /\.\d{4,}/,
  'no-fraction': /:\d{2}(?:[Zz]|[+-]\d{2}:\d{2})$/,
} as const satisfies Readonly<Record<string, RegExp>>;

export const TEXT_SPELLINGS = {
  astral: /[\u{10000}-\u{10FFFF}]/u,
  rtl: /[\u0590-\u08FF\u200F\u202B\u202E\u2067]/u,
  // eslint-disable-next-line no-control-regex -- control characters are the class
  control: /[\u0000-\u001F\u007F]/u,
  combining: /\p{M}/u,
  markup: /[<>&]/u,
  quote: /["'\\]/u,
  'edge-whitespace': /^\s|\s$/u,
  'inner-whitespace': /\S\s+\S/u,
  long: /^[\s\S]{1024,}$/u,
  'non-ascii': /[^\u0020-\u007E]/u,
} as const satisfies Readonly<Record<string, RegExp>>;

export type SpellingClass = keyof typeof DATE_TIME_SPELLINGS | keyof typeof TEXT_SPELLINGS;

export function spellingPattern(spelling: string): RegExp | undefined {
  if (Object.hasOwn(DATE_TIME_SPELLINGS, spelling)) return DATE_TIME_SPELLINGS[spelling as keyof typeof DATE_TIME_SPELLINGS];
  if (Object.hasOwn(TEXT_SPELLINGS, spelling)) return TEXT_SPELLINGS[spelling as keyof typeof TEXT_SPELLINGS];
  return undefined;
}
