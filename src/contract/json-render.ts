/**
 * A JSON rendering of any value for messages, bounded in length and depth: a value read from a target may nest as deep
 * as the kit parses (src/contract/json-depth.ts), and JSON.stringify recurses, so it overflows the stack on such a
 * value. Past `maxDepth` a container is shown as a marker; output stops at `maxChars` with an ellipsis.
 */
export function boundedJson(value: unknown, maxChars = 600, maxDepth = 32): string {
  let out = '';
  const full = (): boolean => out.length > maxChars;
  const walk = (v: unknown, depth: number): void => {
    if (full()) return;
    if (v instanceof Date) {
      out += JSON.stringify(Number.isNaN(v.getTime()) ? null : v.toISOString());
      return;
    }
    if (typeof v !== 'object' || v === null) {
      out += typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol' ? JSON.stringify(String(v)) : JSON.stringify(v) ?? 'null';
      return;
    }
    const array = Array.isArray(v);
    const entries: [string, unknown][] = array ? v.map((item, i) => [String(i), item]) : Object.entries(v);
    if (depth >= maxDepth) {
      out += array ? `[…${entries.length} item(s) deeper than ${maxDepth} levels]` : `{…${entries.length} propert(ies) deeper than ${maxDepth} levels}`;
      return;
    }
    out += array ? '[' : '{';
    let first = true;
    for (const [key, child] of entries) {
      if (child === undefined && !array) continue;
      if (full()) break;
      if (!first) out += ',';
      first = false;
      if (!array) out += `${JSON.stringify(key)}:`;
      walk(child, depth + 1);
    }
    out += array ? ']' : '}';
  };
  walk(value, 0);
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}
