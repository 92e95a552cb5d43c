import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { errors, type RouterError } from '../domain/kernel/errors';
import { rawErrorResponse } from './respond';
import type { HttpSettings } from './settings';

/**
 * Requests node's HTTP parser refuses (unknown or lower-case methods, raw bytes a request target may not hold,
 * Content-Length with chunked, oversized headers, a body that never finishes) never reach the handler: node emits
 * 'clientError' instead. They get the same documented error as everything else, written raw because no
 * ServerResponse exists for them, and the connection ends.
 */
export const MAX_HEADER_BYTES = 16 * 1024;
export const REQUEST_TIMEOUT_MS = 15_000;
export const HEADERS_TIMEOUT_MS = 10_000;
/** After the error is written, input is read and dropped this long before the socket is destroyed (lingering close). */
const LINGER_MS = 2000;

/** Per connection: responses not finished yet, and whether the connection was already answered here. */
export interface ConnectionState {
  readonly requestTimeoutMs: number;
  readonly inFlight: WeakMap<Duplex, Set<ServerResponse>>;
  readonly answered: WeakSet<Duplex>;
}

export function createConnectionState(requestTimeoutMs = REQUEST_TIMEOUT_MS): ConnectionState {
  return { requestTimeoutMs, inFlight: new WeakMap(), answered: new WeakSet() };
}

export function track(state: ConnectionState, socket: Duplex, res: ServerResponse): void {
  let pending = state.inFlight.get(socket);
  if (!pending) {
    pending = new Set();
    state.inFlight.set(socket, pending);
  }
  const mine = pending;
  mine.add(res);
  const forget = (): void => {
    mine.delete(res);
  };
  res.once('finish', forget);
  res.once('close', forget);
}

function errorFor(error: Error, requestTimeoutMs: number): RouterError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'HPE_HEADER_OVERFLOW') return errors.headersTooLarge(MAX_HEADER_BYTES);
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return errors.requestTimeout(requestTimeoutMs);
  const reason = error.message.replace(/^Parse Error:\s*/i, '').replace(/[.\s]+$/, '');
  return errors.malformedRequest(reason || 'malformed request');
}

/** The refused request's target as far as its first line can be read, for the "observed" error shape. */
function targetOf(error: Error): string {
  const raw = (error as { rawPacket?: unknown }).rawPacket;
  if (!Buffer.isBuffer(raw)) return '';
  const line = raw.subarray(0, 4096).toString('latin1').split('\r\n')[0] ?? '';
  return line.split(' ')[1] ?? '';
}

/** Ends once pending writes are flushed: destroying a socket with queued bytes would drop the answer. */
function closeGently(socket: Duplex): void {
  if (socket.destroyed) return;
  if (socket.writable) socket.end();
  if (socket.writableFinished) socket.destroy();
  else socket.once('finish', () => socket.destroy());
}

function endWith(socket: Duplex, bytes: Buffer): void {
  if (!socket.writable) {
    closeGently(socket);
    return;
  }
  socket.end(bytes);
  // Closing with unread input would reset the connection, and the client could lose the answer: drop input a while.
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.resume();
}

export function answerClientError(settings: HttpSettings, state: ConnectionState, error: Error, socket: Duplex): void {
  // A broken parser reports every later chunk again: the connection is answered once.
  if (state.answered.has(socket)) return;
  state.answered.add(socket);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const bytes = rawErrorResponse(settings, errorFor(error, state.requestTimeoutMs), targetOf(error));
  const pending = [...(state.inFlight.get(socket) ?? [])].filter((res) => !res.writableFinished && !res.destroyed);
  // Requests that arrived whole (or are already answered) are answered first; one whose body never came is replaced.
  const writing = pending.filter((res) => res.headersSent || res.req.complete);
  // A timeout of a request that already has its answer (a 413 waiting for the refused body) only closes.
  const alreadyAnswered = code === 'ERR_HTTP_REQUEST_TIMEOUT' && writing.length > 0 && writing.length === pending.length;
  const then = (): void => (alreadyAnswered ? closeGently(socket) : endWith(socket, bytes));
  if (writing.length === 0) {
    then();
    return;
  }
  const finished = writing.map((res) => new Promise<void>((resolve) => {
    res.once('finish', () => resolve());
    res.once('close', () => resolve());
  }));
  void Promise.all(finished).then(then);
}

/** CONNECT never reaches the request handler (node emits 'connect'); it is answered like any unsupported method. */
export function answerConnect(settings: HttpSettings, req: IncomingMessage, socket: Duplex): void {
  const target = req.url ?? '';
  endWith(socket, rawErrorResponse(settings, errors.methodNotAllowed('CONNECT', target), target));
}
