import type { InstantOperator, StringOperator } from './id';

/**
 * The value operators: each maps one JSON value to another, or to `undefined` for "drop". A result equal to the input
 * means the operator does not change that value (the layer counts only real changes).
 */
export const DROPPED = Symbol('dropped');
export type Mapped = unknown | typeof DROPPED;

/** Where a realistic store cuts long text (a varchar(256) column). */
export const TRUNCATE_AT = 256;

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function stringOperator(operator: StringOperator, value: unknown): Mapped {
  if (operator === 'drop') return DROPPED;
  if (typeof value !== 'string') return value;
  switch (operator) {
    case 'trim': return value.trim();
    // Upper case, or lower case for text that is upper case already: either way the text changes when it has letters.
    case 'case': return value === value.toUpperCase() ? value.toLowerCase() : value.toUpperCase();
    case 'escape-html': return value.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
    // Serialised twice: a quote, backslash or control character arrives with its JSON escape as text.
    case 'escape-json': return JSON.stringify(value).slice(1, -1);
    case 'truncate': return [...value].slice(0, TRUNCATE_AT).join('');
  }
}

const SECOND = 1000;
const HOUR = 3600 * SECOND;

/** The instant in the text's own spelling is not kept: a moved instant is written as the emulator writes them (ISO, UTC, ms). */
export function instantOperator(operator: InstantOperator, value: unknown, now: number): Mapped {
  if (typeof value !== 'string') return value;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return value;
  const moved = ((): number => {
    switch (operator) {
      case 'shift+1s': return at + SECOND;
      case 'shift-1s': return at - SECOND;
      case 'shift+1h': return at + HOUR;
      case 'shift-1h': return at - HOUR;
      case 'round-s': return Math.floor(at / SECOND) * SECOND;
      case 'round-min': return Math.floor(at / (60 * SECOND)) * 60 * SECOND;
      // An instant in the future is answered as the present (a store that clamps what it has not reached yet).
      case 'clamp-now': return Math.min(at, now);
    }
  })();
  return moved === at ? value : new Date(moved).toISOString();
}

/** Another value of the same JSON type, for the "alter" of an event field. */
export function alterValue(value: unknown): unknown {
  if (typeof value === 'string') return Number.isNaN(Date.parse(value)) || !/^\d{4}-/.test(value) ? `${value}-altered` : new Date(Date.parse(value) + HOUR).toISOString();
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value)) return value.length > 0 ? value.slice(1) : [{ altered: true }];
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0 ? {} : { altered: 'altered' };
  return 'altered';
}

/**
 * Applies `map` at `path` inside `root` (a fresh copy is returned; `root` is not touched) and says how many values it
 * changed. `[]` steps into every array item, `*` into every value of an object.
 */
export function applyAt(root: unknown, path: readonly string[], map: (value: unknown) => Mapped): { value: unknown; changed: number } {
  let changed = 0;
  const walk = (node: unknown, rest: readonly string[]): unknown => {
    const [step, ...tail] = rest;
    if (step === undefined) return node;
    if (step === '[]') return Array.isArray(node) ? node.flatMap((item) => (tail.length === 0 ? leaf(item) : [walk(item, tail)])) : node;
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      if (step !== '*' && key !== step) {
        out[key] = child;
        continue;
      }
      if (tail.length > 0) out[key] = walk(child, tail);
      else for (const kept of leaf(child)) out[key] = kept;
    }
    return out;
  };
  // An array item or property that is dropped leaves no entry.
  const leaf = (value: unknown): unknown[] => {
    const mapped = map(value);
    if (mapped === DROPPED) {
      changed += 1;
      return [];
    }
    if (JSON.stringify(mapped) !== JSON.stringify(value)) changed += 1;
    return [mapped];
  };
  const value = walk(root, path);
  return { value, changed };
}
