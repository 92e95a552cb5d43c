/**
 * The requirement catalog: one entry per verifiable fact about the Job Router API (2023-11-01).
 * Each entry is proved by exactly one test whose title starts with the id (checked by tests/catalog.spec.ts).
 */
export type Level = 'MUST' | 'SHOULD' | 'MAY';

export type Area =
  | 'path-parameters'
  | 'api-version'
  | 'cancel'
  | 'close'
  | 'offers'
  | 'error-contract'
  | 'result-schema'
  | 'authentication'
  | 'options'
  | 'concurrency'
  | 'events'
  | 'effects'
  | 'explore';

export type OperationId =
  | 'JobRouterOperations_CancelJob'
  | 'JobRouterOperations_CloseJob'
  | 'JobRouterOperations_CompleteJob'
  | 'JobRouterOperations_AcceptJobOffer'
  | 'JobRouterOperations_DeclineJobOffer'
  | 'JobRouterOperations_GetWorker'
  | 'JobRouterOperations_GetJob'
  | 'JobRouterOperations_DeleteJob'
  | 'JobRouterOperations_UpsertJob'
  | 'JobRouterOperations_UpsertWorker';

export interface Requirement {
  readonly id: string;
  readonly level: Level;
  readonly area: Area;
  readonly operation: OperationId;
  readonly title: string;
  readonly source: string;
}

const OPENAPI = 'OpenAPI 2023-11-01';
const CLOSE_PAGE = 'REST reference: Close Job (2023-11-01)';
const CANCEL_PAGE = 'REST reference: Cancel Job (2023-11-01)';
const GUIDE = 'How-to: Handle an offer in Job Router';
const OBSERVED = 'Observed production behaviour';
const ACS_AUTH = 'ACS REST authentication (HMAC-SHA256)';

const CANCEL = 'JobRouterOperations_CancelJob';
const CLOSE = 'JobRouterOperations_CloseJob';
const COMPLETE = 'JobRouterOperations_CompleteJob';
const ACCEPT = 'JobRouterOperations_AcceptJobOffer';
const DECLINE = 'JobRouterOperations_DeclineJobOffer';
const GET_WORKER = 'JobRouterOperations_GetWorker';
const EVENTS = 'Event Grid: ACS events (Microsoft.Communication 2018-01-01)';
/** Why the event requirements other than JobClosedEvent are SHOULD. */
const EVENTS_SHOULD = 'SHOULD: the seeds name only the JobClosedEvent; the Event Grid description defines this event and its data, and a consumer relies on it, so a gap is reported without closing the gate';
const EVENT_DATA_MUST = 'MUST: whether the subscription carries an event type is the subscriber\'s choice, so a missing event is reported by the SHOULD requirements; but an event that is delivered and says something the state does not is wrong for every consumer — the seeds send a reader to the events to learn that a job completed';
const GET_JOB = 'JobRouterOperations_GetJob';
const DELETE_JOB = 'JobRouterOperations_DeleteJob';
const UPSERT_JOB = 'JobRouterOperations_UpsertJob';
const UPSERT_WORKER = 'JobRouterOperations_UpsertWorker';

