import { formsOf } from '../client/redact';

/**
 * Defense in depth: evidence is redacted where it is recorded, but every string the reporter writes passes through
 * here again, so a secret that slipped into a failure message or a header still never reaches a file or stdout.
 */
export const REDACTED = '[REDACTED]';

// Credential shapes that must never be shown even when the exact secret value is unknown (e.g. a derived signature).
// Each names the literal text it cannot match without (regular-expression safe, matched in any case).
const PATTERNS: readonly { readonly anchor: string; readonly pattern: RegExp; readonly replacement: string }[] = [
  { anchor: 'signature=', pattern: /(Signature=)[A-Za-z0-9+/=%_-]{8,}/g, replacement: `$1${REDACTED}` },
  { anchor: 'bearer', pattern: /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, replacement: `$1${REDACTED}` },
  { anchor: 'accesskey=', pattern: /(accesskey=)[^;\s"'&]+/gi, replacement: `$1${REDACTED}` },
];

/** Any pattern's anchor, in any case: most strings (keys, ids, values) have none and skip every pattern. */
const ANCHORS = new RegExp(PATTERNS.map((p) => p.anchor).join('|'), 'i');

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would shred ordinary text; the config never produces them as secrets.
    if (secret.length < 4) continue;
    // The forms the evidence is redacted of where it is recorded: verbatim, URL-encoded, base64 and base64url.
    for (const form of formsOf(secret)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  if (!ANCHORS.test(out)) return out;
  for (const { pattern, replacement } of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Deeper than this, a value (an event the target sent, say) is replaced by a note: the walk must not run out of stack. */
export const MAX_REDACT_DEPTH = 64;

/** Redacts every string inside a JSON-like value, keys included. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  return walk(value, secrets, 0) as T;
}

function walk(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_REDACT_DEPTH) return `[nested deeper than ${MAX_REDACT_DEPTH} levels: not kept]`;
  if (Array.isArray(value)) return value.map((v) => walk(v, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k, secrets), walk(v, secrets, depth + 1)]));
}
