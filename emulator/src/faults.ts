/**
 * Named, realistic implementation defects (kind "fault") and harmless variations a correct kit must accept
 * (kind "variation"). `npm run emulator -- --faults a,b` switches them on; each is one small switch in the
 * emulator's code. `detectedBy` names the requirements that must fail when the fault alone is on.
 */
export interface FaultSpec {
  readonly name: string;
  readonly kind: 'fault' | 'variation';
  readonly description: string;
  readonly detectedBy: readonly string[];
}

const fault = (name: string, description: string, detectedBy: readonly string[]): FaultSpec => ({ name, kind: 'fault', description, detectedBy });
const variation = (name: string, description: string): FaultSpec => ({ name, kind: 'variation', description, detectedBy: [] });

export const FAULTS = [
  // Error contract
  fault('error-header-missing', 'errors carry no x-ms-error-code header', ['ERR-HEADER-01']),
  fault('error-header-mismatch', 'x-ms-error-code differs from the body error.code', ['ERR-HEADER-02']),
  fault('error-unwrapped', 'error bodies are the bare error object, not wrapped in "error"', ['ERR-BODY-01']),
  fault('error-no-message', 'error bodies omit error.message', ['ERR-BODY-01']),
  fault('error-text-plain', 'errors are sent as text/plain', ['ERR-JSON-01']),
  fault('server-error-for-not-found', 'an unknown resource answers 500 instead of 404', ['PATH-CANCEL-01', 'PATH-CLOSE-01', 'PATH-ACCEPT-01', 'PATH-DECLINE-01']),
  fault('empty-segment-500', 'an empty path segment crashes the handler (500)', ['PATH-CLOSE-04', 'PATH-CANCEL-02']),
  fault('malformed-json-500', 'a malformed JSON body answers 500', ['CANCEL-JSON-01']),
  // api-version
  fault('api-version-missing-accepted', 'a request without api-version is served', ['APIVER-01', 'APIVER-03']),
  fault('api-version-unsupported-accepted', 'any api-version value is served', ['APIVER-02', 'APIVER-04']),
  fault('api-version-prefix-accepted', 'an api-version that starts with 2023-11-01 (e.g. 2023-11-01-preview) is served', ['APIVER-02', 'APIVER-04']),
  fault('supported-versions-header-missing', 'responses carry no api-supported-versions header', ['APIVER-05']),
  // Path parameters
  fault('close-unknown-job-accepted', 'close of an unknown job answers 200', ['PATH-CLOSE-01']),
  fault('cancel-unknown-job-accepted', 'cancel of an unknown job answers 200', ['PATH-CANCEL-01']),
  fault('close-assignment-ignored', 'close ignores the assignmentId and closes the job\'s current assignment', ['PATH-CLOSE-02', 'PATH-CLOSE-03']),
  fault('accept-worker-ignored', 'accept ignores the workerId in the path and looks the offer up globally', ['PATH-ACCEPT-02']),
  fault('encoded-ids-not-decoded', 'percent-encoded path segments are not decoded before lookup', ['PATH-ENCODE-01']),
  // Cancel
  fault('cancel-empty-body-refused', 'cancel without a body answers 400', ['CANCEL-EMPTY-01']),
  fault('cancel-empty-object-refused', 'cancel with {} answers 400', ['CANCEL-EMPTY-02']),
  fault('cancel-json-content-type-refused', 'cancel with Content-Type application/json and no body answers 400', ['CANCEL-EMPTY-03']),
  fault('cancel-status-not-set', 'a cancelled job keeps its previous status', ['CANCEL-STATUS-01']),
  fault('cancel-default-disposition-missing', 'cancel without dispositionCode leaves it unset', ['CANCEL-DISP-01']),
  fault('cancel-disposition-ignored', 'cancel stores "Cancelled" whatever dispositionCode is given', ['CANCEL-DISP-02', 'CANCEL-SAMPLE-01']),
  fault('cancel-keeps-offer', 'cancelling an offered job leaves the offer on the worker', ['CANCEL-OFFER-01']),
  fault('cancel-keeps-capacity', 'cancelling an assigned job leaves the worker\'s capacity held', ['CANCEL-CAP-01']),
  fault('type-validation-off', 'wrongly typed options are accepted', ['CANCEL-TYPE-01', 'CLOSE-TYPE-01']),
  fault('complete-options-unchecked', 'complete accepts options of any type (a non-string note is ignored)', ['COMPLETE-TYPE-01']),
  fault('retry-offer-at-unchecked', 'decline accepts a retryOfferAt of any type or text (read as absent)', ['DECLINE-TYPE-01']),
  fault('accept-not-atomic', 'accepts of one offer that cross (within 250 ms) all win, each with an assignment', ['RACE-ACCEPT-01']),
  fault('close-cancel-both-win', 'a close and a cancel that cross (within 250 ms) both answer 200', ['RACE-CLOSE-CANCEL-01']),
  // Notes
  fault('note-dropped', 'notes on cancel, complete and close are dropped', ['CANCEL-NOTE-01', 'CLOSE-NOTE-01', 'COMPLETE-NOTE-01', 'CANCEL-SAMPLE-01']),
  fault('note-without-timestamp', 'notes are stored without addedAt', ['CANCEL-NOTE-01', 'CLOSE-NOTE-01']),
  fault('note-replaces-notes', "a note replaces the job's earlier notes instead of being appended", ['CLOSE-OPTS-01', 'CANCEL-OPTS-01', 'COMPLETE-OPTS-01']),
  fault('note-ascii-only', 'notes lose every character outside ASCII', ['CLOSE-OPTS-01', 'CANCEL-OPTS-01', 'COMPLETE-OPTS-01']),
  // Close
  fault('close-keeps-capacity', 'close without closeAt leaves the worker\'s capacity held', ['CLOSE-NOW-01']),
  fault('close-status-not-set', 'close leaves the job status and closedAt unset', ['CLOSE-NOW-02']),
  fault('close-at-ignored', 'a future closeAt is ignored: capacity is released at once', ['CLOSE-AT-01']),
  fault('close-at-never-honoured', 'a future closeAt never releases the capacity', ['CLOSE-AT-02']),
  fault('close-at-past-deferred', 'a past closeAt is treated as "later" and never acts', ['CLOSE-AT-03']),
  fault('close-at-invalid-accepted', 'a closeAt that is not a date-time is accepted', ['CLOSE-AT-04']),
  fault('close-disposition-ignored', 'close drops the given dispositionCode', ['CLOSE-DISP-01', 'CLOSE-SAMPLE-01']),
  fault('close-requires-complete', 'close of an uncompleted assignment answers 409', ['CLOSE-ASSIGNED-01']),
  fault('deferred-close-drops-disposition', 'a close with a future closeAt forgets its dispositionCode', ['CLOSE-OPTS-01']),
  fault('close-at-only-after-complete', 'a future closeAt is honoured only after complete; an uncompleted assignment closes at once', ['CLOSE-OPTS-01']),
  fault('close-at-offset-ignored', 'closeAt is read as UTC whatever zone offset it carries', ['CLOSE-OPTS-01']),
  fault('date-time-fraction-refused', 'date-times with more than three fraction digits are refused with 400', ['CLOSE-OPTS-01', 'DECLINE-OPTS-01']),
  // Action results
  fault('action-result-204', 'cancel, complete, close and decline answer 204 with no body', ['CANCEL-EMPTY-01', 'RESULT-CLOSE-01', 'RESULT-COMPLETE-01', 'RESULT-DECLINE-01']),
  fault('action-result-not-json', 'cancel, complete, close and decline answer 200 text/plain "OK"', ['CANCEL-EMPTY-01', 'RESULT-CLOSE-01', 'RESULT-COMPLETE-01', 'RESULT-DECLINE-01']),
  // Offers
  fault('offer-missing-fields', 'offers on a worker lack jobId and capacityCost', ['OFFER-01', 'SCHEMA-WORKER-01']),
  fault('offer-no-expiry', 'offers carry no offeredAt or expiresAt', ['OFFER-02']),
  fault('accept-result-no-assignment-id', 'the accept result lacks assignmentId', ['ACCEPT-01']),
  fault('accept-leaves-job-queued', 'accept answers with ids but the job stays queued', ['ACCEPT-02']),
  fault('accept-keeps-offer', 'after accept the worker still lists the offer', ['ACCEPT-03']),
  fault('double-accept-wins', 'a second accept of the same offer also succeeds', ['ACCEPT-04']),
  fault('decline-keeps-offer', 'decline answers 200 but the offer stays on the worker', ['DECLINE-01']),
  fault('retry-offer-at-ignored', 'the declining worker is offered the job again at once', ['DECLINE-02']),
  fault('retry-offer-at-never', 'the declining worker is never offered the job again', ['DECLINE-03']),
  fault('complete-status-not-set', 'complete leaves the job assigned and completedAt unset', ['COMPLETE-01']),
  fault('delete-keeps-job', 'a deleted job still reads back with 200', ['DELETE-01', 'DELETE-02']),
  fault('job-timestamps-not-iso', 'job timestamps are sent as epoch milliseconds', ['SCHEMA-JOB-01']),
  // Authentication
  fault('signature-not-checked', 'the Authorization signature is not verified', ['AUTH-01', 'AUTH-02']),
  fault('content-hash-not-checked', 'the body hash is not compared with x-ms-content-sha256', ['AUTH-04']),
  fault('stale-date-accepted', 'x-ms-date is not checked for skew', ['AUTH-03']),
  // Events (RouterJobClosed is the Close Job page's JobClosedEvent)
  fault('event-job-closed-missing', 'no RouterJobClosed is sent, with or without closeAt', ['EVT-CLOSE-01', 'EVT-CLOSE-AT-01']),
  fault('event-job-closed-early', 'with a future closeAt, RouterJobClosed is sent at the close instead of at closeAt', ['EVT-CLOSE-AT-01']),
  fault('event-job-closed-no-disposition', 'RouterJobClosed lacks its dispositionCode', ['EVT-CLOSE-01']),
  fault('event-job-closed-wrong-assignment', "RouterJobClosed carries another assignment's id", ['EVT-CLOSE-01']),
  fault('event-job-cancelled-no-default-disposition', 'RouterJobCancelled of a cancel without dispositionCode lacks the default "Cancelled"', ['EVT-CANCEL-01']),
  fault('event-data-incomplete', 'job events lack the labels and tags the published data requires', ['EVT-SCHEMA-01']),
  // Frame: the documented effect plus a change no sentence mentions (caught by judging the whole state, EFFECT-*)
  fault('cancel-clears-labels', "cancel also clears the job's labels", ['EFFECT-CANCEL-01']),
  fault('close-drops-note-times', "close drops the addedAt of the job's earlier notes", ['EFFECT-CLOSE-01']),
  fault('decline-drops-other-offers', "decline also takes the worker's other offers away", ['EFFECT-DECLINE-01']),
  fault('complete-sets-closed-at', 'complete also stamps the assignment closedAt', ['EFFECT-COMPLETE-01']),
  fault('accept-bumps-priority', "accept raises the job's priority by one", ['EFFECT-ACCEPT-01']),
  fault('event-wrong-queue', "job events carry another queue's id as queueId", ['EVT-DATA-01']),
  fault('auth-error-bare', 'authentication failures answer 401 with an empty body and no x-ms-error-code', ['ERR-JSON-01', 'ERR-BODY-01', 'ERR-HEADER-01']),

  // Harmless variations a correct kit must accept
  variation('extra-properties', 'every JSON body carries unknown extra properties'),
  variation('extra-headers', 'every response carries unknown extra headers'),
  variation('key-order', 'JSON object keys are sent in reverse order'),
  variation('chunked', 'bodies are sent with Transfer-Encoding: chunked'),
  variation('error-details', 'errors carry extra details and innererror'),
  variation('latency-150ms', 'every response is delayed by 150 ms'),
  variation('offer-delay', 'offers appear 1.5 s after a job is queued, as in production'),
  variation('conflict-as-409', 'a second accept answers 409 rather than 404'),
  variation('events-duplicated', 'every event batch is delivered twice (at least once, as Event Grid promises)'),
  variation('events-shuffled', 'events are held briefly and delivered in shuffled order'),
  variation('events-delayed', 'every event delivery is delayed by 1.5 s (within the closeAt tolerance)'),
  variation('deep-extra-property', 'worker and job bodies carry an extra property nested 1,500 levels deep (valid JSON; RFC 8259 lets a parser limit nesting, so a kit that cannot read it must say error, never failed)'),
  variation('events-cloudevents', 'events are delivered in the CloudEvents 1.0 schema instead of the Event Grid schema'),
] as const satisfies readonly FaultSpec[];

export type FaultName = (typeof FAULTS)[number]['name'];

const names = new Set<string>(FAULTS.map((f) => f.name));

export function isFaultName(name: string): name is FaultName {
  return names.has(name);
}

export function parseFaultList(list: string): FaultName[] {
  const parts = list.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const unknown = parts.filter((p) => !isFaultName(p));
  if (unknown.length > 0) throw new Error(`Unknown fault(s): ${unknown.join(', ')}. Known: ${[...names].join(', ')}`);
  return parts.filter(isFaultName);
}
