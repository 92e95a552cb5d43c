import { UnknownOutcome, type ApiResponse, type SendOptions } from '../client/client';
import { routes } from '../client/routes';
import { HarnessError } from '../contract/evidence';
import type { ResourceKind } from './leftovers';

/**
 * Removal of Job Router resources in dependency order, shared by the fixtures' per-test cleanup and `npm run sweep`.
 * Written against the smallest surface both a plain JobRouterClient and the fixtures' TestRouter offer, so src/ never
 * has to know about fixtures.
 */
export interface RouterSender {
  send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options?: SendOptions): Promise<ApiResponse>;
}

export interface RemovalTargets {
  readonly jobs: readonly string[];
  readonly workers: readonly string[];
  readonly queues: readonly string[];
  readonly policies: readonly string[];
}

export interface RemovalTiming {
  /** How long to keep retrying jobs that refuse deletion (a close scheduled at a future closeAt). */
  readonly patienceMs: number;
  readonly pollIntervalMs: number;
}

export interface LeftBehind {
  readonly kind: ResourceKind;
  readonly id: string;
  /** The HTTP status of the refused DELETE, when the last attempt got that far. */
  readonly status?: number;
  /** The target's own error message for the refusal, when it gave one. */
  readonly detail?: string;
  /** The first line of an exception the last attempt raised (e.g. the target became unreachable). */
  readonly error?: string;
}

export interface RemovalResult {
  readonly removed: readonly { readonly kind: ResourceKind; readonly id: string }[];
  readonly left: readonly LeftBehind[];
}

const FINISHED = new Set(['cancelled', 'closed']);
const gone = (res: ApiResponse): boolean => res.status === 204 || res.status === 200 || res.status === 404;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A timestamp counts only when it parses, as in the fixtures' lenient views: a garbled one is no evidence of a step. */
const stamped = (value: unknown): boolean => typeof value === 'string' && !Number.isNaN(new Date(value).getTime());

interface JobState {
  readonly found: boolean;
  readonly status: string | undefined;
  readonly assignments: readonly { readonly assignmentId: string; readonly completed: boolean; readonly closed: boolean }[];
}

/**
 * Reads a job leniently from the raw body: cleanup must work on targets whose job schema is wrong. A read the kit
 * cannot take (an answer larger than it reads, say) leaves the state unknown: the job is then cancelled and deleted
 * blind, which ends it however far it got.
 */
export async function readJobState(sender: RouterSender, jobId: string): Promise<JobState> {
  let res: ApiResponse;
  try {
    res = await sender.send('GET', routes.job(jobId));
  } catch (error) {
    if (error instanceof HarnessError && !(error instanceof UnknownOutcome)) return { found: true, status: undefined, assignments: [] };
    throw error;
  }
  const job = res.status === 200 && isRecord(res.body) ? res.body : {};
  const raw = job['assignments'];
  const assignments = isRecord(raw)
    ? Object.entries(raw).flatMap(([key, a]) =>
        isRecord(a)
          ? [{ assignmentId: typeof a['assignmentId'] === 'string' ? a['assignmentId'] : key, completed: stamped(a['completedAt']), closed: stamped(a['closedAt']) }]
          : [],
      )
    : [];
  // Only a 404 proves the job is gone: a failing read (5xx, 401…) must not let a sweep claim a removal it did not make.
  return { found: res.status !== 404, status: typeof job['status'] === 'string' ? job['status'] : undefined, assignments };
}

type Outcome = { readonly gone: true } | { readonly gone: false; readonly status: number; readonly detail?: string };

function outcomeOf(res: ApiResponse): Outcome {
  if (gone(res)) return { gone: true };
  const error = isRecord(res.body) && isRecord(res.body['error']) ? res.body['error'] : undefined;
  const message = typeof error?.['message'] === 'string' ? error['message'].replace(/\s+/g, ' ').trim().slice(0, 160) : '';
  return message ? { gone: false, status: res.status, detail: message } : { gone: false, status: res.status };
}

/**
 * An action on the way to a delete whose answer was lost: the job's state, read next, decides what is still to do.
 * (Only the DELETE's own lost answer may say "gone", once a read shows it — see `attempt`.)
 */
async function act(sender: RouterSender, path: string): Promise<ApiResponse | undefined> {
  try {
    return await sender.send('POST', path, { json: {} });
  } catch (error) {
    if (error instanceof UnknownOutcome) return undefined;
    throw error;
  }
}

