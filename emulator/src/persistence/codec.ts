/**
 * The domain's store as JSON, whatever its aggregates look like: Maps, Sets, non-finite numbers (a decline "never
 * again" is Infinity) and objects held in two places at once (an offer sits in the store, on its job and on its
 * worker; an assignment on its job, in its worker's held capacity and among the pending closes) come back as they
 * were, shared objects shared again. Tags are objects whose one key starts with "$"; a plain object with such a key
 * of its own (client JSON may have one) is wrapped, so nothing a client sent can be read as a tag.
 */
type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

const isPlain = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

function children(value: object): Iterable<unknown> {
  if (value instanceof Map) return [...value.keys(), ...value.values()];
  if (value instanceof Set || Array.isArray(value)) return value;
  return Object.values(value);
}

/** How often each object is reached: those reached twice or more are written once and referred to after. */
function countReferences(root: unknown): Map<object, number> {
  const counts = new Map<object, number>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    const seen = counts.get(value) ?? 0;
    counts.set(value, seen + 1);
    if (seen === 0) for (const child of children(value)) stack.push(child);
  }
  return counts;
}

export function encodeGraph(root: unknown): Encoded {
  const counts = countReferences(root);
  const ids = new Map<object, number>();
  const encode = (value: unknown): Encoded => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : { $n: String(value) };
    if (value === undefined) return { $u: 1 };
    if (typeof value !== 'object') throw new TypeError(`the state holds a ${typeof value}, which cannot be saved`);
    const known = ids.get(value);
    if (known !== undefined) return { $r: known };
    const shared = (counts.get(value) ?? 0) > 1;
    if (shared) ids.set(value, ids.size);
    const body = encodeObject(value, encode);
    return shared ? { $id: ids.get(value) ?? 0, $v: body } : body;
  };
  return encode(root);
}

function encodeObject(value: object, encode: (value: unknown) => Encoded): Encoded {
  if (Array.isArray(value)) return value.map(encode);
  if (value instanceof Map) return { $m: [...value.entries()].map(([k, v]) => [encode(k), encode(v)]) };
  if (value instanceof Set) return { $s: [...value].map(encode) };
  if (value instanceof Date) return { $d: value.getTime() };
  if (!isPlain(value)) throw new TypeError(`the state holds a ${value.constructor.name}, which cannot be saved`);
  const out: Record<string, Encoded> = {};
  let wrap = false;
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    if (key.startsWith('$')) wrap = true;
    out[key] = encode(child);
  }
  return wrap ? { $o: out } : out;
}

export function decodeGraph(root: unknown): unknown {
  const byId = new Map<number, unknown>();
  const decode = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map(decode);
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const tag = keys.length >= 1 && keys.length <= 2 ? keys[0] : undefined;
    switch (tag) {
      case '$n': return Number(record['$n']);
      case '$u': return undefined;
      case '$d': return new Date(Number(record['$d']));
      case '$r': {
        const id = Number(record['$r']);
        if (!byId.has(id)) throw new Error(`the saved state refers to object ${id} before it is defined`);
        return byId.get(id);
      }
      case '$id': {
        const decoded = decode(record['$v']);
        byId.set(Number(record['$id']), decoded);
        return decoded;
      }
      case '$m': return new Map((record['$m'] as unknown[][]).map(([k, v]) => [decode(k), decode(v)]));
      case '$s': return new Set((record['$s'] as unknown[]).map(decode));
      case '$o': return decodePlain(record['$o'] as Record<string, unknown>, decode);
      default: return decodePlain(record, decode);
    }
  };
  return decode(root);
}

function decodePlain(record: Record<string, unknown>, decode: (value: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record)) out[key] = decode(child);
  return out;
}
