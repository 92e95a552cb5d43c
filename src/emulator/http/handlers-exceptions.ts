import { errors } from '../domain/errors';
import { errorReply } from './reply';
import type { Route } from './router';

/** Exception policies (issue 11, in progress): until served, a 501 of their own. */
const notImplemented = (pattern: string, operation: string): Route => ({ method: '*', pattern, handler: () => errorReply(errors.notImplemented(operation)) });

export const exceptionRoutes: Route[] = [
  notImplemented('/routing/exceptionPolicies', 'exception policies'),
  notImplemented('/routing/exceptionPolicies/{exceptionPolicyId}', 'exception policies'),
];
