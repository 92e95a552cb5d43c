/**
 * The kit's own nesting limit (RFC 8259 §9 lets a parser set one). Job Router bodies nest a handful of levels, but an
 * extra property may nest as deep as it likes and is still valid: V8's JSON.parse is iterative, and nothing in the kit
 * recurses over a parsed body without a depth cut (schema validation follows the schema, renderings stop at a depth),
 * so documents are read up to this depth — 100,000 levels parse in milliseconds. A deeper body is refused as the
 * kit's limit, which makes its requirement `error`, never `failed`.
 */
export const MAX_JSON_DEPTH = 100_000;

/** The deepest nesting of objects and arrays in `text`, counted without parsing; stops counting past `limit`. */
export function jsonDepth(text: string, limit: number = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return deepest;
}
