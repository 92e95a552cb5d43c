import { deleteExceptionPolicy, exceptionPolicyView, getExceptionPolicy, listExceptionPolicies, upsertExceptionPolicy } from '../domain/exceptions';
import { requireObjectBody } from './body-json';
import { deleteReply, entityReply, readReply } from './handlers-admin';
import { pagedList } from './paging';
import { checkIfMatch } from './preconditions';
import { errorReply } from './reply';
import type { Route, RouteRequest } from './router';

/** Exception policies: merge-patch upsert (201/200), GET, DELETE (204), paged list; If-Match on upsert and delete. */
const id = (request: RouteRequest): string => request.params[0] ?? '';
const ctxOf = (request: RouteRequest) => request.settings.domain.ctx;

export const exceptionRoutes: Route[] = [
  { method: 'PATCH', pattern: '/routing/exceptionPolicies/{exceptionPolicyId}', handler: (r) => {
    const body = requireObjectBody(r);
    if (!body.ok) return errorReply(body.error);
    return checkIfMatch(r, ctxOf(r).store.exceptionPolicies.get(id(r))) ?? entityReply(upsertExceptionPolicy(ctxOf(r), id(r), body.value), exceptionPolicyView);
  } },
  { method: 'GET', pattern: '/routing/exceptionPolicies/{exceptionPolicyId}', handler: (r) => readReply(getExceptionPolicy(ctxOf(r), id(r)), exceptionPolicyView) },
  { method: 'DELETE', pattern: '/routing/exceptionPolicies/{exceptionPolicyId}', handler: (r) => checkIfMatch(r, ctxOf(r).store.exceptionPolicies.get(id(r))) ?? deleteReply(deleteExceptionPolicy(ctxOf(r), id(r))) },
  { method: 'GET', pattern: '/routing/exceptionPolicies', handler: (r) => pagedList(r, listExceptionPolicies(ctxOf(r)).map(exceptionPolicyView)) },
];
