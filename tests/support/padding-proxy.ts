import { startRewritingProxy } from './rewriting-proxy';

/**
 * A proxy in front of a correct target (the emulator) that answers every job read with the job plus one huge extra
 * property — valid JSON, and extra properties are allowed — as an implementation with an oversized field would. The
 * padding is streamed from one shared buffer, chunked (no Content-Length), so the kit has to read to find out; it can
 * be paced, so a body keeps arriving long after the target answered.
 */
export interface PaddingProxy {
  readonly url: string;
  /** Job reads padded so far. */
  readonly padded: () => number;
  close(): Promise<void>;
}

const JOB_READ = /^\/routing\/jobs\/[^/:?]+(\?|$)/;

const PIECE = 256 * 1024;

/** `transferMs` paces the padding so each padded body takes about that long to arrive (a slow link), after its first byte. */
export async function startPaddingProxy(upstream: string, paddingBytes: number, transferMs = 0): Promise<PaddingProxy> {
  const padding = Buffer.alloc(paddingBytes, 'x');
  let padded = 0;
  const proxy = await startRewritingProxy(upstream, (req) => req.method === 'GET' && JOB_READ.test(req.url ?? ''), (body, headers, res) => {
    const json = body.toString('utf8').trimEnd();
    res.writeHead(200, headers);
    padded += 1;
    // {"id":…} → {"id":…,"padding":"xxxx…"}: the client may hang up part-way (it reads only so much).
    res.write(`${json.slice(0, -1)},"padding":"`);
    const pause = transferMs / Math.max(1, Math.ceil(padding.length / PIECE));
    const pump = (offset: number): void => {
      let at = offset;
      while (at < padding.length && !res.destroyed) {
        const next = Math.min(padding.length, at + PIECE);
        const more = res.write(padding.subarray(at, next));
        at = next;
        if (pause > 0) return void setTimeout(() => pump(at), pause);
        if (!more) return void res.once('drain', () => pump(at));
      }
      if (!res.destroyed) res.end('"}');
    };
    pump(0);
  });
  return { ...proxy, padded: () => padded };
}
