import {
  deleteClassificationPolicy, getClassificationPolicy, listClassificationPolicies, reclassifyJob, upsertClassificationPolicy,
} from '../domain/classification';
import { classificationPolicyView } from '../domain/classification-view';
import { parseOptions, requireObjectBody } from './body-json';
import { deleteReply, entityReply, readReply } from './handlers-admin';
import { pagedList } from './paging';
import { checkIfMatch } from './preconditions';
import { errorReply, json, type Reply } from './reply';
import type { Route, RouteRequest } from './router';

/** Classification policies (CRUD with merge-patch upserts, If-Match, paging) and job reclassification. */
const id = (request: RouteRequest): string => request.params[0] ?? '';
const ctxOf = (request: RouteRequest) => request.settings.domain.ctx;

function upsert(r: RouteRequest): Reply {
  const body = requireObjectBody(r);
  if (!body.ok) return errorReply(body.error);
  return checkIfMatch(r, ctxOf(r).store.classificationPolicies.get(id(r))) ?? entityReply(upsertClassificationPolicy(ctxOf(r), id(r), body.value), classificationPolicyView);
}

/** ReclassifyJobOptions has no properties: an absent body or any object will do; the answer is `200 {}` (observed). */
function reclassify(r: RouteRequest): Reply {
  const options = parseOptions(r, {});
  if (!options.ok) return errorReply(options.error);
  const result = reclassifyJob(ctxOf(r), id(r));
  return result.ok ? json(200, result.value) : errorReply(result.error);
}

export const classificationActionRoutes: Route[] = [{ method: 'POST', pattern: '/routing/jobs/{jobId}:reclassify', handler: reclassify }];

export const classificationRoutes: Route[] = [
  { method: 'PATCH', pattern: '/routing/classificationPolicies/{classificationPolicyId}', handler: upsert },
  { method: 'GET', pattern: '/routing/classificationPolicies/{classificationPolicyId}', handler: (r) => readReply(getClassificationPolicy(ctxOf(r), id(r)), classificationPolicyView) },
  {
    method: 'DELETE',
    pattern: '/routing/classificationPolicies/{classificationPolicyId}',
    handler: (r) => checkIfMatch(r, ctxOf(r).store.classificationPolicies.get(id(r))) ?? deleteReply(deleteClassificationPolicy(ctxOf(r), id(r))),
  },
  { method: 'GET', pattern: '/routing/classificationPolicies', handler: (r) => pagedList(r, listClassificationPolicies(ctxOf(r)).map(classificationPolicyView)) },
];
