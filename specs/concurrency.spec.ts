import { expect, describeResponse, hasOffer, holdsAssignment, isObject, offersJob, proves, retrying, routes, test, UnknownOutcome, type ApiResponse } from '../fixtures';

/**
 * Races the guide implies: several workers' apps (or retries of one) accepting the same offer, a customer hanging up
 * while an agent accepts, a close and a cancel crossing. Exactly one outcome wins, the loser gets a documented 4xx,
 * and the state afterwards is consistent.
 */
const PARALLEL_ACCEPTS = 8;
const is4xx = (res: ApiResponse): boolean => res.status >= 400 && res.status < 500;
const lines = (responses: readonly ApiResponse[]): string => responses.map((r) => describeResponse(r).split('\n')[0]).join('\n');

/**
 * A race whose participant lost its answer (a dropped connection after the request may have been processed) cannot
 * say who won; it is run again on a fresh setup, at most `attempts` times, and only then left as `error`.
 */
const withAnswers = (attempts: number, race: (attempt: number) => Promise<void>): Promise<void> =>
  retrying(attempts, (error) => error instanceof UnknownOutcome, race);

test.describe('concurrency', () => {
  test(...proves('RACE-ACCEPT-01'), async ({ router, offered: first }) => {
    await withAnswers(3, async (attempt) => {
      const offered = attempt === 0 ? first : await router.offered();
      const answers = await Promise.all(Array.from({ length: PARALLEL_ACCEPTS }, () => router.send('POST', routes.accept(offered.workerId, offered.offerId))));
      const won = answers.filter((r) => r.status === 200);
      expect(won.length, `exactly one of ${PARALLEL_ACCEPTS} parallel accepts of one offer wins:\n${lines(answers)}`).toBe(1);
      expect(answers.filter((r) => r !== won[0]).every(is4xx), `the other accepts get a 4xx:\n${lines(answers)}`).toBe(true);
      const assignmentId = isObject(won[0]?.body) ? String(won[0]?.body['assignmentId']) : '';
      const job = await router.settledJob(offered.jobId, (j) => j.status === 'assigned', 'job assigned');
      expect(job.assignments.length, `the job has exactly one assignment: ${JSON.stringify(job.assignments.map((a) => a.assignmentId))}`).toBe(1);
      const worker = await router.settledWorker(offered.workerId, (w) => holdsAssignment(w, assignmentId) && !hasOffer(w, offered.offerId), 'the winning assignment on the worker');
      expect(worker.assignedJobs.filter((a) => a.jobId === offered.jobId).length, 'the worker holds the job once').toBe(1);
    });
  });

  test(...proves('RACE-ACCEPT-CANCEL-01'), async ({ router, offered: first }) => {
    await withAnswers(3, async (attempt) => {
      const offered = attempt === 0 ? first : await router.offered();
      const [accept, cancel] = await Promise.all([
        router.send('POST', routes.accept(offered.workerId, offered.offerId)),
        router.send('POST', routes.cancel(offered.jobId), { json: {} }),
      ]);
      // Cancel ends an offered and an assigned job alike; the accept wins only if it came first.
      expect(cancel.status, `cancel of an offered or just assigned job answers 200:\n${describeResponse(cancel)}`).toBe(200);
      expect(accept.status === 200 || is4xx(accept), `accept answers 200 or a 4xx:\n${describeResponse(accept)}`).toBe(true);
      await router.settledJob(offered.jobId, (j) => j.status === 'cancelled', 'the job ends cancelled');
      await router.settledWorker(offered.workerId, (w) => !offersJob(w, offered.jobId) && !w.assignedJobs.some((a) => a.jobId === offered.jobId), 'the worker ends with neither the offer nor the job');
    });
  });

  test(...proves('RACE-CLOSE-CANCEL-01'), async ({ router, assigned: first }) => {
    await withAnswers(3, async (attempt) => {
      const assigned = attempt === 0 ? first : await router.assigned();
      const [close, cancel] = await Promise.all([
        router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: {} }),
        router.send('POST', routes.cancel(assigned.jobId), { json: {} }),
      ]);
      const winners = [close, cancel].filter((r) => r.status === 200);
      expect(winners.length, `exactly one of close and cancel wins:\n${lines([close, cancel])}`).toBe(1);
      expect([close, cancel].filter((r) => r.status !== 200).every(is4xx), `the loser gets a 4xx:\n${lines([close, cancel])}`).toBe(true);
      const ended = close.status === 200 ? 'closed' : 'cancelled';
      await router.settledJob(assigned.jobId, (j) => j.status === ended, `the job ends ${ended}, as the winner says`);
      await router.settledWorker(assigned.workerId, (w) => !holdsAssignment(w, assigned.assignmentId), 'the capacity is released');
    });
  });
});
