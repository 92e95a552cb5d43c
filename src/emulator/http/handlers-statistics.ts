import { errors } from '../domain/errors';
import { errorReply } from './reply';
import type { Route } from './router';

/** Queue statistics (issue 11, in progress): until served, a 501 of its own. */
export const statisticsRoutes: Route[] = [{ method: '*', pattern: '/routing/queues/{queueId}/statistics', handler: () => errorReply(errors.notImplemented('queue statistics')) }];
