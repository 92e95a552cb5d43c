import type { Clock, IdGenerator } from '../kernel/clock';
import type { PolicyPlan } from '../rules/classification-parse';
import type { ExceptionRule } from '../rules/exceptions-schema';
import type { JsonObject } from '../kernel/json';

/** Internal state. Wire shapes are produced by views.ts; nothing here is sent as-is. */
export type { JsonObject } from '../kernel/json';

export interface Versioned {
  etag: string;
  lastModified: number;
  /** The client-writable properties as merged from every PATCH; typed fields are derived from it. */
  doc: JsonObject;
}

export interface DistributionModeState {
  kind: 'longestIdle' | 'roundRobin' | 'bestWorker';
  minConcurrentOffers: number;
  maxConcurrentOffers: number;
  bypassSelectors: boolean;
  extra: JsonObject;
}

export interface DistributionPolicyState extends Versioned {
  id: string;
  name?: string;
  offerExpiresAfterSeconds?: number;
  mode?: DistributionModeState;
}

export interface QueueState extends Versioned {
  id: string;
  name?: string;
  distributionPolicyId?: string;
  exceptionPolicyId?: string;
  labels: JsonObject;
}

export interface ChannelState {
  channelId: string;
  capacityCostPerJob: number;
  maxNumberOfJobs?: number;
}

export interface WorkerState extends Versioned {
  id: string;
  queues: string[];
  capacity: number;
  labels: JsonObject;
  tags: JsonObject;
  channels: ChannelState[];
  availableForOffers: boolean;
  /** When the worker last stopped working (or registered); longestIdle prefers the smallest. */
  idleSince: number;
  /** Registration order, for roundRobin. */
  sequence: number;
  readonly offers: Map<string, OfferState>;
  /** Assignments that hold this worker's capacity, by assignmentId. */
  readonly held: Map<string, AssignmentState>;
}

export type JobStatus =
  | 'pendingClassification' | 'queued' | 'assigned' | 'completed' | 'closed' | 'cancelled'
  | 'classificationFailed' | 'created' | 'pendingSchedule' | 'scheduled' | 'scheduleFailed' | 'waitingForActivation';

export interface NoteState {
  message: string;
  addedAt?: number;
}

export interface AssignmentState {
  assignmentId: string;
  jobId: string;
  workerId: string;
  capacityCost: number;
  channelId: string;
  assignedAt: number;
  completedAt?: number;
  closedAt?: number;
  /** A requested close that takes effect later; the assignment holds capacity until then. */
  closeAt?: number;
  closeDisposition?: string;
  /** True while the worker's capacity is held by this assignment. */
  holdsCapacity: boolean;
}

export interface JobState extends Versioned {
  id: string;
  status: JobStatus;
  enqueuedAt?: number;
  /** Queue order among jobs of equal priority. */
  sequence: number;
  dispositionCode?: string;
  notes: NoteState[];
  assignments: Map<string, AssignmentState>;
  /** workerId → the time from which the worker may be offered this job again (Infinity: never). */
  declinedBy: Map<string, number>;
  readonly offers: Map<string, OfferState>;
  /** Ids of this job's offers that were accepted or taken, so deleting the job forgets them too. */
  readonly settledOfferIds: string[];
  unassignmentCount: number;
  /** Worker selectors attached by classification (the job's own are in doc.requestedWorkerSelectors). */
  attachedWorkerSelectors: JsonObject[];
  /** Keys of the exception rules that already fired for this job (each fires once). */
  readonly exceptionsTriggered: Set<string>;
  /** When the job was created: selector expiry counts from it until the job is first queued (scheduling.ts). */
  readonly createdAt: number;
  /** Keys of the worker selectors that expired (scheduling.ts selectorKey), so each expires and is reported once. */
  readonly expiredSelectors: Set<string>;
}

export interface OfferState {
  offerId: string;
  jobId: string;
  workerId: string;
  capacityCost: number;
  channelId: string;
  offeredAt: number;
  expiresAt: number;
}