export const REQUIREMENTS: readonly Requirement[] = [
  // 1. Required path parameters
  { id: 'PATH-CLOSE-01', level: 'MUST', area: 'path-parameters', operation: CLOSE, title: 'close of an unknown jobId answers 404', source: `${OPENAPI} · ${CLOSE} · path jobId (required)` },
  { id: 'PATH-CLOSE-02', level: 'MUST', area: 'path-parameters', operation: CLOSE, title: 'close of an unknown assignmentId on an existing job answers 404', source: `${OPENAPI} · ${CLOSE} · path assignmentId (required)` },
  { id: 'PATH-CLOSE-03', level: 'MUST', area: 'path-parameters', operation: CLOSE, title: "close with another job's assignmentId is refused with a 4xx and changes neither job", source: `${CLOSE_PAGE} · URI Parameters` },
  { id: 'PATH-CLOSE-04', level: 'MUST', area: 'path-parameters', operation: CLOSE, title: 'close with an empty jobId or assignmentId segment answers a 4xx, not a 5xx', source: `${CLOSE_PAGE} · URI Parameters (Required: True)` },
  { id: 'PATH-CANCEL-01', level: 'MUST', area: 'path-parameters', operation: CANCEL, title: 'cancel of an unknown jobId answers 404', source: `${OPENAPI} · ${CANCEL} · path jobId (required)` },
  { id: 'PATH-CANCEL-02', level: 'MUST', area: 'path-parameters', operation: CANCEL, title: 'cancel with an empty jobId segment answers a 4xx, not a 5xx', source: `${CANCEL_PAGE} · URI Parameters (Required: True)` },
  { id: 'PATH-ACCEPT-01', level: 'MUST', area: 'path-parameters', operation: ACCEPT, title: 'accept of an unknown offerId answers 404', source: `${OPENAPI} · ${ACCEPT} · path offerId (required)` },
  { id: 'PATH-ACCEPT-02', level: 'MUST', area: 'path-parameters', operation: ACCEPT, title: "accept of a real offer under another workerId answers 404 and leaves the offer open", source: `${OPENAPI} · ${ACCEPT} · path workerId (required)` },
  { id: 'PATH-DECLINE-01', level: 'MUST', area: 'path-parameters', operation: DECLINE, title: 'decline of an unknown offerId answers 404', source: `${OPENAPI} · ${DECLINE} · path offerId (required); ${OBSERVED} §2` },
  { id: 'PATH-ENCODE-01', level: 'SHOULD', area: 'path-parameters', operation: CANCEL, title: 'a jobId with reserved characters, percent-encoded in the path, is found and cancelled', source: `${OPENAPI} · ${CANCEL} · path jobId (type string)` },

  // 2. api-version
  { id: 'APIVER-01', level: 'MUST', area: 'api-version', operation: CANCEL, title: 'cancel without api-version answers 400', source: `${OPENAPI} · parameters.ApiVersionParameter (required)` },
  { id: 'APIVER-02', level: 'MUST', area: 'api-version', operation: CANCEL, title: 'cancel with an unsupported api-version answers 400', source: `${OPENAPI} · parameters.ApiVersionParameter` },
  { id: 'APIVER-03', level: 'MUST', area: 'api-version', operation: CLOSE, title: 'close without api-version answers 400 and leaves the assignment open', source: `${CLOSE_PAGE} · URI Parameters (api-version, Required: True)` },
  { id: 'APIVER-04', level: 'MUST', area: 'api-version', operation: ACCEPT, title: 'accept with an unsupported api-version answers 400 and leaves the offer open', source: `${OPENAPI} · parameters.ApiVersionParameter` },
  { id: 'APIVER-05', level: 'SHOULD', area: 'api-version', operation: GET_JOB, title: 'every response carries api-supported-versions listing 2023-11-01', source: `${OBSERVED} §1` },

  // 3. Cancel
  { id: 'CANCEL-EMPTY-01', level: 'MUST', area: 'cancel', operation: CANCEL, title: 'cancel accepts a request with no body and no Content-Type and answers 200 {}', source: `${CANCEL_PAGE} · Examples (Submits request to cancel an existing job)` },
  { id: 'CANCEL-EMPTY-02', level: 'MUST', area: 'cancel', operation: CANCEL, title: 'cancel accepts the empty options object {} and answers 200 {}', source: `${CANCEL_PAGE} · Examples (Cancels a job)` },
  { id: 'CANCEL-EMPTY-03', level: 'SHOULD', area: 'cancel', operation: CANCEL, title: 'cancel accepts Content-Length 0 with Content-Type application/json', source: `${OBSERVED} §1 (Python clients)` },
  { id: 'CANCEL-STATUS-01', level: 'MUST', area: 'cancel', operation: CANCEL, title: 'a cancelled job reads back with status cancelled', source: `${CANCEL_PAGE} · description; ${OBSERVED} §3` },
  { id: 'CANCEL-DISP-01', level: 'MUST', area: 'cancel', operation: CANCEL, title: 'dispositionCode defaults to "Cancelled" when none is given', source: `${CANCEL_PAGE} · CancelJobOptions.dispositionCode` },
  { id: 'CANCEL-DISP-02', level: 'MUST', area: 'cancel', operation: CANCEL, title: 'a given dispositionCode is kept on the cancelled job', source: `${CANCEL_PAGE} · CancelJobOptions.dispositionCode` },
  { id: 'CANCEL-NOTE-01', level: 'MUST', area: 'cancel', operation: CANCEL, title: "a cancel note is appended to the job's notes with the current time", source: `${CANCEL_PAGE} · CancelJobOptions.note` },
  { id: 'CANCEL-OFFER-01', level: 'MUST', area: 'cancel', operation: CANCEL, title: "cancelling an offered job revokes the offer from the worker", source: `${GUIDE} · Cancel a job` },
  { id: 'CANCEL-CAP-01', level: 'MUST', area: 'cancel', operation: CANCEL, title: "cancelling an assigned job releases the worker's capacity", source: `${GUIDE} · Cancel a job` },
  { id: 'CANCEL-TYPE-01', level: 'MUST', area: 'cancel', operation: CANCEL, title: 'a cancel option of any wrong JSON type is refused with 400 and the job is not cancelled', source: `${OPENAPI} · CancelJobOptions (dispositionCode: string)` },
  { id: 'CANCEL-JSON-01', level: 'MUST', area: 'cancel', operation: CANCEL, title: 'a malformed JSON cancel body is refused with 400', source: `${OPENAPI} · ${CANCEL} · body` },
  { id: 'CANCEL-SAMPLE-01', level: 'MUST', area: 'cancel', operation: CANCEL, title: 'the published sample cancel request with note and dispositionCode works as written', source: `${OPENAPI} · examples/Jobs_RequestJobCancel.json` },

  // 4. Close and closeAt
  { id: 'CLOSE-NOW-01', level: 'MUST', area: 'close', operation: CLOSE, title: "close without closeAt releases the worker's capacity at once", source: `${CLOSE_PAGE} · CloseJobOptions.closeAt` },
  { id: 'CLOSE-NOW-02', level: 'MUST', area: 'close', operation: CLOSE, title: 'close without closeAt sets the job closed and the assignment closedAt', source: `${CLOSE_PAGE} · description; ${OBSERVED} §3` },
  { id: 'CLOSE-AT-01', level: 'MUST', area: 'close', operation: CLOSE, title: 'with a future closeAt the worker still holds the assignment before that time', source: `${CLOSE_PAGE} · CloseJobOptions.closeAt` },
  { id: 'CLOSE-AT-02', level: 'MUST', area: 'close', operation: CLOSE, title: 'with a future closeAt the capacity is released and the job closed after that time', source: `${CLOSE_PAGE} · CloseJobOptions.closeAt` },
  { id: 'CLOSE-AT-03', level: 'MUST', area: 'close', operation: CLOSE, title: 'a closeAt in the past releases the capacity at once', source: `${CLOSE_PAGE} · CloseJobOptions.closeAt; ${OBSERVED} §3` },
  { id: 'CLOSE-AT-04', level: 'MUST', area: 'close', operation: CLOSE, title: 'a closeAt that is not a date-time is refused with 400 and the assignment stays open', source: `${OPENAPI} · CloseJobOptions.closeAt (format date-time)` },
  { id: 'CLOSE-DISP-01', level: 'MUST', area: 'close', operation: CLOSE, title: 'a given dispositionCode is kept on the closed job', source: `${CLOSE_PAGE} · CloseJobOptions.dispositionCode` },
  { id: 'CLOSE-DISP-02', level: 'SHOULD', area: 'close', operation: CLOSE, title: 'without a dispositionCode the closed job reads back with "Closed"', source: `${OBSERVED} §3, §5.4` },
  { id: 'CLOSE-NOTE-01', level: 'MUST', area: 'close', operation: CLOSE, title: "a close note is appended to the job's notes with the current time", source: `${CLOSE_PAGE} · CloseJobOptions.note` },
  { id: 'CLOSE-SAMPLE-01', level: 'MUST', area: 'close', operation: CLOSE, title: 'the published sample close request works as written', source: `${CLOSE_PAGE} · Examples (Closes a completed job)` },
  { id: 'CLOSE-ASSIGNED-01', level: 'MUST', area: 'close', operation: CLOSE, title: 'an accepted assignment that was not completed can be closed', source: `${GUIDE} · Close a job` },
  { id: 'CLOSE-TYPE-01', level: 'MUST', area: 'close', operation: CLOSE, title: 'a wrongly typed close option is refused with 400 and the assignment stays open', source: `${OPENAPI} · CloseJobOptions (dispositionCode: string)` },

  // 5. Offers and the guide's flow
  { id: 'OFFER-01', level: 'MUST', area: 'offers', operation: GET_WORKER, title: 'a queued job shows up as an offer on a matching worker with offerId, jobId and capacityCost', source: `${GUIDE} · Query the worker to observe the job offers; ${OPENAPI} · RouterJobOffer` },
  { id: 'OFFER-02', level: 'SHOULD', area: 'offers', operation: GET_WORKER, title: 'an offer carries offeredAt and an expiresAt after it', source: `${OPENAPI} · RouterJobOffer; ${OBSERVED} §4` },
  { id: 'OFFER-03', level: 'MUST', area: 'offers', operation: GET_WORKER, title: "an offer expires offerExpiresAfterSeconds after it was offered: expiresAt is offeredAt plus the distribution policy's offerExpiresAfterSeconds", source: `${OPENAPI} · DistributionPolicy.offerExpiresAfterSeconds, RouterJobOffer.expiresAt; ${OBSERVED} §4` },
  { id: 'ACCEPT-01', level: 'MUST', area: 'offers', operation: ACCEPT, title: 'accept answers 200 with assignmentId, jobId and workerId', source: `${OPENAPI} · AcceptJobOfferResult` },
  { id: 'ACCEPT-02', level: 'MUST', area: 'offers', operation: ACCEPT, title: 'an accepted offer assigns the job to the worker', source: `${GUIDE} · Accept a job offer` },
  { id: 'ACCEPT-03', level: 'MUST', area: 'offers', operation: ACCEPT, title: 'after accept the worker lists the assignment and no longer the offer', source: `${OPENAPI} · RouterWorker.assignedJobs, offers` },
  { id: 'ACCEPT-04', level: 'MUST', area: 'offers', operation: ACCEPT, title: 'a second accept of the same offer is refused with a 4xx', source: `${GUIDE} · Accept a job offer` },
  { id: 'DECLINE-01', level: 'MUST', area: 'offers', operation: DECLINE, title: 'decline answers 200 {} and removes the offer from the worker', source: `${GUIDE} · Decline a job offer` },
  { id: 'DECLINE-02', level: 'MUST', area: 'offers', operation: DECLINE, title: 'with a future retryOfferAt the declining worker is not offered the job again before that time', source: `${OPENAPI} · DeclineJobOfferOptions.retryOfferAt` },
  { id: 'DECLINE-03', level: 'MUST', area: 'offers', operation: DECLINE, title: 'with a retryOfferAt the declining worker is offered the job again after that time', source: `${OPENAPI} · DeclineJobOfferOptions.retryOfferAt` },
  { id: 'COMPLETE-01', level: 'MUST', area: 'offers', operation: COMPLETE, title: 'complete sets the job completed and the assignment completedAt', source: `${GUIDE} · Complete a job` },
  { id: 'COMPLETE-NOTE-01', level: 'SHOULD', area: 'offers', operation: COMPLETE, title: "a complete note is appended to the job's notes", source: `${OPENAPI} · CompleteJobOptions.note` },
  { id: 'DELETE-01', level: 'MUST', area: 'offers', operation: DELETE_JOB, title: 'a closed job is deleted with 204 and then reads 404', source: `${GUIDE} · Delete a job; ${OBSERVED} §3` },
  { id: 'DELETE-02', level: 'MUST', area: 'offers', operation: DELETE_JOB, title: 'a cancelled job is deleted with 204 and then reads 404', source: `${GUIDE} · Delete a job; ${OBSERVED} §3` },

  // 6. Error contract on every provoked error
  { id: 'ERR-JSON-01', level: 'MUST', area: 'error-contract', operation: CANCEL, title: 'every provoked error answers with a JSON content type', source: `${OPENAPI} · responses.default (produces application/json)` },
  { id: 'ERR-BODY-01', level: 'MUST', area: 'error-contract', operation: CANCEL, title: 'every provoked error body is an ErrorResponse with error.code and error.message', source: `${OPENAPI} · Azure.Core.Foundations.ErrorResponse` },
  { id: 'ERR-HEADER-01', level: 'MUST', area: 'error-contract', operation: CANCEL, title: 'every provoked error carries the x-ms-error-code header', source: `${OPENAPI} · responses.default.headers.x-ms-error-code` },
  { id: 'ERR-HEADER-02', level: 'MUST', area: 'error-contract', operation: CANCEL, title: 'x-ms-error-code equals the body error.code', source: `${OPENAPI} · responses.default.headers.x-ms-error-code` },

  // 7. Success bodies
  { id: 'RESULT-CLOSE-01', level: 'MUST', area: 'result-schema', operation: CLOSE, title: 'close answers 200 with a JSON object body', source: `${OPENAPI} · ${CLOSE} · responses.200 (CloseJobResult)` },
  { id: 'RESULT-COMPLETE-01', level: 'MUST', area: 'result-schema', operation: COMPLETE, title: 'complete answers 200 with a JSON object body', source: `${OPENAPI} · ${COMPLETE} · responses.200 (CompleteJobResult)` },
  { id: 'RESULT-DECLINE-01', level: 'MUST', area: 'result-schema', operation: DECLINE, title: 'decline answers 200 with a JSON object body', source: `${OPENAPI} · ${DECLINE} · responses.200 (DeclineJobOfferResult)` },
  { id: 'STATUS-01', level: 'MUST', area: 'result-schema', operation: UPSERT_JOB, title: 'every success answer of the run (setup, reads, actions, cleanup) carries a status its operation documents', source: `${OPENAPI} · responses of each operation the kit sends (200, 201 for an upsert that creates, 204 for a delete)` },
  { id: 'SCHEMA-JOB-01', level: 'MUST', area: 'result-schema', operation: GET_JOB, title: 'a job read back after close matches RouterJob with its assignment and notes, and its etag is the ETag header\'s', source: `${OPENAPI} · RouterJob, RouterJobAssignment, RouterJobNote; ETag response header ("the entity tag"); ${OBSERVED} §1 (the same quoted value in both)` },
  { id: 'SCHEMA-WORKER-01', level: 'MUST', area: 'result-schema', operation: GET_WORKER, title: 'a worker holding an offer and an assignment matches RouterWorker, and its etag is the ETag header\'s', source: `${OPENAPI} · RouterWorker, RouterJobOffer, RouterWorkerAssignment; ETag response header ("the entity tag"); ${OBSERVED} §1 (the same quoted value in both)` },

  // 8. Every combination of the options, derived from their schemas, with every effect checked
  { id: 'CLOSE-OPTS-01', level: 'MUST', area: 'options', operation: CLOSE, title: 'every combination of close options, straight after accept and after complete, has all its effects: capacity at once or at closeAt, status, closedAt, dispositionCode, note appended', source: `${CLOSE_PAGE} · CloseJobOptions; ${GUIDE} · Close a job` },
  { id: 'CANCEL-OPTS-01', level: 'MUST', area: 'options', operation: CANCEL, title: 'every combination of cancel options on a queued, an offered and an assigned job has all its effects: status, dispositionCode, note appended, offer revoked, capacity released', source: `${CANCEL_PAGE} · CancelJobOptions; ${GUIDE} · Cancel a job` },
  { id: 'COMPLETE-OPTS-01', level: 'MUST', area: 'options', operation: COMPLETE, title: 'complete with and without a note sets the job completed and completedAt, appends the note and keeps the capacity held', source: `${OPENAPI} · CompleteJobOptions; ${GUIDE} · Complete a job` },
  { id: 'COMPLETE-TYPE-01', level: 'MUST', area: 'options', operation: COMPLETE, title: 'a complete option of the wrong JSON type is refused with 400 and the assignment is not completed', source: `${OPENAPI} · CompleteJobOptions (note: string)` },
  { id: 'DECLINE-TYPE-01', level: 'MUST', area: 'options', operation: DECLINE, title: 'a retryOfferAt of the wrong JSON type or not a date-time is refused with 400 and the offer stays', source: `${OPENAPI} · DeclineJobOfferOptions.retryOfferAt (string, format date-time)` },
  { id: 'DECLINE-OPTS-01', level: 'MUST', area: 'options', operation: DECLINE, title: 'decline with and without retryOfferAt, near or far, past or future, removes the offer and leaves the job queued', source: `${OPENAPI} · DeclineJobOfferOptions; ${GUIDE} · Decline a job offer` },

  // 9. Races the guide implies
  { id: 'RACE-ACCEPT-01', level: 'MUST', area: 'concurrency', operation: ACCEPT, title: 'of parallel accepts of one offer exactly one wins, the others get a 4xx, and the job has one assignment', source: `${GUIDE} · Accept a job offer` },
  { id: 'RACE-ACCEPT-CANCEL-01', level: 'SHOULD', area: 'concurrency', operation: CANCEL, title: 'an accept racing a cancel ends with the job cancelled and the worker holding neither offer nor job', source: `${GUIDE} · Accept a job offer, Cancel a job` },
  { id: 'RACE-CLOSE-CANCEL-01', level: 'SHOULD', area: 'concurrency', operation: CLOSE, title: 'of a close and a cancel racing on an assigned job exactly one wins, the other gets a 4xx, and the job ends as the winner says', source: `${GUIDE} · Close a job, Cancel a job` },

  // 10. Events (Event Grid); RouterJobClosed is the Close Job page's JobClosedEvent
  { id: 'EVT-CLOSE-01', level: 'MUST', area: 'events', operation: CLOSE, title: 'a close without closeAt is followed by RouterJobClosed with the jobId, assignmentId, workerId and dispositionCode', source: `${CLOSE_PAGE} · CloseJobOptions.closeAt ("released immediately along with a JobClosedEvent notification"); ${EVENTS} · AcsRouterJobClosedEventData` },
  { id: 'EVT-CLOSE-AT-01', level: 'MUST', area: 'events', operation: CLOSE, title: 'with a future closeAt RouterJobClosed is not sent before closeAt and is sent after it within the closeAt tolerance', source: `${CLOSE_PAGE} · CloseJobOptions.closeAt ("along with a JobClosedEvent notification at a future time in UTC"); same tolerance as CLOSE-AT-02` },
  { id: 'EVT-CANCEL-01', level: 'SHOULD', area: 'events', operation: CANCEL, title: 'a cancel is followed by RouterJobCancelled with the given or the default "Cancelled" dispositionCode and the note', source: `${EVENTS} · AcsRouterJobCancelledEventData; ${CANCEL_PAGE} · CancelJobOptions.dispositionCode. ${EVENTS_SHOULD}` },
  { id: 'EVT-COMPLETE-01', level: 'SHOULD', area: 'events', operation: COMPLETE, title: 'a complete is followed by RouterJobCompleted with the assignmentId and workerId', source: `${EVENTS} · AcsRouterJobCompletedEventData. ${EVENTS_SHOULD}` },
  { id: 'EVT-OFFER-ISSUED-01', level: 'SHOULD', area: 'events', operation: GET_WORKER, title: 'an offer is announced by RouterWorkerOfferIssued with the offerId, offeredOn and expiresOn the worker shows', source: `${EVENTS} · AcsRouterWorkerOfferIssuedEventData. ${EVENTS_SHOULD}` },
  { id: 'EVT-OFFER-ACCEPTED-01', level: 'SHOULD', area: 'events', operation: ACCEPT, title: 'an accept is followed by RouterWorkerOfferAccepted with the assignmentId that accept returned', source: `${EVENTS} · AcsRouterWorkerOfferAcceptedEventData. ${EVENTS_SHOULD}` },
  { id: 'EVT-OFFER-DECLINED-01', level: 'SHOULD', area: 'events', operation: DECLINE, title: 'a decline is followed by RouterWorkerOfferDeclined for the offer', source: `${EVENTS} · AcsRouterWorkerOfferDeclinedEventData. ${EVENTS_SHOULD}` },
  { id: 'EVT-OFFER-REVOKED-01', level: 'SHOULD', area: 'events', operation: CANCEL, title: 'cancelling an offered job is followed by RouterWorkerOfferRevoked for the offer', source: `${EVENTS} · AcsRouterWorkerOfferRevokedEventData; ${GUIDE} · Cancel a job. ${EVENTS_SHOULD}` },
  { id: 'EVT-SCHEMA-01', level: 'MUST', area: 'events', operation: CLOSE, title: 'every router event received matches its published envelope and data schema', source: `${EVENTS} · EventGridEvent / CloudEvent 1.0, AcsRouter*EventData. ${EVENT_DATA_MUST}` },

  // 11. Whole effects and frames: every property of the answer, the job and the worker is predicted from the state
  //     before and the documented effect; a property no sentence says changes must stay as it was.
  { id: 'EFFECT-ACCEPT-01', level: 'MUST', area: 'effects', operation: ACCEPT, title: 'accept changes exactly the job (assigned, the assignment with workerId and assignedAt) and the worker (the offer becomes an assignment with its capacityCost); nothing else of either changes', source: `${GUIDE} · Accept a job offer; ${OPENAPI} · AcceptJobOfferResult, RouterJobAssignment, RouterWorkerAssignment` },
  { id: 'EFFECT-DECLINE-01', level: 'MUST', area: 'effects', operation: DECLINE, title: "decline removes exactly the declined offer: the job, the worker's other offers and its assignments stay as they were", source: `${GUIDE} · Decline a job offer; ${OPENAPI} · DeclineJobOfferOptions` },
  { id: 'EFFECT-COMPLETE-01', level: 'MUST', area: 'effects', operation: COMPLETE, title: 'complete changes exactly the status, completedAt (now) and the appended note; the worker keeps the assignment and nothing else changes', source: `${GUIDE} · Complete a job; ${OPENAPI} · CompleteJobOptions` },
  { id: 'EFFECT-CLOSE-01', level: 'MUST', area: 'effects', operation: CLOSE, title: 'close changes exactly the status, dispositionCode, closedAt (now), the appended note and the released assignment; labels, tags, earlier notes and the rest stay', source: `${CLOSE_PAGE} · CloseJobOptions; ${OBSERVED} §3` },
  { id: 'EFFECT-CLOSE-AT-01', level: 'MUST', area: 'effects', operation: CLOSE, title: 'a close with a future closeAt changes nothing but the note before closeAt, and then closes with closedAt no earlier than closeAt and within the tolerance after it', source: `${CLOSE_PAGE} · CloseJobOptions.closeAt` },
  { id: 'EFFECT-CANCEL-01', level: 'MUST', area: 'effects', operation: CANCEL, title: 'cancel of a queued, an offered and an assigned job changes exactly the status, dispositionCode, note, the revoked offer or released assignment; nothing else changes', source: `${CANCEL_PAGE} · CancelJobOptions; ${GUIDE} · Cancel a job` },
  { id: 'EFFECT-REFUSED-01', level: 'MUST', area: 'effects', operation: CLOSE, title: 'a refused close, cancel, complete or decline changes nothing at all on the job or the worker', source: `${OPENAPI} · default response (an error is not an effect)` },
  { id: 'EVT-DATA-01', level: 'MUST', area: 'events', operation: CLOSE, title: "each event an action sends carries what the state read shows: the job's jobId, queueId, channelId, channelReference, priority, labels and tags, the worker's registration (capacity, queues, channels, labels, tags) and the offer's times; and no event another action would send follows it", source: `${EVENTS} · AcsRouterEventData, AcsRouterJobEventData, AcsRouterWorkerOffer*EventData, AcsRouterWorkerRegistered/Updated/DeregisteredEventData. ${EVENT_DATA_MUST}` },

  // 12. Each operation's input model explored (schemas/input-model/*.json): every class, every pair at --depth thorough
  { id: 'EXPLORE-CLOSE-01', level: 'MUST', area: 'explore', operation: CLOSE, title: 'close answers every case of its input model as the documents say: body shapes, note and dispositionCode text, closeAt spellings and instants, in every state', source: `${CLOSE_PAGE}; ${OPENAPI} · CloseJobOptions; ${GUIDE}; schemas/input-model/close.json` },
  { id: 'EXPLORE-CANCEL-01', level: 'MUST', area: 'explore', operation: CANCEL, title: 'cancel answers every case of its input model as the documents say: body shapes, note and dispositionCode text, in every state', source: `${CANCEL_PAGE}; ${OPENAPI} · CancelJobOptions; ${GUIDE}; schemas/input-model/cancel.json` },
  { id: 'EXPLORE-COMPLETE-01', level: 'MUST', area: 'explore', operation: COMPLETE, title: 'complete answers every case of its input model as the documents say: body shapes and note text, in every state', source: `${OPENAPI} · CompleteJobOptions; ${GUIDE}; schemas/input-model/complete.json` },
  { id: 'EXPLORE-DECLINE-01', level: 'MUST', area: 'explore', operation: DECLINE, title: 'decline answers every case of its input model as the documents say: body shapes, retryOfferAt spellings and instants, in every state', source: `${OPENAPI} · DeclineJobOfferOptions; ${GUIDE}; ${OBSERVED} §2; schemas/input-model/decline.json` },
  { id: 'EXPLORE-ACCEPT-01', level: 'MUST', area: 'explore', operation: ACCEPT, title: 'accept answers every case of its input model as the documents say, in every state of the offer', source: `${OPENAPI} · AcceptJobOffer; ${GUIDE}; schemas/input-model/accept.json` },
  { id: 'EXPLORE-UPSERT-JOB-01', level: 'MUST', area: 'explore', operation: UPSERT_JOB, title: 'upsert job answers every case of its input model as the documents say: body shapes, content types, channelReference text, create and update', source: `${OPENAPI} · UpsertJob; schemas/input-model/upsertJob.json` },
  { id: 'EXPLORE-UPSERT-WORKER-01', level: 'MUST', area: 'explore', operation: UPSERT_WORKER, title: 'upsert worker answers every case of its input model as the documents say: body shapes and content types, create and update', source: `${OPENAPI} · UpsertWorker; schemas/input-model/upsertWorker.json` },
  { id: 'EXPLORE-GET-JOB-01', level: 'MUST', area: 'explore', operation: GET_JOB, title: 'get job reads a job in every state of its input model and changes nothing', source: `${OPENAPI} · GetJob; schemas/input-model/getJob.json` },
  { id: 'EXPLORE-GET-WORKER-01', level: 'MUST', area: 'explore', operation: GET_WORKER, title: 'get worker reads a worker in every state of its input model and changes nothing', source: `${OPENAPI} · GetWorker; schemas/input-model/getWorker.json` },

  // 13. Authentication
  { id: 'AUTH-01', level: 'MUST', area: 'authentication', operation: CANCEL, title: 'a request without credentials is refused with 401 and the job is not cancelled', source: ACS_AUTH },
  { id: 'AUTH-02', level: 'MUST', area: 'authentication', operation: CANCEL, title: 'a request with a wrong HMAC signature is refused with 401', source: `${ACS_AUTH} · Authorization header` },
  { id: 'AUTH-03', level: 'MUST', area: 'authentication', operation: CANCEL, title: 'a request whose x-ms-date is more than 15 minutes off is refused with 401', source: `${ACS_AUTH} · x-ms-date` },
  { id: 'AUTH-04', level: 'MUST', area: 'authentication', operation: CANCEL, title: 'a request whose body does not match x-ms-content-sha256 is refused with 401', source: `${ACS_AUTH} · x-ms-content-sha256` },
];

const byId = new Map(REQUIREMENTS.map((r) => [r.id, r]));

export function findRequirement(id: string): Requirement | undefined {
  return byId.get(id);
}

export function requirement(id: string): Requirement {
  const found = byId.get(id);
  if (!found) throw new Error(`Unknown requirement id "${id}"`);
  return found;
}
