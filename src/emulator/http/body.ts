import type { IncomingMessage } from 'node:http';

/** Reads the whole body up to a limit; beyond it the rest is drained and dropped so the client still gets a 413. */
export type BodyRead = { readonly kind: 'ok'; readonly bytes: Buffer } | { readonly kind: 'too-large' };

const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    if (Number.isFinite(declared) && declared > DRAIN_LIMIT_BYTES) {
      req.resume();
      finish({ kind: 'too-large' });
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) req.destroy();
    });
    req.on('end', () => finish(size > limit ? { kind: 'too-large' } : { kind: 'ok', bytes: Buffer.concat(chunks) }));
    req.on('error', () => finish({ kind: 'too-large' }));
    req.on('close', () => finish(size > limit ? { kind: 'too-large' } : { kind: 'ok', bytes: Buffer.concat(chunks) }));
  });
}
