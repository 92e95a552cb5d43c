import { expect, test } from '@playwright/test';
import { REFERENCE_ABSENT, child, publishedDocument, type Node } from '../schemas/published';
import { at } from '../../emulator/tests/client';
import { DOCUMENTED_DECISIONS, examplesToReplay, replay, replayTable, type Prepared, type ReplayResult, type Scenario, type World } from './examples-replay';

/*
 * Every published example replayed against a fresh emulator (examples-replay.ts says what "agrees" means). One test
 * per example file, and a summary that replays them all and prints the table. Skips where ../shared is absent.
 */

// Ids the examples themselves use, so that the state set up reads like the examples.
const POLICY = 'MainDistributionPolicy';
const QUEUE = 'MainQueue';
const CHANNEL = 'CustomVoiceChannel';
const JOB = '8780b28c-7079-4de1-9143-4d369289e958';

const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** The example's response without the properties the published definition marks read-only, and without nulls. */
function writable(body: Node, definition: string): Node {
  const props = child(child(child(publishedDocument(), 'definitions'), definition), 'properties') ?? {};
  const readOnly = new Set(Object.entries(props).filter(([, p]) => (p as Node)['readOnly'] === true).map(([name]) => name));
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, strip(v)]));
  };
  return strip(Object.fromEntries(Object.entries(body).filter(([name]) => !readOnly.has(name)))) as Node;
}

async function queues(w: World, ...ids: string[]): Promise<void> {
  await w.step('PATCH', `/routing/distributionPolicies/${POLICY}`, { offerExpiresAfterSeconds: 300, mode: { kind: 'longestIdle' } });
  for (const id of ids) await w.step('PATCH', `/routing/queues/${encodeURIComponent(id)}`, { distributionPolicyId: POLICY });
}

async function queuedJob(w: World, jobId: string): Promise<void> {
  await queues(w, QUEUE);
  await w.step('PATCH', `/routing/jobs/${encodeURIComponent(jobId)}`, { channelId: CHANNEL, queueId: QUEUE, priority: 5 });
}

/** A worker, a queued job, and the job's offer to the worker: its id, which only the emulator can choose. */
async function offered(w: World, jobId: string, workerId: string): Promise<string> {
  await queuedJob(w, jobId);
  const channels = [{ channelId: CHANNEL, capacityCostPerJob: 100, maxNumberOfJobs: 1 }];
  await w.step('PATCH', `/routing/workers/${encodeURIComponent(workerId)}`, { capacity: 100, queues: [QUEUE], channels, availableForOffers: true });
  for (let attempt = 0; attempt < 20; attempt++) {
    const offers = at((await w.step('GET', `/routing/workers/${encodeURIComponent(workerId)}`)).body, 'offers');
    const offer = Array.isArray(offers) ? offers.find((o) => at(o, 'jobId') === jobId) : undefined;
    if (typeof at(offer, 'offerId') === 'string') return String(at(offer, 'offerId'));
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`setup: no offer of job ${jobId} reached worker ${workerId}`);
}

/** The job assigned to a worker (its offer accepted): the assignment's id, which only the emulator can choose. */
async function assigned(w: World, jobId: string): Promise<string> {
  const workerId = 'DefaultWorker';
  const offerId = await offered(w, jobId, workerId);
  const accepted = await w.step('POST', `/routing/workers/${workerId}/offers/${encodeURIComponent(offerId)}:accept`);
  const assignmentId = at(accepted.body, 'assignmentId');
  if (typeof assignmentId !== 'string') throw new Error(`setup: the accept answered no assignmentId: ${accepted.text}`);
  return assignmentId;
}

// The example's assignmentId (1d5896f3-…) cannot be chosen by a client: the emulator's real one goes into the path.
const REAL_ASSIGNMENT = 'assignmentId: the example\'s id cannot be chosen by a client; the real assignment id is substituted in the path';
const REAL_OFFER = 'offerId: the example\'s id cannot be chosen by a client; the real offer id is substituted in the path';

