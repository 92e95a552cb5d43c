import { validate, type SchemaId } from '../schemas';
import {
  absent, appendedNote, appliedResponse, exact, loadRatioRule, mayChangeRules, oneOf, otherOfferAllowed, otherOffersRule, refusedResponse, rule,
  satisfies, SRC, str, unchanged, within,
} from './common';
import { ACTION_EVENTS, closedDisposition, EVENT_SOURCES, forbidden, jobEvent, noneOf, offerEvent } from './events';
import { at, instantOf, isObject, treesOf } from './tree';
import { ABSENT, type ActionInput, type ActionKind, type ActionResponse, type Prediction, type Rule, type Snapshot, type Subject, type Value } from './types';

/**
 * predict(action, subject, before, input, response) → the state after the action, property by property, from the
 * state before and the action's documented effect. The response is given only for what the target alone can name
 * (the new assignmentId of an accept) and to judge a state no document covers by the answer it got (see `outcome`).
 */

const OPTIONS: Partial<Record<ActionKind, SchemaId>> = {
  decline: 'DeclineJobOfferOptions', complete: 'CompleteJobOptions', close: 'CloseJobOptions', cancel: 'CancelJobOptions',
};

interface Ctx {
  readonly subject: Subject;
  readonly before: Readonly<Record<string, unknown>>;
  readonly job: Value;
  readonly worker: Value;
  readonly body: Record<string, unknown>;
  readonly input: ActionInput;
  readonly response: ActionResponse;
}

type Plan = { readonly rules: Rule[]; readonly events: Prediction['events'] };

const status = (c: Ctx): string | undefined => str(at(c.job, ['status']));
const assignment = (c: Ctx): Value => at(c.job, ['assignments', c.subject.assignmentId ?? '']);
const text = (c: Ctx, name: string): string | undefined => str(c.body[name]);

/** Whether the documents say the action applies in the state before; `undefined`: they do not say. */
function applies(action: ActionKind, c: Ctx): boolean | undefined {
  const s = status(c);
  if (c.job === null || c.job === ABSENT) return false;
  const a = assignment(c);
  switch (action) {
    case 'accept':
    case 'decline': return isObject(at(c.worker, ['offers', c.subject.offerId ?? '']));
    case 'complete': return isObject(a) && at(a, ['completedAt']) === ABSENT && at(a, ['closedAt']) === ABSENT && s === 'assigned';
    case 'close': return isObject(a) && at(a, ['closedAt']) === ABSENT && (s === 'assigned' || s === 'completed');
    case 'cancel': return s === 'closed' || s === 'cancelled' ? false : s === 'completed' ? undefined : true;
    case 'delete': return s === 'closed' || s === 'cancelled' ? true : undefined;
  }
}

