import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { RouterError } from '../domain/kernel/errors';
import type { Reply } from './reply';
import { SUPPORTED_VERSIONS, type HttpSettings } from './settings';
import type { Answer } from './wire';

/**
 * The single place where replies, errors included, become HTTP. It builds the documented answer; the wire layer in
 * settings (the identity unless faults are on: fault-wire.ts) may rewrite it on its way out.
 */
const JSON_TYPE = 'application/json; charset=utf-8';

/** The observed `target`: the request path without its query, percent-decoded (kept raw when it does not decode). */
export function observedTarget(path: string): string {
  const bare = path.split('?')[0] ?? '';
  try {
    return decodeURIComponent(bare);
  } catch {
    return bare;
  }
}

function errorAnswer(settings: HttpSettings, original: RouterError, path: string): Answer {
  const error = settings.wire.error(original);
  const details = error.details ? { details: error.details } : {};
  if (settings.errorShape === 'observed') {
    const json = { communicationError: { code: error.code, message: error.message, target: observedTarget(path), ...details } };
    return settings.wire.errorAnswer({ status: error.status, contentType: JSON_TYPE, json, headers: {} }, error);
  }
  const object = { code: error.code, message: error.message, ...(error.target ? { target: error.target } : {}), ...details };
  return settings.wire.errorAnswer({ status: error.status, contentType: JSON_TYPE, json: { error: object }, headers: { 'x-ms-error-code': error.code } }, error);
}

function toAnswer(settings: HttpSettings, reply: Reply, path: string): Answer {
  switch (reply.kind) {
    case 'error': return errorAnswer(settings, reply.error, path);
    case 'empty': return { status: reply.status, headers: {} };
    case 'text': return { status: reply.status, contentType: 'text/plain; charset=utf-8', text: reply.body, headers: {} };
    case 'json': {
      const headers: Record<string, string> = {};
      if (reply.etag !== undefined) headers['etag'] = reply.etag;
      if (reply.lastModified !== undefined) headers['last-modified'] = new Date(reply.lastModified).toUTCString();
      return { status: reply.status, contentType: JSON_TYPE, json: reply.body, headers };
    }
  }
}

/** A reply as status, headers and bytes: what both the request handler and the raw early-error writer put on the wire. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** No Content-Length, so node frames the body with Transfer-Encoding: chunked (a variation of the wire layer). */
  readonly chunked: boolean;
}

export function render(settings: HttpSettings, reply: Reply, path: string): HttpResponse {
  const answer = toAnswer(settings, reply, path);
  // The domain's clock, so a client measuring closeAt from Date agrees with the emulator.
  const headers = settings.wire.commonHeaders({ Date: new Date(settings.domain.ctx.clock.now()).toUTCString(), 'api-supported-versions': SUPPORTED_VERSIONS });
  Object.assign(headers, answer.headers);
  const text = answer.json !== undefined ? settings.wire.jsonText(JSON.stringify(settings.wire.json(answer.json)), observedTarget(path)) : answer.text;
  if (text === undefined) return { status: answer.status, headers, chunked: false };
  headers['Content-Type'] = answer.contentType ?? JSON_TYPE;
  const body = Buffer.from(text, 'utf8');
  const chunked = settings.wire.chunked;
  if (!chunked) headers['Content-Length'] = String(body.length);
  return { status: answer.status, headers, body, chunked };
}

/**
 * An error as a complete HTTP/1.1 message that closes the connection, for requests node's parser refused before
 * any ServerResponse existed. Always Content-Length framed: there is no later request on this connection to frame.
 */
export function rawErrorResponse(settings: HttpSettings, error: RouterError, path: string): Buffer {
  const rendered = render(settings, { kind: 'error', error }, path);
  const body = rendered.body ?? Buffer.alloc(0);
  const headers = { ...rendered.headers, 'Content-Length': String(body.length), Connection: 'close' };
  const lines = [`HTTP/1.1 ${rendered.status} ${STATUS_CODES[rendered.status] ?? 'Error'}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

export interface SendOptions {
  /** Adds Connection: close. */
  readonly close?: boolean;
  /** The whole response is written at once, but the message (and so the connection) ends only when this settles. */
  readonly endAfter?: Promise<void>;
}

export function send(settings: HttpSettings, res: ServerResponse, reply: Reply, path: string, options: SendOptions = {}): void {
  if (res.headersSent || res.destroyed) return;
  const rendered = render(settings, reply, path);
  res.statusCode = rendered.status;
  for (const [name, value] of Object.entries(rendered.headers)) res.setHeader(name, value);
  if (options.close) res.setHeader('Connection', 'close');
  const end = (): void => {
    if (!res.destroyed) res.end();
  };
  if (rendered.body !== undefined && !rendered.chunked && !options.endAfter) {
    res.end(rendered.body);
    return;
  }
  // A write before end makes node send Transfer-Encoding: chunked when there is no Content-Length, as production does.
  if (rendered.body !== undefined) res.write(rendered.body);
  if (options.endAfter) void options.endAfter.then(end);
  else end();
}
