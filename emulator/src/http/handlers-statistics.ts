import { queueStatistics } from '../domain/jobs/statistics';
import { errorReply, json } from './reply';
import type { Route } from './router';

/** Queue statistics (RouterQueueStatistics): no ETag, like the queue position. Other methods answer 405. */
export const statisticsRoutes: Route[] = [{ method: 'GET', pattern: '/routing/queues/{queueId}/statistics', handler: (r) => {
  const result = queueStatistics(r.settings.domain.ctx, r.params[0] ?? '');
  return result.ok ? json(200, result.value) : errorReply(result.error);
} }];