function accept(c: Ctx): Plan {
  const { workerId = '', offerId = '' } = c.subject;
  const { from, to } = c.input.window;
  const aid = str(at(c.response.body, ['assignmentId']));
  const key = aid ?? '*';
  const cost = at(c.worker, ['offers', offerId, 'capacityCost']);
  const why = `${SRC.guide} "Accept a job offer"; ${SRC.openapi} AcceptJobOfferResult, RouterJobAssignment`;
  return {
    rules: [
      ...appliedResponse(),
      rule(['response', 'body', 'jobId'], exact(c.subject.jobId), why),
      rule(['response', 'body', 'workerId'], exact(workerId), why),
      rule(['response', 'body', 'assignmentId'], satisfies('a non-empty string', (v) => typeof v === 'string' && v !== ''), why),
      rule(['response', 'body', '**'], { kind: 'may-change' }, 'extra properties in a result are allowed'),
      rule(['job', 'status'], exact('assigned'), why),
      rule(['job', 'assignments', key, 'assignmentId'], aid ? exact(aid) : satisfies('a string', (v) => typeof v === 'string'), why),
      rule(['job', 'assignments', key, 'workerId'], exact(workerId), why),
      rule(['job', 'assignments', key, 'assignedAt'], within(from, to), `${why}: assigned now`),
      rule(['job', 'assignments', key, 'completedAt'], absent, `${SRC.guide}: completed only by complete`),
      rule(['job', 'assignments', key, 'closedAt'], absent, `${SRC.close}: closed only by close`),
      rule(['worker', 'offers', offerId], absent, `${SRC.openapi} RouterWorker.offers: an accepted offer is no longer open`),
      rule(['worker', 'assignedJobs', key, 'assignmentId'], aid ? exact(aid) : satisfies('a string', (v) => typeof v === 'string'), why),
      rule(['worker', 'assignedJobs', key, 'jobId'], exact(c.subject.jobId), why),
      rule(['worker', 'assignedJobs', key, 'capacityCost'], cost === ABSENT ? { kind: 'may-change' } : exact(cost), `${SRC.openapi} RouterWorkerAssignment: the offer's capacityCost`),
      rule(['worker', 'assignedJobs', key, 'assignedAt'], within(from, to), why),
    ],
    events: {
      must: [offerEvent('RouterWorkerOfferAccepted', c.job, c.subject, aid ? { assignmentId: exact(aid) } : {}, EVENT_SOURCES.why, c.worker)],
      mustNot: forbidden(c.subject, ['RouterWorkerOfferDeclined', 'RouterWorkerOfferRevoked', 'RouterJobCancelled', 'RouterJobClosed', 'RouterJobCompleted'], 'an accept neither ends the offer otherwise nor ends the job'),
    },
  };
}

function decline(c: Ctx): Plan {
  const { offerId = '' } = c.subject;
  const retryAt = instantOf(c.body['retryOfferAt']);
  const again = retryAt === undefined ? 'never again to this worker' : `again only from retryOfferAt ${new Date(retryAt).toISOString()}`;
  return {
    rules: [
      ...appliedResponse(),
      rule(['response', 'body', '**'], { kind: 'may-change' }, 'extra properties in a result are allowed'),
      rule(['worker', 'offers', offerId], absent, `${SRC.guide} "Decline a job offer"`),
      // A later offer of the same job to this worker is the retry: allowed only once retryOfferAt has come.
      rule(['worker', 'offers', '*'], satisfies(`offers of this job ${again}; others unchanged, new, or expired`, (after, before, context) => {
        if (before === ABSENT && at(after, ['jobId']) === c.subject.jobId) {
          const offeredAt = instantOf(at(after, ['offeredAt']));
          return retryAt !== undefined && offeredAt !== undefined && offeredAt >= retryAt;
        }
        return otherOfferAllowed(after, before, context);
      }), `${SRC.openapi} DeclineJobOfferOptions.retryOfferAt`),
    ],
    events: {
      must: [offerEvent('RouterWorkerOfferDeclined', c.job, c.subject, {}, EVENT_SOURCES.why)],
      mustNot: forbidden(c.subject, ['RouterWorkerOfferAccepted', 'RouterWorkerOfferRevoked', 'RouterJobCancelled', 'RouterJobClosed'], 'a decline leaves the job queued for others'),
    },
  };
}

function complete(c: Ctx): Plan {
  const aid = c.subject.assignmentId ?? '';
  const { from, to } = c.input.window;
  const why = `${SRC.guide} "Complete a job"`;
  return {
    rules: [
      ...appliedResponse(),
      rule(['response', 'body', '**'], { kind: 'may-change' }, 'extra properties in a result are allowed'),
      rule(['job', 'status'], exact('completed'), why),
      rule(['job', 'assignments', aid, 'completedAt'], within(from, to), `${why}: completed now`),
      ...appendedNote(c.before, text(c, 'note'), from, to, `${SRC.openapi} CompleteJobOptions.note`),
    ],
    events: {
      must: [jobEvent('RouterJobCompleted', c.job, c.subject, { assignmentId: exact(aid), workerId: exact(str(at(assignment(c), ['workerId'])) ?? c.subject.workerId ?? '') }, EVENT_SOURCES.why)],
      mustNot: forbidden(c.subject, ['RouterJobClosed', 'RouterJobCancelled'], 'completing neither closes nor cancels (capacity is released by close)'),
    },
  };
}

