import { matches } from '../contract/schemas';

/**
 * Hand-written shapes of the bodies the kit reads; they mirror schemas/*.schema.json (the schemas are the contract,
 * these only let code read validated bodies without casts). Open enums are plain strings.
 */
export interface RouterJobNote {
  message: string;
  addedAt?: string;
}

export interface RouterJobAssignment {
  assignmentId: string;
  workerId?: string;
  assignedAt: string;
  completedAt?: string;
  closedAt?: string;
}

export interface RouterWorkerSelector {
  key: string;
  labelOperator: string;
  value?: unknown;
  expiresAfterSeconds?: number;
  expedite?: boolean;
  status?: string;
  expiresAt?: string;
}

export interface JobMatchingMode {
  kind: string;
}

export interface RouterJob {
  etag: string;
  id: string;
  channelReference?: string;
  /** Known: pendingClassification, queued, assigned, completed, closed, cancelled, classificationFailed, created, pendingSchedule, scheduled, scheduleFailed, waitingForActivation. */
  status?: string;
  enqueuedAt?: string;
  channelId?: string;
  classificationPolicyId?: string;
  queueId?: string;
  priority?: number;
  dispositionCode?: string;
  requestedWorkerSelectors?: RouterWorkerSelector[];
  attachedWorkerSelectors?: RouterWorkerSelector[];
  labels?: Record<string, unknown>;
  assignments?: Record<string, RouterJobAssignment>;
  tags?: Record<string, unknown>;
  notes?: RouterJobNote[];
  scheduledAt?: string;
  matchingMode?: JobMatchingMode;
}

export interface RouterJobOffer {
  offerId: string;
  jobId: string;
  capacityCost: number;
  offeredAt?: string;
  expiresAt?: string;
}

export interface RouterWorkerAssignment {
  assignmentId: string;
  jobId: string;
  capacityCost: number;
  assignedAt: string;
}

export interface RouterChannel {
  channelId: string;
  capacityCostPerJob: number;
  maxNumberOfJobs?: number;
}

export interface RouterWorker {
  etag: string;
  id: string;
  /** Known: active, draining, inactive. */
  state?: string;
  queues?: string[];
  capacity?: number;
  labels?: Record<string, unknown>;
  tags?: Record<string, unknown>;
  channels?: RouterChannel[];
  offers?: RouterJobOffer[];
  assignedJobs?: RouterWorkerAssignment[];
  loadRatio?: number;
  availableForOffers?: boolean;
}

export interface RouterQueue {
  etag: string;
  id: string;
  name?: string;
  distributionPolicyId?: string;
  labels?: Record<string, unknown>;
  exceptionPolicyId?: string;
}

export interface DistributionMode {
  kind: string;
  minConcurrentOffers?: number;
  maxConcurrentOffers?: number;
  bypassSelectors?: boolean;
  [modeSpecific: string]: unknown;
}

export interface DistributionPolicy {
  etag: string;
  id: string;
  name?: string;
  offerExpiresAfterSeconds?: number;
  mode?: DistributionMode;
}

export interface PagedRouterJob {
  value: RouterJob[];
  nextLink?: string;
}

export interface AcceptJobOfferResult {
  assignmentId: string;
  jobId: string;
  workerId: string;
}

export interface UnassignJobResult {
  jobId: string;
  unassignmentCount: number;
}

export interface InnerError {
  code?: string;
  innererror?: InnerError;
}

export interface ResponseError {
  code: string;
  message: string;
  target?: string;
  details?: ResponseError[];
  innererror?: InnerError;
}

export interface ErrorResponse {
  error: ResponseError;
}

/** Request bodies of the actions (all optional on the wire). */
export interface CancelJobOptions { note?: string; dispositionCode?: string }
export interface CompleteJobOptions { note?: string }
export interface CloseJobOptions { dispositionCode?: string; closeAt?: string; note?: string }
export interface DeclineJobOfferOptions { retryOfferAt?: string }

/** Create-or-update bodies: the resource without its read-only properties; merge-patch, so every field is optional. */
export type RouterJobUpsert = Partial<Omit<RouterJob, 'etag' | 'id' | 'status' | 'enqueuedAt' | 'attachedWorkerSelectors' | 'assignments' | 'scheduledAt'>>;
export type RouterWorkerUpsert = Partial<Omit<RouterWorker, 'etag' | 'id' | 'state' | 'offers' | 'assignedJobs' | 'loadRatio'>>;
export type RouterQueueUpsert = Partial<Omit<RouterQueue, 'etag' | 'id'>>;
export type DistributionPolicyUpsert = Partial<Omit<DistributionPolicy, 'etag' | 'id'>>;

export const isRouterJob = (value: unknown): value is RouterJob => matches('RouterJob', value);
export const isRouterWorker = (value: unknown): value is RouterWorker => matches('RouterWorker', value);
export const isRouterJobOffer = (value: unknown): value is RouterJobOffer => matches('RouterJobOffer', value);
export const isRouterQueue = (value: unknown): value is RouterQueue => matches('RouterQueue', value);
export const isDistributionPolicy = (value: unknown): value is DistributionPolicy => matches('DistributionPolicy', value);
export const isPagedRouterJob = (value: unknown): value is PagedRouterJob => matches('PagedRouterJob', value);
export const isAcceptJobOfferResult = (value: unknown): value is AcceptJobOfferResult => matches('AcceptJobOfferResult', value);
export const isErrorResponse = (value: unknown): value is ErrorResponse => matches('ErrorResponse', value);
