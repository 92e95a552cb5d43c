import { adminRoutes } from './handlers-admin';
import { classificationActionRoutes, classificationRoutes } from './handlers-classification';
import { exceptionRoutes } from './handlers-exceptions';
import { jobRoutes } from './handlers-jobs';
import { statisticsRoutes } from './handlers-statistics';
import { workerRoutes } from './handlers-workers';
import { compileRoutes } from './router';

/** Every path and method of the published document. A part not served answers a 501 of its own, never a fake answer. */
export const ROUTES = compileRoutes([
  // Action routes first: their last segment is split at its final raw ':'.
  ...jobRoutes.filter((r) => r.pattern.includes(':')),
  ...workerRoutes.filter((r) => r.pattern.includes(':')),
  ...classificationActionRoutes,
  ...jobRoutes.filter((r) => !r.pattern.includes(':')),
  ...workerRoutes.filter((r) => !r.pattern.includes(':')),
  ...adminRoutes,
  ...statisticsRoutes,
  ...classificationRoutes,
  ...exceptionRoutes,
]);
