import { startRewritingProxy } from './rewriting-proxy';

/**
 * A proxy in front of a correct target (the emulator) whose job and worker reads go bad mid-run: the first `passes`
 * reads of each job or worker are passed through (so setup confirms what it made), every later one is spoilt in
 * turn — cut off half-way (the connection closes before the announced length), bytes that are not UTF-8, or JSON cut
 * short (a complete HTTP message whose body is not JSON). The kit cannot read any of them, so no requirement that
 * needs them may be judged: `error`, never `failed`.
 */
export type Spoil = 'cut-off' | 'not-utf8' | 'not-json';

export interface CorruptingProxy {
  readonly url: string;
  /** Reads spoilt so far, by kind. */
  readonly spoilt: () => Readonly<Record<Spoil, number>>;
  close(): Promise<void>;
}

const STATE_READ = /^\/routing\/(?:jobs|workers)\/[^/:?]+(?:\?|$)/;
const KINDS: readonly Spoil[] = ['cut-off', 'not-utf8', 'not-json'];

export async function startCorruptingProxy(upstream: string, passes = 1): Promise<CorruptingProxy> {
  const reads = new Map<string, number>();
  const spoilt: Record<Spoil, number> = { 'cut-off': 0, 'not-utf8': 0, 'not-json': 0 };
  let turn = 0;
  // Counts each job's or worker's reads; the first `passes` of each go through untouched.
  const picks = (req: { method?: string | undefined; url?: string | undefined }): boolean => {
    if (req.method !== 'GET' || !STATE_READ.test(req.url ?? '')) return false;
    const path = (req.url ?? '').split('?')[0] ?? '';
    const seen = (reads.get(path) ?? 0) + 1;
    reads.set(path, seen);
    return seen > passes;
  };
  const proxy = await startRewritingProxy(upstream, picks, (body, headers, res) => {
    const kind = KINDS[turn++ % KINDS.length] ?? 'not-json';
    spoilt[kind] += 1;
    if (kind === 'cut-off') {
      res.writeHead(200, { ...headers, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    const sent = kind === 'not-utf8' ? Buffer.concat([body.subarray(0, body.length - 1), Buffer.from([0xff, 0xfe]), body.subarray(body.length - 1)]) : body.subarray(0, Math.floor(body.length / 2));
    res.writeHead(200, { ...headers, 'content-length': String(sent.length) });
    res.end(sent);
  });
  return { ...proxy, spoilt: () => ({ ...spoilt }) };
}
