import type { IncomingMessage } from 'node:http';

/**
 * Reads the whole body up to a limit. Beyond it the answer is "too large" at once — on the declared Content-Length
 * before a byte of the body is read, else as soon as the count passes the limit — and `drained` settles when the
 * rest has been read and dropped (or after a grace period): closing earlier would reset a client still sending, and
 * it could lose the 413.
 */
export type BodyRead =
  | { readonly kind: 'ok'; readonly bytes: Buffer }
  | { readonly kind: 'too-large'; readonly drained: Promise<void> }
  /** The connection went away mid-body: nobody is left to answer, and a truncated body must never be applied. */
  | { readonly kind: 'aborted' };

/** Past this many bytes (declared or received) the connection is closed without waiting for the rest. */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
/** How long a 413's connection waits for the refused body to finish arriving before it is closed anyway. */
export const DRAIN_GRACE_MS = 5000;

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let received = 0;
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, DRAIN_GRACE_MS);
    timer.unref();
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > DRAIN_LIMIT_BYTES) done();
    });
    req.once('end', done);
    req.once('error', done);
    req.once('close', done);
    req.resume();
  });
}

export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    // Refused on the header: a client that declares more than the limit gets its 413 without sending the body.
    const drained = declared > DRAIN_LIMIT_BYTES ? Promise.resolve() : drain(req);
    if (declared > DRAIN_LIMIT_BYTES) req.resume();
    return Promise.resolve({ kind: 'too-large', drained });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else finish({ kind: 'too-large', drained: drain(req) });
    };
    req.on('data', onData);
    req.once('end', () => finish({ kind: 'ok', bytes: Buffer.concat(chunks) }));
    req.once('error', () => finish({ kind: 'aborted' }));
    req.once('close', () => finish(req.complete ? { kind: 'ok', bytes: Buffer.concat(chunks) } : { kind: 'aborted' }));
  });
}
