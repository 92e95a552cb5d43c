import { iso, parseDateTime } from '../domain/kernel/clock';
import { errors } from '../domain/kernel/errors';
import { parseObjectBody } from './body-json';
import { errorReply, json, type Reply } from './reply';
import type { Route, RouteRequest } from './router';

/**
 * The emulator's development endpoints, beside /emulator/eventSubscriptions: not Job Router, so not under /routing,
 * no api-version, signed like every request.
 *   GET  /emulator/health   {"status": "healthy", "version", "apiVersion", "now", "clock", "https", "oauth", "location", …}
 *   POST /emulator/reset    every job, worker, queue, policy, timer and undelivered event gone; answers 204
 *   POST /emulator/clock    {"advanceMs": N} or {"set": "<RFC 3339>"} → {"now": "<RFC 3339>", "offsetMs": N};
 *                           only with --clock manual (404 otherwise); time moves forward only (400)
 */
function health(r: RouteRequest): Reply {
  const now = r.settings.domain.ctx.clock.now();
  return json(200, { status: 'healthy', now: iso(now), ...(r.settings.dev?.describe() ?? {}) });
}

function reset(r: RouteRequest): Reply {
  r.settings.dev?.reset();
  return { kind: 'empty', status: 204 };
}

function clock(r: RouteRequest): Reply {
  const controlled = r.settings.dev?.clock;
  if (!controlled) {
    return errorReply({ ...errors.routeNotFound(r.path), message: 'Clock control is off: start the emulator with --clock manual (startEmulator({ clock: "manual" })).' });
  }
  const body = parseObjectBody(r);
  if (!body.ok) return errorReply(body.error);
  const { advanceMs, set } = body.value ?? {};
  try {
    if (typeof advanceMs === 'number' && set === undefined) controlled.advance(advanceMs);
    else if (typeof set === 'string' && advanceMs === undefined) {
      const at = parseDateTime(set);
      if (at === undefined) return errorReply(errors.badRequest('"set" must be an RFC 3339 date-time such as "2024-01-01T00:00:00Z".', 'set'));
      controlled.set(at);
    } else return errorReply(errors.badRequest('The body needs exactly one of "advanceMs" (milliseconds) or "set" (an RFC 3339 date-time).'));
  } catch (error) {
    return errorReply(errors.badRequest(error instanceof Error ? error.message : String(error)));
  }
  r.settings.dev?.settle();
  return json(200, { now: iso(controlled.now()), offsetMs: controlled.offsetMs });
}

export const DEV_ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/emulator/health', handler: health },
  { method: 'POST', pattern: '/emulator/reset', handler: reset },
  { method: 'POST', pattern: '/emulator/clock', handler: clock },
];
