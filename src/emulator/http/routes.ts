import { errors } from '../domain/errors';
import { adminRoutes } from './handlers-admin';
import { jobRoutes } from './handlers-jobs';
import { workerRoutes } from './handlers-workers';
import { errorReply } from './reply';
import { compileRoutes, type Route } from './router';

/** Parts of the published API the emulator does not serve: a 501 of its own, never a fake answer. */
const notImplemented = (pattern: string, operation: string): Route => ({ method: '*', pattern, handler: () => errorReply(errors.notImplemented(operation)) });

export const ROUTES = compileRoutes([
  // Action routes first: their last segment is split at its final raw ':'.
  ...jobRoutes.filter((r) => r.pattern.includes(':')),
  ...workerRoutes.filter((r) => r.pattern.includes(':')),
  notImplemented('/routing/jobs/{jobId}:reclassify', 'job reclassification'),
  ...jobRoutes.filter((r) => !r.pattern.includes(':')),
  ...workerRoutes.filter((r) => !r.pattern.includes(':')),
  ...adminRoutes,
  notImplemented('/routing/queues/{queueId}/statistics', 'queue statistics'),
  notImplemented('/routing/classificationPolicies', 'classification policies'),
  notImplemented('/routing/classificationPolicies/{classificationPolicyId}', 'classification policies'),
  notImplemented('/routing/exceptionPolicies', 'exception policies'),
  notImplemented('/routing/exceptionPolicies/{exceptionPolicyId}', 'exception policies'),
]);
