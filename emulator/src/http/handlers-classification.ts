import { deleteClassificationPolicy, getClassificationPolicy, reclassifyJob, upsertClassificationPolicy } from '../domain/classification/classification';
import { classificationPolicyView } from '../domain/classification/classification-view';
import { parseOptions } from './body-json';
import { crudRoutes } from './handlers-admin';
import { errorReply, json, type Reply } from './reply';
import type { Route, RouteRequest } from './router';

/** Classification policies (CRUD with merge-patch upserts, If-Match, paging) and job reclassification. */
const id = (request: RouteRequest): string => request.params[0] ?? '';
const ctxOf = (request: RouteRequest) => request.settings.domain.ctx;

/** ReclassifyJobOptions has no properties: an absent body or any object will do; the answer is `200 {}` (observed). */
function reclassify(r: RouteRequest): Reply {
  const options = parseOptions(r, {});
  if (!options.ok) return errorReply(options.error);
  const result = reclassifyJob(ctxOf(r), id(r));
  return result.ok ? json(200, result.value) : errorReply(result.error);
}

export const classificationActionRoutes: Route[] = [{ method: 'POST', pattern: '/routing/jobs/{jobId}:reclassify', handler: reclassify }];

export const classificationRoutes: Route[] = crudRoutes({
  collection: '/routing/classificationPolicies', param: 'classificationPolicyId', stored: (ctx) => ctx.store.classificationPolicies,
  upsert: upsertClassificationPolicy, get: getClassificationPolicy, remove: deleteClassificationPolicy, view: classificationPolicyView,
});
