import { deletePolicy, deleteQueue, getPolicy, getQueue, upsertPolicy, upsertQueue } from '../domain/admin';
import type { Result } from '../domain/errors';
import type { Versioned } from '../domain/model';
import { policyView, queueView } from '../domain/views';
import { requireObjectBody } from './body-json';
import { pagedList } from './paging';
import { errorReply, json, noContent, type Reply } from './reply';
import { checkIfMatch } from './preconditions';
import type { Route, RouteRequest } from './router';

/** Distribution policies and queues. */
export function entityReply<T extends Versioned>(result: Result<{ created: boolean; entity: T }>, view: (entity: T) => unknown): Reply {
  if (!result.ok) return errorReply(result.error);
  const { created, entity } = result.value;
  return json(created ? 201 : 200, view(entity), entity);
}

export function readReply<T extends Versioned>(result: Result<T>, view: (entity: T) => unknown): Reply {
  return result.ok ? json(200, view(result.value), result.value) : errorReply(result.error);
}

export function deleteReply(result: Result<void>): Reply {
  return result.ok ? noContent() : errorReply(result.error);
}

const id = (request: RouteRequest): string => request.params[0] ?? '';
const ctxOf = (request: RouteRequest) => request.settings.domain.ctx;

export const adminRoutes: Route[] = [
  { method: 'PATCH', pattern: '/routing/distributionPolicies/{distributionPolicyId}', handler: (r) => {
    const body = requireObjectBody(r);
    if (!body.ok) return errorReply(body.error);
    return checkIfMatch(r, ctxOf(r).store.policies.get(id(r))) ?? entityReply(upsertPolicy(ctxOf(r), id(r), body.value), policyView);
  } },
  { method: 'GET', pattern: '/routing/distributionPolicies/{distributionPolicyId}', handler: (r) => readReply(getPolicy(ctxOf(r), id(r)), policyView) },
  { method: 'DELETE', pattern: '/routing/distributionPolicies/{distributionPolicyId}', handler: (r) => checkIfMatch(r, ctxOf(r).store.policies.get(id(r))) ?? deleteReply(deletePolicy(ctxOf(r), id(r))) },
  { method: 'GET', pattern: '/routing/distributionPolicies', handler: (r) => pagedList(r, [...ctxOf(r).store.policies.values()].map(policyView)) },
  { method: 'PATCH', pattern: '/routing/queues/{queueId}', handler: (r) => {
    const body = requireObjectBody(r);
    if (!body.ok) return errorReply(body.error);
    return checkIfMatch(r, ctxOf(r).store.queues.get(id(r))) ?? entityReply(upsertQueue(ctxOf(r), id(r), body.value), queueView);
  } },
  { method: 'GET', pattern: '/routing/queues/{queueId}', handler: (r) => readReply(getQueue(ctxOf(r), id(r)), queueView) },
  { method: 'DELETE', pattern: '/routing/queues/{queueId}', handler: (r) => checkIfMatch(r, ctxOf(r).store.queues.get(id(r))) ?? deleteReply(deleteQueue(ctxOf(r), id(r))) },
  { method: 'GET', pattern: '/routing/queues', handler: (r) => pagedList(r, [...ctxOf(r).store.queues.values()].map(queueView)) },
];
