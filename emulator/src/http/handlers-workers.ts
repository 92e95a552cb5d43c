import { parseDateTime } from '../domain/kernel/clock';
import { OPTIONS_SCHEMAS } from '../domain/kernel/schema';
import { deleteWorker, getWorker, upsertWorker } from '../domain/workers/workers';
import { parseOptions, requireObjectBody } from './body-json';
import { deleteReply, entityReply, readReply } from './handlers-admin';
import { actionResult } from './handlers-jobs';
import { pagedList } from './paging';
import { checkIfMatch } from './preconditions';
import { errorReply, json, type Reply } from './reply';
import type { Route, RouteRequest } from './router';
import { loadRatio } from '../domain/workers/workers';

/** Workers and the offers made to them. */
const ctxOf = (request: RouteRequest) => request.settings.domain.ctx;
const opsOf = (request: RouteRequest) => request.settings.domain.ops;
const workerId = (request: RouteRequest): string => request.params[0] ?? '';
const offerId = (request: RouteRequest): string => request.params[1] ?? '';

function accept(r: RouteRequest): Reply {
  const result = opsOf(r).acceptOffer(ctxOf(r), workerId(r), offerId(r));
  if (!result.ok) return errorReply(result.error);
  return json(200, result.value);
}

function decline(r: RouteRequest): Reply {
  const options = parseOptions(r, OPTIONS_SCHEMAS.decline);
  if (!options.ok) return errorReply(options.error);
  const text = options.value['retryOfferAt'];
  const retryOfferAt = typeof text === 'string' ? parseDateTime(text) : undefined;
  return actionResult(opsOf(r).declineOffer(ctxOf(r), workerId(r), offerId(r), retryOfferAt));
}

function list(r: RouteRequest): Reply {
  const state = r.query.get('state') ?? 'all';
  const channelId = r.query.get('channelId');
  const queueId = r.query.get('queueId');
  const hasCapacity = r.query.get('hasCapacity');
  const workers = [...ctxOf(r).store.workers.values()].filter((w) => {
    if (state !== 'all' && (w.availableForOffers ? 'active' : 'inactive') !== state) return false;
    if (channelId !== null && !w.channels.some((c) => c.channelId === channelId)) return false;
    if (queueId !== null && !w.queues.includes(queueId)) return false;
    return hasCapacity === null || (hasCapacity === 'true') === (loadRatio(w) < 1);
  });
  return pagedList(r, workers.map((w) => opsOf(r).workerView(ctxOf(r), w)));
}

export const workerRoutes: Route[] = [
  { method: 'POST', pattern: '/routing/workers/{workerId}/offers/{offerId}:accept', handler: accept },
  { method: 'POST', pattern: '/routing/workers/{workerId}/offers/{offerId}:decline', handler: decline },
  { method: 'PATCH', pattern: '/routing/workers/{workerId}', handler: (r) => {
    const body = requireObjectBody(r);
    if (!body.ok) return errorReply(body.error);
    return checkIfMatch(r, ctxOf(r).store.workers.get(workerId(r))) ?? entityReply(upsertWorker(ctxOf(r), workerId(r), body.value), (w) => opsOf(r).workerView(ctxOf(r), w));
  } },
  { method: 'GET', pattern: '/routing/workers/{workerId}', handler: (r) => readReply(getWorker(ctxOf(r), workerId(r)), (w) => opsOf(r).workerView(ctxOf(r), w)) },
  { method: 'DELETE', pattern: '/routing/workers/{workerId}', handler: (r) => checkIfMatch(r, ctxOf(r).store.workers.get(workerId(r))) ?? deleteReply(deleteWorker(ctxOf(r), workerId(r))) },
  { method: 'GET', pattern: '/routing/workers', handler: list },
];