/** Offers that left the worker; accepting one again answers by how it ended. */
export type SettledOffer = { readonly offer: OfferState; readonly outcome: 'accepted' | 'taken'; readonly assignmentId?: string };

export interface Store {
  readonly policies: Map<string, DistributionPolicyState>;
  readonly classificationPolicies: Map<string, ClassificationPolicyState>;
  readonly exceptionPolicies: Map<string, ExceptionPolicyState>;
  readonly queues: Map<string, QueueState>;
  readonly workers: Map<string, WorkerState>;
  readonly jobs: Map<string, JobState>;
  readonly offers: Map<string, OfferState>;
  readonly settledOffers: Map<string, SettledOffer>;
  /** roundRobin cursor per distribution policy: the sequence of the last worker offered. */
  readonly roundRobinCursor: Map<string, number>;
  /** Assignments whose close takes effect at a future closeAt. */
  readonly pendingCloses: Set<AssignmentState>;
}

export function createStore(): Store {
  return {
    policies: new Map(),
    classificationPolicies: new Map(),
    exceptionPolicies: new Map(),
    queues: new Map(),
    workers: new Map(),
    jobs: new Map(),
    offers: new Map(),
    settledOffers: new Map(),
    roundRobinCursor: new Map(),
    pendingCloses: new Set(),
  };
}

/** A classification policy: its document and the plan compiled from it (classification-parse.ts). */
export interface ClassificationPolicyState extends Versioned {
  id: string;
  /** The document compiled: rules parsed once, selectors normalised (classification-parse.ts). */
  plan: PolicyPlan;
}

/** An exception policy: its rules in the order given (exceptions-schema.ts). */
export interface ExceptionPolicyState extends Versioned {
  id: string;
  name?: string;
  /** In the order given: a job's rules are tried in this order on each tick. */
  rules: readonly ExceptionRule[];
}

export type RouterEventName =
  | 'RouterJobReceived' | 'RouterJobQueued' | 'RouterJobCompleted' | 'RouterJobClosed' | 'RouterJobCancelled'
  | 'RouterJobDeleted' | 'RouterJobUnassigned' | 'RouterJobWaitingForActivation' | 'RouterJobClassified'
  | 'RouterJobClassificationFailed' | 'RouterJobExceptionTriggered' | 'RouterJobSchedulingFailed' | 'RouterJobWorkerSelectorsExpired'
  | 'RouterWorkerOfferIssued' | 'RouterWorkerOfferAccepted' | 'RouterWorkerOfferDeclined' | 'RouterWorkerOfferRevoked'
  | 'RouterWorkerOfferExpired' | 'RouterWorkerRegistered' | 'RouterWorkerUpdated' | 'RouterWorkerDeregistered' | 'RouterWorkerDeleted';

export interface RouterEvent {
  readonly id: string;
  readonly name: RouterEventName;
  /** `job/{jobId}/channel/{channelId}[/assignment/{assignmentId}]` or `worker/{workerId}[/job/{jobId}]`. */
  readonly subject: string;
  /** When it happened, on the domain's clock. */
  readonly time: number;
  readonly data: JsonObject;
}

/** Everything a domain operation may read: state, time, ids. */
export interface DomainContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Set when state changed so the next tick re-runs matching. */
  markDirty(): void;
  /** Asks for a tick at (or after) this time. */
  wakeAt(time: number): void;
  nextSequence(): number;
  /** Records an event of a transition; the adapter drains them after each request and tick (Domain.drain). */
  emit(event: RouterEvent): void;
}

export function touch(ctx: DomainContext, entity: Pick<Versioned, 'etag' | 'lastModified'>): void {
  entity.etag = `"${ctx.ids.next('etag')}"`;
  entity.lastModified = ctx.clock.now();
}

export const FINISHED_STATUSES: ReadonlySet<JobStatus> = new Set(['closed', 'cancelled']);
