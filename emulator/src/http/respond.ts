import { STATUS_CODES, type ServerResponse } from 'node:http';
import { errors, type RouterError } from '../domain/kernel/errors';
import type { Reply } from './reply';
import { SUPPORTED_VERSIONS, type HttpSettings } from './settings';

/** The single place where replies, errors included, become HTTP. Variations and error faults apply here. */
const JSON_TYPE = 'application/json; charset=utf-8';
// Map-like properties hold client data: adding keys there would change meaning, not just shape.
const MAP_PROPERTIES = new Set(['labels', 'tags', 'assignments']);

function withExtraProperties(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => withExtraProperties(item));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, child]) => [key, MAP_PROPERTIES.has(key) ? child : withExtraProperties(child, key)] as const);
  return MAP_PROPERTIES.has(parentKey) ? Object.fromEntries(entries) : { ...Object.fromEntries(entries), emulatorExtra: 'unknown property' };
}

function withReversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withReversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, child]) => [key, withReversedKeys(child)]));
}

interface Wire {
  readonly status: number;
  readonly contentType?: string;
  readonly body?: string;
  readonly headers: Record<string, string>;
}

/** The observed `target`: the request path without its query, percent-decoded (kept raw when it does not decode). */
export function observedTarget(path: string): string {
  const bare = path.split('?')[0] ?? '';
  try {
    return decodeURIComponent(bare);
  } catch {
    return bare;
  }
}

function errorWire(settings: HttpSettings, original: RouterError, path: string): Wire {
  const faults = settings.faults;
  const error = faults.has('server-error-for-not-found') && original.status === 404 ? errors.internal() : original;
  if (faults.has('auth-error-bare') && error.status === 401) return { status: 401, headers: {} };
  if (faults.has('error-text-plain')) return { status: error.status, contentType: 'text/plain; charset=utf-8', body: `${error.code}: ${error.message}`, headers: {} };
  const details = error.details ?? (faults.has('error-details') ? [{ code: 'EmulatorDetail', message: 'An extra detail a client must tolerate.' }] : undefined);
  const inner = faults.has('error-details') ? { innererror: { code: 'EmulatorInnerError' } } : {};
  if (settings.errorShape === 'observed') {
    const body = { communicationError: { code: error.code, message: error.message, target: observedTarget(path), ...(details ? { details } : {}), ...inner } };
    return { status: error.status, contentType: JSON_TYPE, body: serialize(settings, body), headers: {} };
  }
  const object: Record<string, unknown> = { code: error.code, message: error.message, ...(error.target ? { target: error.target } : {}), ...(details ? { details } : {}), ...inner };
  if (faults.has('error-no-message')) delete object['message'];
  const headers: Record<string, string> = {};
  if (!faults.has('error-header-missing')) headers['x-ms-error-code'] = faults.has('error-header-mismatch') ? `${error.code}Mismatch` : error.code;
  const body = faults.has('error-unwrapped') ? object : { error: object };
  return { status: error.status, contentType: JSON_TYPE, body: serialize(settings, body), headers };
}

function serialize(settings: HttpSettings, body: unknown): string {
  let shaped = body;
  if (settings.faults.has('extra-properties')) shaped = withExtraProperties(shaped);
  if (settings.faults.has('key-order')) shaped = withReversedKeys(shaped);
  return JSON.stringify(shaped);
}

/** The deep-extra-property variation: how deep, and which bodies (a single job or worker, as reads and upserts return). */
export const DEEP_EXTRA_LEVELS = 1500;
const JOB_OR_WORKER = /^\/routing\/(?:jobs|workers)\/[^/:]+$/;

/** Spliced in as text: the emulator itself never holds (or recurses over) the deep value. */
function withDeepExtra(text: string): string {
  if (!text.startsWith('{') || !text.endsWith('}')) return text;
  const deep = `${'{"level":'.repeat(DEEP_EXTRA_LEVELS - 1)}{"level":0}${'}'.repeat(DEEP_EXTRA_LEVELS - 1)}`;
  return `${text.slice(0, -1)}${text === '{}' ? '' : ','}"emulatorDeepExtra":${deep}}`;
}

function toWire(settings: HttpSettings, reply: Reply, path: string): Wire {
  switch (reply.kind) {
    case 'error': return errorWire(settings, reply.error, path);
    case 'empty': return { status: reply.status, headers: {} };
    case 'text': return { status: reply.status, contentType: 'text/plain; charset=utf-8', body: reply.body, headers: {} };
    case 'json': {
      const headers: Record<string, string> = { ...reply.headers };
      if (reply.etag !== undefined) headers['etag'] = reply.etag;
      if (reply.lastModified !== undefined) headers['last-modified'] = new Date(reply.lastModified).toUTCString();
      const text = serialize(settings, reply.body);
      const deep = settings.faults.has('deep-extra-property') && JOB_OR_WORKER.test(observedTarget(path));
      return { status: reply.status, contentType: JSON_TYPE, body: deep ? withDeepExtra(text) : text, headers };
    }
  }
}

/** A reply as status, headers and bytes: what both the request handler and the raw early-error writer put on the wire. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** The "chunked" variation: no Content-Length, so node frames the body with Transfer-Encoding: chunked. */
  readonly chunked: boolean;
}

export function render(settings: HttpSettings, reply: Reply, path: string): HttpResponse {
  const wire = toWire(settings, reply, path);
  const faults = settings.faults;
  // The domain's clock, so a client measuring closeAt from Date agrees with the emulator.
  const headers: Record<string, string> = { Date: new Date(settings.domain.ctx.clock.now()).toUTCString() };
  if (!faults.has('supported-versions-header-missing')) headers['api-supported-versions'] = SUPPORTED_VERSIONS;
  if (faults.has('extra-headers')) Object.assign(headers, { 'x-emulator-extra': 'unknown header', 'Request-Context': 'appId=', 'X-Cache': 'CONFIG_NOCACHE' });
  Object.assign(headers, wire.headers);
  if (wire.body === undefined) return { status: wire.status, headers, chunked: false };
  headers['Content-Type'] = wire.contentType ?? JSON_TYPE;
  const body = Buffer.from(wire.body, 'utf8');
  const chunked = faults.has('chunked');
  if (!chunked) headers['Content-Length'] = String(body.length);
  return { status: wire.status, headers, body, chunked };
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
