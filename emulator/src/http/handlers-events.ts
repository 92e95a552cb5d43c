import { errors } from '../domain/kernel/errors';
import { isJsonObject } from '../domain/kernel/schema';
import { EVENT_SCHEMAS, type EventSchema } from '../events/envelope';
import type { SubscriptionSpec } from '../events/publisher';
import { parseObjectBody } from './body-json';
import { errorReply, json, noContent, type Reply } from './reply';
import { compileRoutes, type RouteRequest } from './router';

/**
 * The emulator's own runtime API for event subscriptions (not part of Job Router, hence not under /routing; signed
 * like every request, no api-version):
 *   PUT    /emulator/eventSubscriptions/{name}  {"endpointUrl": "http://…", "schema": "eventgrid" | "cloudevents"}
 *                                               or {"storageQueue": {"connectionString": "…", "queueName": "…"}}
 *   GET    /emulator/eventSubscriptions[/{name}]  subscriptions with their delivery counts
 *   DELETE /emulator/eventSubscriptions/{name}
 */
const NAME = /^[A-Za-z0-9-]{3,64}$/;

function specOf(name: string, body: unknown): SubscriptionSpec | string {
  if (!NAME.test(name)) return 'The subscription name must be 3-64 letters, digits or dashes.';
  if (!isJsonObject(body)) return 'The body must be a JSON object with "endpointUrl" or "storageQueue".';
  const schema = body['schema'];
  if (schema !== undefined && !EVENT_SCHEMAS.includes(schema as EventSchema)) return `"schema" must be one of ${EVENT_SCHEMAS.join(', ')}.`;
  const chosen = schema === undefined ? {} : { schema: schema as EventSchema };
  const url = body['endpointUrl'];
  const queue = body['storageQueue'];
  if (typeof url === 'string' && queue === undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return '"endpointUrl" must be an absolute http(s) URL.';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return '"endpointUrl" must be an absolute http(s) URL.';
    return { name, destination: { kind: 'webhook', url }, ...chosen };
  }
  if (url === undefined && isJsonObject(queue) && typeof queue['connectionString'] === 'string' && typeof queue['queueName'] === 'string') {
    return { name, destination: { kind: 'storage-queue', connectionString: queue['connectionString'], queueName: queue['queueName'] }, ...chosen };
  }
  return 'The body needs exactly one of "endpointUrl" (string) or "storageQueue" ({"connectionString", "queueName"}).';
}

const nameOf = (r: RouteRequest): string => r.params[0] ?? '';

function put(r: RouteRequest): Reply {
  const body = parseObjectBody(r);
  if (!body.ok) return errorReply(body.error);
  const spec = specOf(nameOf(r), body.value);
  if (typeof spec === 'string') return errorReply(errors.badRequest(spec));
  const events = r.settings.events;
  const existed = events.get(spec.name) !== undefined;
  return json(existed ? 200 : 201, events.subscribe(spec));
}

export const EVENT_ROUTES = compileRoutes([
  { method: 'GET', pattern: '/emulator/eventSubscriptions', handler: (r) => json(200, { value: r.settings.events.list() }) },
  { method: 'PUT', pattern: '/emulator/eventSubscriptions/{name}', handler: put },
  { method: 'GET', pattern: '/emulator/eventSubscriptions/{name}', handler: (r) => {
    const found = r.settings.events.get(nameOf(r));
    return found ? json(200, found) : errorReply(errors.notFound('resource', nameOf(r)));
  } },
  { method: 'DELETE', pattern: '/emulator/eventSubscriptions/{name}', handler: (r) => (r.settings.events.unsubscribe(nameOf(r)) ? noContent() : errorReply(errors.notFound('resource', nameOf(r)))) },
]);