/** Ends a job however far it got (complete and close open assignments, else cancel) and deletes it. */
async function removeJob(sender: RouterSender, jobId: string): Promise<Outcome> {
  const job = await readJobState(sender, jobId);
  if (!job.found) return { gone: true };
  let state = job;
  if (state.status !== undefined && !FINISHED.has(state.status) && state.status !== 'completed') {
    // Cancel first: it ends a job however far it got, also one whose close waits for a far closeAt.
    const cancelled = await act(sender, routes.cancel(jobId));
    if (cancelled === undefined || cancelled.status === 200) state = await readJobState(sender, jobId);
  }
  if (!state.status || !FINISHED.has(state.status)) {
    const open = state.assignments.filter((a) => !a.closed);
    for (const assignment of open) {
      // Complete first: a target that only closes completed assignments must still be cleaned up.
      if (!assignment.completed) await act(sender, routes.complete(jobId, assignment.assignmentId));
      await act(sender, routes.close(jobId, assignment.assignmentId));
    }
    const status = open.length > 0 ? (await readJobState(sender, jobId)).status : state.status;
    if (!status || !FINISHED.has(status)) await act(sender, routes.cancel(jobId));
  }
  return outcomeOf(await sender.send('DELETE', routes.job(jobId)));
}

async function removeWorker(sender: RouterSender, workerId: string): Promise<Outcome> {
  // Deregister first so nothing new is offered while the worker goes away; a PATCH on a missing worker recreates it,
  // which the delete then removes.
  await sender.send('PATCH', routes.worker(workerId), { json: { availableForOffers: false } });
  return outcomeOf(await sender.send('DELETE', routes.worker(workerId)));
}

/** One removal that never throws: a failing cleanup must not mask a test's result or stop a sweep half-way. */
async function attempt(kind: ResourceKind, id: string, remove: () => Promise<Outcome>): Promise<LeftBehind | undefined> {
  try {
    const outcome = await remove();
    if (outcome.gone) return undefined;
    return outcome.detail === undefined ? { kind, id, status: outcome.status } : { kind, id, status: outcome.status, detail: outcome.detail };
  } catch (error) {
    // The DELETE's answer was lost, but a read shows the resource gone: that is all cleanup needs.
    if (error instanceof UnknownOutcome && error.outcome === 'applied') return undefined;
    return { kind, id, error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
  }
}

/**
 * Removes the targets in dependency order (jobs → workers → queues → policies) and reports what went and what stayed.
 * Never throws. A job whose close is still scheduled (closeAt in the future) may refuse deletion for a while, so jobs
 * are retried until `patienceMs`; the other kinds get one attempt, since by then nothing that blocks them should remain.
 */
export async function removeAll(sender: RouterSender, targets: RemovalTargets, timing: RemovalTiming): Promise<RemovalResult> {
  const deadline = Date.now() + timing.patienceMs;
  const removed: { kind: ResourceKind; id: string }[] = [];
  let jobs = [...new Set(targets.jobs)];
  let jobsLeft: LeftBehind[] = [];
  for (;;) {
    const left = await Promise.all(jobs.map((id) => attempt('job', id, () => removeJob(sender, id))));
    removed.push(...jobs.filter((_, i) => left[i] === undefined).map((id) => ({ kind: 'job' as const, id })));
    jobsLeft = left.filter((x): x is LeftBehind => x !== undefined);
    jobs = jobsLeft.map((l) => l.id);
    if (jobs.length === 0 || Date.now() >= deadline) break;
    await pause(Math.min(500, timing.pollIntervalMs * 2));
  }
  const leftovers: LeftBehind[] = [...jobsLeft];
  for (const [kind, ids, remove] of [
    ['worker', targets.workers, (id: string) => removeWorker(sender, id)],
    ['queue', targets.queues, async (id: string) => outcomeOf(await sender.send('DELETE', routes.queue(id)))],
    ['distribution policy', targets.policies, async (id: string) => outcomeOf(await sender.send('DELETE', routes.distributionPolicy(id)))],
  ] as const) {
    const unique = [...new Set(ids)];
    const left = await Promise.all(unique.map((id) => attempt(kind, id, () => remove(id))));
    removed.push(...unique.filter((_, i) => left[i] === undefined).map((id) => ({ kind, id })));
    leftovers.push(...left.filter((x): x is LeftBehind => x !== undefined));
  }
  return { removed, left: leftovers };
}

/** Why a resource stayed, as one clause for a person to read. */
export function reasonOf(left: LeftBehind): string {
  if (left.error !== undefined) return left.error;
  const refusal = `DELETE answered HTTP ${left.status ?? '?'}`;
  return left.detail ? `${refusal}: ${left.detail}` : refusal;
}