const SCENARIOS: Readonly<Record<string, Scenario>> = {
  // Nothing to set up; a fresh emulator creates (201).
  'DistributionPolicies_CreateDistributionPolicy.json': {},
  // The example's response id (246d5a06-…) is not its request's id (QueueId): no echo, so compared by type only.
  'Queues_CreateQueue.json': {
    setup: async (w): Promise<Prepared> => {
      const resource = child(w.params, 'resource');
      const policy = text(resource?.['distributionPolicyId'], POLICY);
      await w.step('PATCH', `/routing/distributionPolicies/${policy}`, { offerExpiresAfterSeconds: 300, mode: { kind: 'longestIdle' } });
      const exceptionPolicy = text(resource?.['exceptionPolicyId'], 'MainExceptionPolicy');
      const rule = { id: 'queueTooLong', trigger: { kind: 'queueLength', threshold: 10 }, actions: [{ kind: 'cancel' }] };
      const made = await w.send('PATCH', `/routing/exceptionPolicies/${exceptionPolicy}`, { body: { name: 'Main', exceptionRules: [rule] } });
      if (made.status === 501) return { notes: [`the exception policy ${exceptionPolicy} could not be created (501 NotImplemented); the queue names it anyway`] };
      if (made.status < 200 || made.status > 299) throw new Error(`setup PATCH exceptionPolicies/${exceptionPolicy} answered ${made.status} ${made.text.slice(0, 160)}`);
      return {};
    },
  },
  'Workers_CreateWorker.json': { setup: async (w) => queues(w, ...list(child(w.params, 'resource')?.['queues'])) },
  // The example registers a worker that exists (its response has queues and channels the request does not send):
  // the worker is created inactive with those first, so the example's PATCH updates it (200).
  'Workers_RegisterWorker.json': {
    expect: 200,
    setup: async (w): Promise<Prepared> => {
      await queues(w, ...list(w.response['queues']));
      const existing = { ...writable(w.response, 'RouterWorker'), availableForOffers: false };
      await w.step('PATCH', `/routing/workers/${encodeURIComponent(text(w.params['workerId'], 'WorkerId'))}`, existing);
      return { echoes: [existing], notes: ['the worker exists, inactive, with the queues and channels of the example\'s response'] };
    },
  },
  'Workers_GetWorker.json': {
    setup: async (w): Promise<Prepared> => {
      await queues(w, ...list(w.response['queues']));
      const worker = writable(w.response, 'RouterWorker');
      await w.step('PATCH', `/routing/workers/${encodeURIComponent(text(w.params['workerId'], 'DefaultWorker'))}`, worker);
      return { echoes: [worker] };
    },
  },
  'Jobs_CreateJob.json': { setup: async (w) => queues(w, text(child(w.params, 'resource')?.['queueId'], QUEUE)) },
  'Jobs_GetJob.json': {
    setup: async (w): Promise<Prepared> => {
      await queues(w, text(w.response['queueId'], QUEUE));
      // The example's matchingMode.kind "queue-and-match" is no JobMatchingModeKind: the job is created with queueAndMatch.
      const job = { ...writable(w.response, 'RouterJob'), matchingMode: { kind: 'queueAndMatch' } };
      await w.step('PATCH', `/routing/jobs/${encodeURIComponent(text(w.params['jobId'], JOB))}`, job);
      return { echoes: [job], notes: ['created with matchingMode.kind queueAndMatch (the example\'s "queue-and-match" is not an enum value)'] };
    },
  },
  // Only a closed or cancelled job can be deleted: the job is cancelled first.
  'Jobs_DeleteJob.json': {
    setup: async (w): Promise<Prepared> => {
      const id = text(w.params['id'], JOB);
      await queuedJob(w, id);
      await w.step('POST', `/routing/jobs/${encodeURIComponent(id)}:cancel`, {});
      return { notes: ['the job is cancelled before it is deleted'] };
    },
  },
  'Jobs_CancelJob.json': { setup: async (w) => queuedJob(w, text(w.params['jobId'], JOB)) },
  'Jobs_RequestJobCancel.json': { setup: async (w) => queuedJob(w, text(w.params['jobId'], JOB)) },
  'Jobs_CompleteJob.json': {
    setup: async (w): Promise<Prepared> => ({ pathOverrides: { assignmentId: await assigned(w, text(w.params['jobId'], JOB)) }, notes: [REAL_ASSIGNMENT] }),
  },
  // "Closes a completed job": assigned, then completed, then the example closes it.
  'Jobs_CloseJob.json': {
    setup: async (w): Promise<Prepared> => {
      const jobId = text(w.params['jobId'], JOB);
      const assignmentId = await assigned(w, jobId);
      await w.step('POST', `/routing/jobs/${encodeURIComponent(jobId)}/assignments/${encodeURIComponent(assignmentId)}:complete`, {});
      return { pathOverrides: { assignmentId }, notes: [REAL_ASSIGNMENT, 'the job is completed before the example closes it'] };
    },
  },
  'Jobs_UnassignJob.json': {
    setup: async (w): Promise<Prepared> => ({ pathOverrides: { assignmentId: await assigned(w, text(w.params['jobId'], JOB)) }, notes: [REAL_ASSIGNMENT] }),
  },
  // The job is the one the example's response names.
  'Offers_AcceptJobOffer.json': {
    setup: async (w): Promise<Prepared> => {
      const jobId = text(w.response['jobId'], JOB);
      return { pathOverrides: { offerId: await offered(w, jobId, text(w.params['workerId'], 'DefaultWorker')) }, echoes: [{ jobId }], notes: [REAL_OFFER] };
    },
  },
  'Offers_DeclineJobOffer.json': {
    setup: async (w): Promise<Prepared> => ({ pathOverrides: { offerId: await offered(w, JOB, text(w.params['workerId'], 'DefaultWorker')) }, notes: [REAL_OFFER] }),
  },
};

function annotate(result: ReplayResult): void {
  for (const note of result.notes) test.info().annotations.push({ type: 'replay note', description: note });
  for (const problem of result.problems) test.info().annotations.push({ type: 'disagreement', description: problem });
}

const examples = examplesToReplay();

test.describe('published examples replayed against the emulator', () => {
  test('the reference holds examples to replay', () => {
    test.skip(!publishedDocument(), REFERENCE_ABSENT);
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const { file, example } of examples) {
    test(file, async () => {
      const doc = publishedDocument();
      test.skip(!doc, REFERENCE_ABSENT);
      const decision = DOCUMENTED_DECISIONS[file];
      test.fail(decision !== undefined, decision);
      const result = await replay(file, example, doc ?? {}, SCENARIOS[file]);
      annotate(result);
      expect(result.got, result.problems.join('\n')).toBe(result.expected);
      expect(result.problems, `${file} disagrees with the emulator`).toEqual([]);
    });
  }

  test('summary: every example, expected and got', async () => {
    const doc = publishedDocument();
    test.skip(!doc, REFERENCE_ABSENT);
    const results: ReplayResult[] = [];
    for (const { file, example } of examples) results.push(await replay(file, example, doc ?? {}, SCENARIOS[file]));
    const table = replayTable(results);
    test.info().annotations.push({ type: 'replay table', description: table });
    console.log(`\nPublished examples replayed against the emulator:\n${table}\n`);
  });
});
