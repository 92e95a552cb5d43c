import {
  NOT_DATE_TIMES,
  wrongTypeCases,
  dateTimeArbitrary,
  combinations,
  formatDateTime,
  instantOf,
  optionalProperties,
  sample,
  spelledInstant,
  textArbitrary,
  type DateTimeValue,
  type OptionsSchemaId,
  type When,
} from '../src/contract/option-cases';
import {
  expectRefusals,
  hasOffer,
  holdsAssignment,
  isObject,
  offersJob,
  holdsUntil,
  InconclusiveWindow,
  poll,
  proves,
  routes,
  runCases,
  test,
  type ApiResponse,
  type CaseChecks,
  type CaseSpec,
  type TestRouter,
} from '../fixtures';
import type { JobView } from '../fixtures/views';

/**
 * The option combinations of close, cancel, complete and decline, derived from their schemas and run in every state
 * the seeds use; each case is checked for all of its effects. Values come from fast-check, seeded per test.
 */

const NOTE_TOLERANCE_MS = 2 * 60_000;

type Body = Record<string, unknown>;
type Values = Record<string, string | DateTimeValue>;
const ZONES = ['offset', 'Z', 'z'] as const;

/** For each combination of `schema`'s optional properties, values for the ones present (dates cycle through `whens`). */
function optionCombinations(schema: OptionsSchemaId, seed: number, whens: readonly When[], salt: number): Values[] {
  const props = optionalProperties(schema);
  let dated = 0;
  return combinations(props).map((subset, i) => {
    const values: Values = {};
    for (const p of subset) {
      if (p.format === 'date-time') {
        const when = whens[dated % whens.length] ?? 'far-past';
        const drawn = sample(dateTimeArbitrary([when]), seed + salt * 1000 + i, 1)[0] as DateTimeValue;
        // Zones cycle so every run spells some instants with a real offset, some with Z, some with z.
        const zone = ZONES[(dated + salt) % ZONES.length] ?? 'Z';
        const offsetMinutes = zone === 'offset' && drawn.form.offsetMinutes === 0 ? (dated % 2 ? -330 : 330) : drawn.form.offsetMinutes;
        values[p.name] = { ...drawn, form: { ...drawn.form, zone, offsetMinutes } };
        dated += 1;
      } else {
        values[p.name] = sample(textArbitrary, seed + salt * 1000 + i * 7 + p.name.length, 1)[0] ?? 'note';
      }
    }
    return values;
  });
}

const labelOf = (state: string, values: Values): string =>
  `${state} · ${Object.entries(values).map(([k, v]) => (typeof v === 'string' ? k : `${k}(${v.when})`)).join(', ') || 'empty body {}'}`;

/** The body to send: dates resolved against the target's clock now (`soon` = `soonMs` ahead). */
function bodyOf(values: Values, serverNow: number, soonMs: number): { body: Body; instants: Record<string, number> } {
  const body: Body = {};
  const instants: Record<string, number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') body[name] = value;
    else {
      const ms = instantOf(value, serverNow, soonMs);
      body[name] = formatDateTime(ms, value.form);
      instants[name] = spelledInstant(ms, value.form);
    }
  }
  return { body, instants };
}

