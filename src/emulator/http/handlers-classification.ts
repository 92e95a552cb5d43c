import { errors } from '../domain/errors';
import { errorReply } from './reply';
import type { Route } from './router';

/** Classification policies and reclassify (issue 11, in progress): until served, a 501 of their own. */
const notImplemented = (pattern: string, operation: string): Route => ({ method: '*', pattern, handler: () => errorReply(errors.notImplemented(operation)) });

export const classificationActionRoutes: Route[] = [notImplemented('/routing/jobs/{jobId}:reclassify', 'job reclassification')];

export const classificationRoutes: Route[] = [
  notImplemented('/routing/classificationPolicies', 'classification policies'),
  notImplemented('/routing/classificationPolicies/{classificationPolicyId}', 'classification policies'),
];
