import { deleteExceptionPolicy, exceptionPolicyView, getExceptionPolicy, upsertExceptionPolicy } from '../domain/exceptions/exceptions';
import { crudRoutes } from './handlers-admin';
import type { Route } from './router';

/** Exception policies: merge-patch upsert (201/200), GET, DELETE (204), paged list; If-Match on upsert and delete. */
export const exceptionRoutes: Route[] = crudRoutes({
  collection: '/routing/exceptionPolicies', param: 'exceptionPolicyId', stored: (ctx) => ctx.store.exceptionPolicies,
  upsert: upsertExceptionPolicy, get: getExceptionPolicy, remove: deleteExceptionPolicy, view: exceptionPolicyView,
});