const text = (values: Values, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
const when = (values: Values, name: string): When | undefined => (typeof values[name] === 'object' ? (values[name] as DateTimeValue).when : undefined);

/** The action answered 200 with a JSON object; a soft check, so the case goes on to its effects. */
function answered(check: CaseChecks, res: ApiResponse): boolean {
  return check.that(res.status === 200 && isObject(res.body), `answered ${res.status} ${res.text.slice(0, 200)} (expected 200 with a JSON object)`);
}

/** "Appended": the earlier notes are all still there, in order, and the new one comes after them, stamped about now. */
async function expectAppended(check: CaseChecks, router: TestRouter, jobId: string, earlier: readonly string[], note: string, answeredAt: Date | undefined): Promise<void> {
  let job: JobView | undefined;
  const seen = await check.settles(`the note ${JSON.stringify(note).slice(0, 80)} on the job`, async () => {
    job = await router.settledJob(jobId, (j) => j.notes.some((n) => n.message === note), 'the note on the job');
  });
  if (!seen || !job) return;
  const messages = job.notes.map((n) => n.message);
  let last = -1;
  for (const message of earlier) {
    const at = messages.indexOf(message, last + 1);
    if (!check.that(at > last, `the earlier note ${JSON.stringify(message)} is kept, in order; notes: ${JSON.stringify(messages).slice(0, 300)}`)) return;
    last = at;
  }
  const index = messages.lastIndexOf(note);
  check.that(index > last, `the note comes after the earlier notes; notes: ${JSON.stringify(messages).slice(0, 300)}`);
  const addedAt = job.notes[index]?.addedAt;
  const reference = answeredAt?.getTime() ?? Date.now();
  check.that(addedAt !== undefined && Math.abs(addedAt.getTime() - reference) <= NOTE_TOLERANCE_MS, `the note's addedAt ${addedAt?.toISOString() ?? '(none)'} is the time of the call (${new Date(reference).toISOString()} ± 2 min)`);
}

const firstNote = (router: TestRouter): string => `first note ${router.newId('job')}`;

test.describe('options', () => {
  test(...proves('CLOSE-OPTS-01'), async ({ router, config, caseSeed }, testInfo) => {
    test.setTimeout(240_000);
    const { closeAtDelayMs, closeAtToleranceMs } = config.timing;
    const states = [
      // A close a day ahead on an uncompleted assignment is the guide's own call; cleanup can still cancel that job.
      { state: 'straight after accept', complete: false, whens: ['soon', 'far-future', 'recent-past', 'far-past'] as When[] },
      { state: 'after complete', complete: true, whens: ['soon', 'recent-past', 'far-past'] as When[] },
    ];
    const cases: CaseSpec<{ complete: boolean; values: Values }>[] = states.flatMap((s, salt) =>
      optionCombinations('CloseJobOptions', caseSeed, s.whens, salt).map((values) => ({ label: labelOf(s.state, values), inputs: { complete: s.complete, values } })),
    );
    // The guide's call as written: `CloseJobAsync(jobId, assignmentId, "job completed", DateTime.Now.AddDays(1))`.
    const dayAhead: DateTimeValue = { when: 'far-future', offsetOrInstant: Date.now() + 86_400_000, form: { t: 'T', fraction: 7, zone: 'Z', offsetMinutes: 0 } };
    cases.push({ label: 'the guide: straight after accept · dispositionCode, closeAt a day ahead', inputs: { complete: false, values: { dispositionCode: 'job completed', closeAt: dayAhead } } });

    await runCases(testInfo, caseSeed, cases, async ({ inputs }, check) => {
      const n0 = firstNote(router);
      const assigned = await router.assigned({ job: { notes: [{ message: n0 }] } });
      const earlier = [n0];
      if (inputs.complete) {
        const nc = `complete note ${router.newId('job')}`;
        await router.complete(assigned, nc);
        earlier.push(nc);
      }
      const clock = await router.serverClock(assigned.jobId);
      const serverNow = clock.after(0).getTime();
      const { body, instants } = bodyOf(inputs.values, serverNow, closeAtDelayMs);
      check.sent = body;
      const res = await router.send('POST', routes.close(assigned.jobId, assigned.assignmentId), { json: body });
      if (!answered(check, res)) return;
      const closeAt = instants['closeAt'];
      // A close the road delayed past its own closeAt met a closeAt in the past: only "released by the deadline" holds then.
      const late = closeAt !== undefined && (res.serverDate ? res.serverDate.getTime() + 1000 : res.answeredAt) > closeAt;
      const kind = closeAt === undefined || closeAt <= serverNow ? 'now' : when(inputs.values, 'closeAt') !== 'soon' ? 'later' : late ? 'late' : 'soon';
      const released = (w: Parameters<typeof holdsAssignment>[0]) => !holdsAssignment(w, assigned.assignmentId);
      if (kind === 'later') {
        await check.settles('the worker holds the assignment until the far closeAt', () => router.settledWorker(assigned.workerId, (w) => !released(w), 'assignment held'));
        const job = await router.readJob(assigned.jobId);
        check.that(job.status !== 'closed' && job.assignments.find((a) => a.assignmentId === assigned.assignmentId)?.closedAt === undefined, `the job is not closed before the far closeAt (status ${job.status})`);
        return;
      }
      if (kind === 'soon' || kind === 'late') {
        if (kind === 'soon') {
          // Judged only on reads answered well before closeAt; a road too slow for that leaves it to CLOSE-AT-01.
          const held = holdsUntil(() => router.readWorker(assigned.workerId), (w) => !released(w), Date.now(), {
            intervalMs: 200,
            settleMs: config.timing.settleTimeoutMs,
            graceUntil: clock.toLocal(new Date(closeAt ?? serverNow)) - 1000,
            answeredBy: (w) => clock.answeredBy(w),
            message: 'the worker holds the assignment right after a close with a future closeAt',
          });
          await check.settles('held before closeAt', () => held.catch((error: unknown) => (error instanceof InconclusiveWindow ? 0 : Promise.reject(error))));
        }
        const deadline = clock.toLocal(new Date(closeAt ?? serverNow)) + closeAtToleranceMs;
        await check.settles(`the capacity is released after closeAt ${String(body['closeAt'])}`, () =>
          poll(() => router.readWorker(assigned.workerId), released, { timeoutMs: Math.max(0, deadline - Date.now()), intervalMs: 300, message: 'capacity released' }),
        );
      } else {
        await check.settles('the capacity is released at once', () => router.settledWorker(assigned.workerId, released, 'capacity released'));
      }
      let job: JobView | undefined;
      await check.settles('the job reads back closed with the assignment closedAt', async () => {
        job = await router.settledJob(assigned.jobId, (j) => j.status === 'closed' && j.assignments.some((a) => a.assignmentId === assigned.assignmentId && a.closedAt !== undefined), 'job closed');
      });
      const closedAt = job?.assignments.find((a) => a.assignmentId === assigned.assignmentId)?.closedAt;
      if (kind === 'soon' && closeAt !== undefined && closedAt) check.that(closedAt.getTime() >= closeAt - 1000, `closedAt ${closedAt.toISOString()} is not before closeAt ${String(body['closeAt'])}`);
      const disposition = text(inputs.values, 'dispositionCode');
      if (job && disposition !== undefined) check.that(job.dispositionCode === disposition, `dispositionCode ${JSON.stringify(job.dispositionCode)} is the one given, ${JSON.stringify(disposition)}`);
      const note = text(inputs.values, 'note');
      if (note !== undefined) await expectAppended(check, router, assigned.jobId, earlier, note, res.serverDate);
    });
  });

  test(...proves('CANCEL-OPTS-01'), async ({ router, caseSeed }, testInfo) => {
    test.setTimeout(180_000);
    const states = ['queued', 'offered', 'assigned'] as const;
    const cases: CaseSpec<{ state: (typeof states)[number]; values: Values }>[] = states.flatMap((state, salt) =>
      optionCombinations('CancelJobOptions', caseSeed, [], salt).map((values) => ({ label: labelOf(`a ${state} job`, values), inputs: { state, values } })),
    );
    // The guide's call: `CancelJobAsync(jobId, "job cancelled", "should recreate later")` — a disposition code and a note.
    cases.push({ label: 'the guide: an offered job · dispositionCode, note', inputs: { state: 'offered', values: { dispositionCode: 'job cancelled', note: 'should recreate later' } } });

    await runCases(testInfo, caseSeed, cases, async ({ inputs }, check) => {
      const n0 = firstNote(router);
      const job = { notes: [{ message: n0 }] };
      const target =
        inputs.state === 'queued' ? { ...(await router.queued(undefined, job)), workerId: undefined, offerId: undefined, assignmentId: undefined }
        : inputs.state === 'offered' ? { ...(await router.offered({ job })), assignmentId: undefined }
        : await router.assigned({ job });
      const { body } = bodyOf(inputs.values, 0, 0);
      check.sent = body;
      const res = await router.send('POST', routes.cancel(target.jobId), { json: body });
      if (!answered(check, res)) return;
      let read: JobView | undefined;
      await check.settles('the job reads back cancelled', async () => {
        read = await router.settledJob(target.jobId, (j) => j.status === 'cancelled', 'job cancelled');
      });
      const disposition = text(inputs.values, 'dispositionCode') ?? 'Cancelled';
      if (read) check.that(read.dispositionCode === disposition, `dispositionCode ${JSON.stringify(read.dispositionCode)} is ${JSON.stringify(disposition)}`);
      const note = text(inputs.values, 'note');
      if (note !== undefined) await expectAppended(check, router, target.jobId, [n0], note, res.serverDate);
      if (target.workerId !== undefined && target.offerId !== undefined && target.assignmentId === undefined) {
        const { workerId, jobId } = target;
        await check.settles('the offer is revoked from the worker', () => router.settledWorker(workerId, (w) => !offersJob(w, jobId), 'offer revoked'));
      }
      if (target.assignmentId !== undefined) {
        const { workerId, assignmentId } = target;
        await check.settles("the worker's capacity is released", () => router.settledWorker(workerId, (w) => !holdsAssignment(w, assignmentId), 'capacity released'));
      }
    });
  });

  test(...proves('COMPLETE-OPTS-01'), async ({ router, caseSeed }, testInfo) => {
    test.setTimeout(120_000);
    const cases: CaseSpec<{ values: Values }>[] = [0, 1].flatMap((salt) =>
      optionCombinations('CompleteJobOptions', caseSeed, [], salt).map((values) => ({ label: labelOf('an assigned job', values), inputs: { values } })),
    );
    await runCases(testInfo, caseSeed, cases, async ({ inputs }, check) => {
      const n0 = firstNote(router);
      const assigned = await router.assigned({ job: { notes: [{ message: n0 }] } });
      const { body } = bodyOf(inputs.values, 0, 0);
      check.sent = body;
      const res = await router.send('POST', routes.complete(assigned.jobId, assigned.assignmentId), { json: body });
      if (!answered(check, res)) return;
      await check.settles('the job reads back completed with the assignment completedAt', () =>
        router.settledJob(assigned.jobId, (j) => j.status === 'completed' && j.assignments.some((a) => a.assignmentId === assigned.assignmentId && a.completedAt !== undefined), 'job completed'),
      );
      // Capacity is released by close (now or at closeAt), not by complete.
      await check.settles('the worker still holds the assignment after complete', () => router.settledWorker(assigned.workerId, (w) => holdsAssignment(w, assigned.assignmentId), 'assignment held'));
      const note = text(inputs.values, 'note');
      if (note !== undefined) await expectAppended(check, router, assigned.jobId, [n0], note, res.serverDate);
    });
  });

  test(...proves('DECLINE-OPTS-01'), async ({ router, caseSeed }, testInfo) => {
    test.setTimeout(120_000);
    const whens: When[] = ['soon', 'far-future', 'recent-past', 'far-past'];
    const cases: CaseSpec<{ values: Values }>[] = whens.flatMap((w, salt) =>
      optionCombinations('DeclineJobOfferOptions', caseSeed, [w], salt).filter((v, i) => i > 0 || salt === 0).map((values) => ({ label: labelOf('an offered job', values), inputs: { values } })),
    );
    await runCases(testInfo, caseSeed, cases, async ({ inputs }, check) => {
      const offered = await router.offered();
      const clock = await router.serverClock(offered.jobId);
      const { body } = bodyOf(inputs.values, clock.after(0).getTime(), 60_000);
      check.sent = body;
      const res = await router.send('POST', routes.decline(offered.workerId, offered.offerId), { json: body });
      if (!answered(check, res)) return;
      await check.settles('the declined offer leaves the worker', () => router.settledWorker(offered.workerId, (w) => !hasOffer(w, offered.offerId), 'offer removed'));
      const job = await router.readJob(offered.jobId);
      check.that(job.status === 'queued', `the declined job stays queued for other workers (status ${job.status})`);
    });
  });

  // The negative space CLOSE-TYPE-01, CLOSE-AT-04 and CANCEL-TYPE-01 do not cover: complete and decline.
  test(...proves('COMPLETE-TYPE-01'), async ({ router, assigned, caseSeed }, testInfo) => {
    await expectRefusals(testInfo, caseSeed, wrongTypeCases('CompleteJobOptions'), ({ inputs }) => router.send('POST', routes.complete(assigned.jobId, assigned.assignmentId), { json: inputs }), () =>
      router.settledJob(
        assigned.jobId,
        (j) => j.status === 'assigned' && j.assignments.some((a) => a.assignmentId === assigned.assignmentId && a.completedAt === undefined),
        `assignment ${assigned.assignmentId} still not completed after a refused complete`,
      ),
    );
  });

  test(...proves('DECLINE-TYPE-01'), async ({ router, offered, caseSeed }, testInfo) => {
    const cases = [...wrongTypeCases('DeclineJobOfferOptions'), ...NOT_DATE_TIMES.map(({ label, value }) => ({ label: `retryOfferAt: ${label}`, inputs: { retryOfferAt: value } }))];
    await expectRefusals(testInfo, caseSeed, cases, ({ inputs }) => router.send('POST', routes.decline(offered.workerId, offered.offerId), { json: inputs }), () =>
      router.settledWorker(offered.workerId, (w) => hasOffer(w, offered.offerId), `offer ${offered.offerId} still on the worker after a refused decline`),
    );
  });
});