function close(c: Ctx): Plan {
  const aid = c.subject.assignmentId ?? '';
  const { from, to } = c.input.window;
  const tolerance = c.input.closeAtToleranceMs;
  const closeAt = instantOf(c.body['closeAt']);
  const deferred = closeAt !== undefined && closeAt > from;
  // Due at closeAt (never before it: the target stamps both on its own clock), at most the tolerance after it.
  const lo = deferred ? Math.max(from, closeAt) : from;
  const hi = deferred ? Math.max(to, closeAt + tolerance) : to;
  const why = `${SRC.close} CloseJobOptions.closeAt`;
  const given = text(c, 'dispositionCode');
  const note = text(c, 'note');
  if (deferred && c.input.phase === 'pending') {
    return {
      rules: [
        ...appliedResponse(),
        rule(['response', 'body', '**'], { kind: 'may-change' }, 'extra properties in a result are allowed'),
        // The note is appended "with the current timestamp": now, or (a reading the page allows) when the close happens.
        ...appendedNote(c.before, note, from, hi, `${SRC.close} CloseJobOptions.note`, true),
      ],
      events: { must: [], mustNot: forbidden(c.subject, ['RouterJobClosed'], `${why}: JobClosedEvent "at a future time"`) },
    };
  }
  const completed = at(assignment(c), ['completedAt']);
  const workerId = str(at(assignment(c), ['workerId'])) ?? c.subject.workerId ?? '';
  const own = at(c.job, ['dispositionCode']);
  return {
    rules: [
      ...appliedResponse(),
      rule(['response', 'body', '**'], { kind: 'may-change' }, 'extra properties in a result are allowed'),
      rule(['job', 'status'], exact('closed'), `${SRC.close}; ${SRC.observed} §3`),
      rule(['job', 'dispositionCode'], given !== undefined ? exact(given) : oneOf(own, 'Closed'), `${SRC.close} CloseJobOptions.dispositionCode; ${SRC.observed} §5.4 ("Closed" when none is given)`),
      rule(['job', 'assignments', aid, 'closedAt'], within(lo, hi), deferred ? `${why}: released at closeAt, within the tolerance` : `${why}: released immediately`),
      rule(['job', 'assignments', aid, 'completedAt'], completed === ABSENT ? within(from, hi, true) : unchanged,
        completed === ABSENT ? 'the documents do not say whether closing an uncompleted assignment stamps completedAt' : 'already completed'),
      ...appendedNote(c.before, note, from, hi, `${SRC.close} CloseJobOptions.note`),
      rule(['worker', 'assignedJobs', aid], absent, `${why}: worker capacity is released`),
    ],
    events: {
      must: [jobEvent('RouterJobClosed', c.job, c.subject, { assignmentId: exact(aid), workerId: exact(workerId), dispositionCode: closedDisposition(given, c.job) },
        `${SRC.close}: "along with a JobClosedEvent notification"`, deferred ? { from: lo, to: hi } : undefined)],
      mustNot: forbidden(c.subject, ['RouterJobCancelled'], 'a closed job is not cancelled'),
    },
  };
}

