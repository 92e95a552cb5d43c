/** Time and identity are injected so the domain is deterministic under test. */
export interface Clock {
  now(): number;
}

export interface IdGenerator {
  next(prefix: string): string;
}

export const systemClock: Clock = { now: () => Date.now() };

export function randomIds(): IdGenerator {
  return { next: (prefix) => `${prefix}-${crypto.randomUUID()}` };
}

/** Deterministic ids for tests: prefix-1, prefix-2, … */
export function sequentialIds(): IdGenerator {
  let counter = 0;
  return { next: (prefix) => `${prefix}-${++counter}` };
}

export function manualClock(start = Date.parse('2024-01-01T00:00:00Z')): Clock & { advance(ms: number): void; set(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

// RFC 3339 date-time: 0-7 fractional digits (production sends up to 7), Z or a numeric offset.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or undefined when the text is not an RFC 3339 date-time. */
export function parseDateTime(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map((part) => (part === undefined ? NaN : Number(part)));
  if (mo === undefined || d === undefined || h === undefined || mi === undefined || s === undefined || y === undefined) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  // Date.parse handles years 0001-9999 with at most 3 fraction digits; trim the rest.
  const normalised = text.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
