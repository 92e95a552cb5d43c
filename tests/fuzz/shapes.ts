/**
 * The request bodies of Job Router 2023-11-01, reduced to what a wrong-type generator needs. Written from the
 * published OpenAPI document once, kept here so the fuzz test needs nothing outside the repository.
 */
export type Shape =
  | 'string'
  | 'date-time'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'map'
  | { readonly enum: readonly string[] }
  | { readonly array: Shape }
  | { readonly object: Readonly<Record<string, Shape>> };

export type ObjectShape = Readonly<Record<string, Shape>>;

const labelOperator: Shape = { enum: ['equal', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual'] };

export const SHAPES = {
  CancelJobOptions: { note: 'string', dispositionCode: 'string' },
  CloseJobOptions: { dispositionCode: 'string', closeAt: 'date-time', note: 'string' },
  CompleteJobOptions: { note: 'string' },
  DeclineJobOfferOptions: { retryOfferAt: 'date-time' },
  UnassignJobOptions: { suspendMatching: 'boolean' },
  DistributionPolicy: {
    name: 'string',
    offerExpiresAfterSeconds: 'number',
    mode: { object: { kind: { enum: ['longestIdle', 'roundRobin', 'bestWorker'] }, minConcurrentOffers: 'integer', maxConcurrentOffers: 'integer', bypassSelectors: 'boolean' } },
  },
  RouterQueue: { name: 'string', distributionPolicyId: 'string', exceptionPolicyId: 'string', labels: 'map' },
  RouterWorker: {
    queues: { array: 'string' },
    capacity: 'integer',
    labels: 'map',
    tags: 'map',
    channels: { array: { object: { channelId: 'string', capacityCostPerJob: 'integer', maxNumberOfJobs: 'integer' } } },
    availableForOffers: 'boolean',
  },
  RouterJob: {
    channelReference: 'string',
    channelId: 'string',
    classificationPolicyId: 'string',
    queueId: 'string',
    priority: 'integer',
    dispositionCode: 'string',
    requestedWorkerSelectors: { array: { object: { key: 'string', labelOperator, value: 'string', expiresAfterSeconds: 'number', expedite: 'boolean' } } },
    labels: 'map',
    tags: 'map',
    notes: { array: { object: { message: 'string', addedAt: 'date-time' } } },
    matchingMode: { object: { kind: { enum: ['queueAndMatch', 'scheduleAndSuspend', 'suspend'] } } },
  },
} as const satisfies Readonly<Record<string, ObjectShape>>;

export type ShapeName = keyof typeof SHAPES;