function cancel(c: Ctx): Plan {
  const { from, to } = c.input.window;
  const given = text(c, 'dispositionCode');
  const note = text(c, 'note');
  const rules: Rule[] = [
    ...appliedResponse(),
    rule(['response', 'body', '**'], { kind: 'may-change' }, 'extra properties in a result are allowed'),
    rule(['job', 'status'], exact('cancelled'), `${SRC.cancel}; ${SRC.observed} §3`),
    rule(['job', 'dispositionCode'], exact(given ?? 'Cancelled'), `${SRC.cancel} CancelJobOptions.dispositionCode (default "Cancelled")`),
    ...appendedNote(c.before, note, from, to, `${SRC.cancel} CancelJobOptions.note`),
    // An open assignment ends with the job; whether it is stamped closed the documents do not say.
    rule(['job', 'assignments', '*', 'closedAt'], satisfies('unchanged, or stamped now on an open assignment', (after, before) => before === ABSENT ? after === ABSENT || ((instantOf(after) ?? -Infinity) >= from && (instantOf(after) ?? Infinity) <= to) : before === after), `${SRC.guide} "Cancel a job"`),
  ];
  const offers = at(c.worker, ['offers']);
  const revoked: string[] = [];
  if (isObject(offers)) for (const [id, o] of Object.entries(offers)) if (at(o, ['jobId']) === c.subject.jobId) revoked.push(id);
  for (const id of revoked) rules.push(rule(['worker', 'offers', id], absent, `${SRC.guide} "Cancel a job": the offer is revoked`));
  const held = at(c.worker, ['assignedJobs']);
  if (isObject(held)) for (const [id, a] of Object.entries(held)) if (at(a, ['jobId']) === c.subject.jobId) rules.push(rule(['worker', 'assignedJobs', id], absent, `${SRC.guide} "Cancel a job": capacity released`));
  const must = [jobEvent('RouterJobCancelled', c.job, c.subject, { dispositionCode: exact(given ?? 'Cancelled'), note: note !== undefined ? exact(note) : oneOf(ABSENT, '') }, EVENT_SOURCES.why)];
  for (const offerId of revoked) must.push(offerEvent('RouterWorkerOfferRevoked', c.job, { ...c.subject, offerId }, {}, EVENT_SOURCES.why));
  return { rules, events: { must, mustNot: forbidden(c.subject, ['RouterJobClosed', 'RouterJobCompleted'], 'a cancel neither closes nor completes') } };
}

function remove(_c: Ctx): Plan {
  return {
    rules: [...appliedResponse(204), rule(['response', '**'], { kind: 'may-change' }, 'no body'), rule(['job'], exact(null), `${SRC.guide} "Delete a job"; ${SRC.observed} §3 (then 404)`)],
    events: { must: [], mustNot: [] },
  };
}

const PLANS: Record<ActionKind, (c: Ctx) => Plan> = { accept, decline, complete, close, cancel, delete: remove };

/** The state after `action`, predicted from `before` and what was sent; see the file comment for `response`. */
export function predict(action: ActionKind, subject: Subject, before: Snapshot, input: ActionInput, response: ActionResponse): Prediction {
  const trees = treesOf(before);
  const c: Ctx = { subject, before: trees, job: trees['job'] ?? ABSENT, worker: Object.hasOwn(trees, 'worker') ? trees['worker'] : ABSENT, body: isObject(input.body) ? input.body : {}, input, response };
  const schema = OPTIONS[action];
  const valid = input.body === undefined || schema === undefined || validate(schema, input.body).ok;
  const documented = applies(action, c);
  const answered2xx = response.status >= 200 && response.status < 300;
  const applied = valid && (documented ?? answered2xx);
  const reason = !valid ? `the body is not a valid ${schema ?? 'body'}` : documented === undefined ? `no document covers ${action} in state ${status(c) ?? '?'}: judged as ${answered2xx ? 'applied' : 'refused'}, as answered` : documented ? 'valid input in a state the action applies in' : `${action} does not apply in state ${status(c) ?? '(no job)'}`;
  const common = [...mayChangeRules(), loadRatioRule(), otherOffersRule()];
  if (!applied) {
    return { action, subject, outcome: 'refused', reason, rules: [...refusedResponse(), ...common], before: trees, events: noneOf(subject, ACTION_EVENTS[action]) };
  }
  const plan = PLANS[action](c);
  return { action, subject, outcome: 'applied', reason, rules: [...plan.rules, ...common], before: trees, events: plan.events };
}

/** "Nothing changed": the state a refused `action` must leave (the frame alone, no answer judged). */
export function unchangedFrame(action: ActionKind, subject: Subject, before: Snapshot): Prediction {
  const trees = treesOf(before);
  return { action, subject, outcome: 'refused', reason: 'a refused request changes nothing', rules: [rule(['response', '**'], { kind: 'may-change' }, 'judged elsewhere'), ...mayChangeRules(), loadRatioRule(), otherOffersRule()], before: trees, events: noneOf(subject, ACTION_EVENTS[action]) };
}
