import { unassignJob } from '../domain/jobs/assignments';
import { parseDateTime } from '../domain/kernel/clock';
import type { Result } from '../domain/kernel/errors';
import { getJob, jobPosition, listJobs, upsertJob } from '../domain/jobs/jobs';
import { OPTIONS_SCHEMAS } from '../domain/kernel/schema';
import { parseOptions, requireObjectBody, stringOption } from './body-json';
import { deleteReply, entityReply, readReply } from './handlers-admin';
import { pagedList } from './paging';
import { checkIfMatch } from './preconditions';
import { errorReply, json, type Reply } from './reply';
import type { Route, RouteRequest } from './router';

/** Jobs and their assignments. */
const ctxOf = (request: RouteRequest) => request.settings.domain.ctx;
const opsOf = (request: RouteRequest) => request.settings.domain.ops;
const jobId = (request: RouteRequest): string => request.params[0] ?? '';
const assignmentId = (request: RouteRequest): string => request.params[1] ?? '';

/** The `200 {}` of cancel, complete, close and decline. */
export function actionResult(result: Result<unknown>): Reply {
  return result.ok ? json(200, result.value) : errorReply(result.error);
}

function cancel(r: RouteRequest): Reply {
  const options = parseOptions(r, OPTIONS_SCHEMAS.cancel);
  if (!options.ok) return errorReply(options.error);
  const note = stringOption(options.value, 'note');
  const dispositionCode = stringOption(options.value, 'dispositionCode');
  return actionResult(opsOf(r).cancelJob(ctxOf(r), jobId(r), { ...(note === undefined ? {} : { note }), ...(dispositionCode === undefined ? {} : { dispositionCode }) }));
}

function close(r: RouteRequest): Reply {
  const options = parseOptions(r, OPTIONS_SCHEMAS.close);
  if (!options.ok) return errorReply(options.error);
  const closeAtText = options.value['closeAt'];
  // Checked as a date-time above; a closeAt that still does not parse (type checks off) means "now".
  const closeAt = typeof closeAtText === 'string' ? parseDateTime(closeAtText) : undefined;
  const note = stringOption(options.value, 'note');
  const dispositionCode = stringOption(options.value, 'dispositionCode');
  return actionResult(opsOf(r).closeJob(ctxOf(r), jobId(r), assignmentId(r), {
    ...(closeAt === undefined ? {} : { closeAt }),
    ...(note === undefined ? {} : { note }),
    ...(dispositionCode === undefined ? {} : { dispositionCode }),
  }));
}

function complete(r: RouteRequest): Reply {
  const options = parseOptions(r, OPTIONS_SCHEMAS.complete);
  if (!options.ok) return errorReply(options.error);
  return actionResult(opsOf(r).completeJob(ctxOf(r), jobId(r), assignmentId(r), stringOption(options.value, 'note')));
}

function unassign(r: RouteRequest): Reply {
  const options = parseOptions(r, OPTIONS_SCHEMAS.unassign);
  if (!options.ok) return errorReply(options.error);
  const result = unassignJob(ctxOf(r), jobId(r), assignmentId(r), options.value['suspendMatching'] === true);
  return result.ok ? json(200, result.value) : errorReply(result.error);
}

function list(r: RouteRequest): Reply {
  const filter = (key: string): Record<string, string> => {
    const value = r.query.get(key);
    return value === null ? {} : { [key]: value };
  };
  const jobs = listJobs(ctxOf(r), { ...filter('status'), ...filter('queueId'), ...filter('channelId'), ...filter('classificationPolicyId') });
  return pagedList(r, jobs.map((job) => opsOf(r).jobView(ctxOf(r), job)));
}

export const jobRoutes: Route[] = [
  { method: 'POST', pattern: '/routing/jobs/{jobId}:cancel', handler: cancel },
  { method: 'POST', pattern: '/routing/jobs/{jobId}/assignments/{assignmentId}:close', handler: close },
  { method: 'POST', pattern: '/routing/jobs/{jobId}/assignments/{assignmentId}:complete', handler: complete },
  { method: 'POST', pattern: '/routing/jobs/{jobId}/assignments/{assignmentId}:unassign', handler: unassign },
  { method: 'GET', pattern: '/routing/jobs/{jobId}/position', handler: (r) => {
    const result = jobPosition(ctxOf(r), jobId(r));
    return result.ok ? json(200, result.value) : errorReply(result.error);
  } },
  { method: 'PATCH', pattern: '/routing/jobs/{jobId}', handler: (r) => {
    const body = requireObjectBody(r);
    if (!body.ok) return errorReply(body.error);
    return checkIfMatch(r, ctxOf(r).store.jobs.get(jobId(r))) ?? entityReply(upsertJob(ctxOf(r), jobId(r), body.value), (job) => opsOf(r).jobView(ctxOf(r), job));
  } },
  { method: 'GET', pattern: '/routing/jobs/{jobId}', handler: (r) => readReply(getJob(ctxOf(r), jobId(r)), (job) => opsOf(r).jobView(ctxOf(r), job)) },
  { method: 'DELETE', pattern: '/routing/jobs/{jobId}', handler: (r) => checkIfMatch(r, ctxOf(r).store.jobs.get(jobId(r))) ?? deleteReply(opsOf(r).deleteJob(ctxOf(r), jobId(r))) },
  { method: 'GET', pattern: '/routing/jobs', handler: list },
];
