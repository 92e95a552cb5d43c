/** Job Router bodies nest a handful of levels; beyond this the kit refuses to parse (and so to recurse over) a body. */
export const MAX_JSON_DEPTH = 512;

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
