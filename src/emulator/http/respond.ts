import type { ServerResponse } from 'node:http';
import { errors, type RouterError } from '../domain/errors';
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

function errorWire(settings: HttpSettings, original: RouterError, path: string): Wire {
  const faults = settings.faults;
  const error = faults.has('server-error-for-not-found') && original.status === 404 ? errors.internal() : original;
  if (faults.has('error-text-plain')) return { status: error.status, contentType: 'text/plain; charset=utf-8', body: `${error.code}: ${error.message}`, headers: {} };
  const details = error.details ?? (faults.has('error-details') ? [{ code: 'EmulatorDetail', message: 'An extra detail a client must tolerate.' }] : undefined);
  const inner = faults.has('error-details') ? { innererror: { code: 'EmulatorInnerError' } } : {};
  if (settings.errorShape === 'observed') {
    const body = { communicationError: { code: error.code, message: error.message, target: path, ...(details ? { details } : {}), ...inner } };
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

function toWire(settings: HttpSettings, reply: Reply, path: string): Wire {
  switch (reply.kind) {
    case 'error': return errorWire(settings, reply.error, path);
    case 'empty': return { status: reply.status, headers: {} };
    case 'text': return { status: reply.status, contentType: 'text/plain; charset=utf-8', body: reply.body, headers: {} };
    case 'json': {
      const headers: Record<string, string> = {};
      if (reply.etag !== undefined) headers['etag'] = reply.etag;
      if (reply.lastModified !== undefined) headers['last-modified'] = new Date(reply.lastModified).toUTCString();
      return { status: reply.status, contentType: JSON_TYPE, body: serialize(settings, reply.body), headers };
    }
  }
}

export function send(settings: HttpSettings, res: ServerResponse, reply: Reply, path: string, closeConnection = false): void {
  if (res.headersSent || res.destroyed) return;
  const wire = toWire(settings, reply, path);
  const faults = settings.faults;
  res.statusCode = wire.status;
  // The domain's clock, so a client measuring closeAt from Date agrees with the emulator.
  res.setHeader('Date', new Date(settings.domain.ctx.clock.now()).toUTCString());
  if (!faults.has('supported-versions-header-missing')) res.setHeader('api-supported-versions', SUPPORTED_VERSIONS);
  if (faults.has('extra-headers')) {
    res.setHeader('x-emulator-extra', 'unknown header');
    res.setHeader('Request-Context', 'appId=');
    res.setHeader('X-Cache', 'CONFIG_NOCACHE');
  }
  for (const [name, value] of Object.entries(wire.headers)) res.setHeader(name, value);
  if (closeConnection) res.setHeader('Connection', 'close');
  if (wire.body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', wire.contentType ?? JSON_TYPE);
  const bytes = Buffer.from(wire.body, 'utf8');
  if (faults.has('chunked')) {
    // A write before end makes node send Transfer-Encoding: chunked, as production does.
    res.write(bytes);
    res.end();
    return;
  }
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}
