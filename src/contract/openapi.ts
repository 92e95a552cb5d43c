import type { OpenAPIV2 } from 'openapi-types';
import { isEventSchemaId } from './event-schemas';
import { SCHEMA_IDS, schemaOf, type SchemaId } from './schemas';

/**
 * The kit's own OpenAPI 2.0 document for the operations it covers. Definitions are built from schemas/ (the one
 * source of truth), so the document and the validators cannot disagree; tests/schemas/drift.spec.ts holds both
 * against the published document when it is available.
 */

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

export interface KitOperation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Template as in the published document, e.g. `/routing/jobs/{jobId}:cancel`. */
  readonly path: string;
  readonly summary: string;
  readonly pathParams: readonly string[];
  /** Optional query parameters beyond api-version. */
  readonly query?: readonly OpenAPIV2.GeneralParameterObject[];
  readonly body?: { readonly name: string; readonly schema: string; readonly required: boolean; readonly mergePatch?: boolean };
  /** Success status → definition name (undefined = no body). */
  readonly success: Readonly<Record<string, string | undefined>>;
  /** Success responses carry ETag and Last-Modified. */
  readonly entityHeaders?: boolean;
}

const LIST_JOB_STATUSES = [
  'all', 'pendingClassification', 'queued', 'assigned', 'completed', 'closed', 'cancelled', 'classificationFailed',
  'created', 'pendingSchedule', 'scheduled', 'scheduleFailed', 'waitingForActivation', 'active',
];

export const KIT_OPERATIONS: readonly KitOperation[] = [
  { operationId: 'JobRouterOperations_CancelJob', method: 'post', path: '/routing/jobs/{jobId}:cancel', summary: 'Cancels a job.', pathParams: ['jobId'], body: { name: 'options', schema: 'CancelJobOptions', required: false }, success: { '200': 'ActionResult' } },
  { operationId: 'JobRouterOperations_CompleteJob', method: 'post', path: '/routing/jobs/{jobId}/assignments/{assignmentId}:complete', summary: 'Completes an assigned job.', pathParams: ['jobId', 'assignmentId'], body: { name: 'options', schema: 'CompleteJobOptions', required: false }, success: { '200': 'ActionResult' } },
  { operationId: 'JobRouterOperations_CloseJob', method: 'post', path: '/routing/jobs/{jobId}/assignments/{assignmentId}:close', summary: 'Closes a completed job.', pathParams: ['jobId', 'assignmentId'], body: { name: 'options', schema: 'CloseJobOptions', required: false }, success: { '200': 'ActionResult' } },
  { operationId: 'JobRouterOperations_AcceptJobOffer', method: 'post', path: '/routing/workers/{workerId}/offers/{offerId}:accept', summary: 'Accepts an offer.', pathParams: ['workerId', 'offerId'], success: { '200': 'AcceptJobOfferResult' } },
  { operationId: 'JobRouterOperations_DeclineJobOffer', method: 'post', path: '/routing/workers/{workerId}/offers/{offerId}:decline', summary: 'Declines an offer.', pathParams: ['workerId', 'offerId'], body: { name: 'options', schema: 'DeclineJobOfferOptions', required: false }, success: { '200': 'ActionResult' } },
  { operationId: 'JobRouterOperations_GetJob', method: 'get', path: '/routing/jobs/{jobId}', summary: 'Reads a job.', pathParams: ['jobId'], success: { '200': 'RouterJob' }, entityHeaders: true },
  { operationId: 'JobRouterOperations_UpsertJob', method: 'patch', path: '/routing/jobs/{jobId}', summary: 'Creates or updates a job.', pathParams: ['jobId'], body: { name: 'resource', schema: 'RouterJobCreateOrUpdate', required: true, mergePatch: true }, success: { '200': 'RouterJob', '201': 'RouterJob' }, entityHeaders: true },
  { operationId: 'JobRouterOperations_DeleteJob', method: 'delete', path: '/routing/jobs/{jobId}', summary: 'Deletes a job.', pathParams: ['jobId'], success: { '204': undefined } },
  {
    operationId: 'JobRouterOperations_ListJobs', method: 'get', path: '/routing/jobs', summary: 'Lists jobs.', pathParams: [], success: { '200': 'PagedRouterJob' },
    query: [
      { name: 'maxpagesize', in: 'query', required: false, type: 'integer', format: 'int32' },
      { name: 'status', in: 'query', required: false, type: 'string', default: 'all', enum: LIST_JOB_STATUSES },
      { name: 'queueId', in: 'query', required: false, type: 'string' },
      { name: 'channelId', in: 'query', required: false, type: 'string' },
      { name: 'classificationPolicyId', in: 'query', required: false, type: 'string' },
      { name: 'scheduledBefore', in: 'query', required: false, type: 'string', format: 'date-time' },
      { name: 'scheduledAfter', in: 'query', required: false, type: 'string', format: 'date-time' },
    ],
  },
  { operationId: 'JobRouterOperations_GetWorker', method: 'get', path: '/routing/workers/{workerId}', summary: 'Reads a worker.', pathParams: ['workerId'], success: { '200': 'RouterWorker' }, entityHeaders: true },
  { operationId: 'JobRouterOperations_UpsertWorker', method: 'patch', path: '/routing/workers/{workerId}', summary: 'Creates or updates a worker.', pathParams: ['workerId'], body: { name: 'resource', schema: 'RouterWorkerCreateOrUpdate', required: true, mergePatch: true }, success: { '200': 'RouterWorker', '201': 'RouterWorker' }, entityHeaders: true },
  { operationId: 'JobRouterOperations_DeleteWorker', method: 'delete', path: '/routing/workers/{workerId}', summary: 'Deletes a worker.', pathParams: ['workerId'], success: { '204': undefined } },
  { operationId: 'JobRouterAdministrationOperations_UpsertQueue', method: 'patch', path: '/routing/queues/{queueId}', summary: 'Creates or updates a queue.', pathParams: ['queueId'], body: { name: 'resource', schema: 'RouterQueueCreateOrUpdate', required: true, mergePatch: true }, success: { '200': 'RouterQueue', '201': 'RouterQueue' }, entityHeaders: true },
  { operationId: 'JobRouterAdministrationOperations_DeleteQueue', method: 'delete', path: '/routing/queues/{queueId}', summary: 'Deletes a queue.', pathParams: ['queueId'], success: { '204': undefined } },
  { operationId: 'JobRouterAdministrationOperations_UpsertDistributionPolicy', method: 'patch', path: '/routing/distributionPolicies/{distributionPolicyId}', summary: 'Creates or updates a distribution policy.', pathParams: ['distributionPolicyId'], body: { name: 'resource', schema: 'DistributionPolicyCreateOrUpdate', required: true, mergePatch: true }, success: { '200': 'DistributionPolicy', '201': 'DistributionPolicy' }, entityHeaders: true },
  { operationId: 'JobRouterAdministrationOperations_DeleteDistributionPolicy', method: 'delete', path: '/routing/distributionPolicies/{distributionPolicyId}', summary: 'Deletes a distribution policy.', pathParams: ['distributionPolicyId'], success: { '204': undefined } },
];

export function kitOperation(operationId: string): KitOperation | undefined {
  return KIT_OPERATIONS.find((op) => op.operationId === operationId);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Drops the JSON Schema document keywords and points `$ref: "X"` at `#/definitions/X`. */
function toDefinition(value: unknown, rename: (id: string) => string = (id) => id): Json {
  if (Array.isArray(value)) return value.map((item) => toDefinition(item, rename));
  if (typeof value !== 'object' || value === null) return value as Json;
  const out: { [key: string]: Json } = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue;
    out[key] = key === '$ref' && typeof child === 'string' ? `#/definitions/${rename(child)}` : toDefinition(child, rename);
  }
  return out;
}

/** Create-or-update bodies are the resource minus its read-only properties, with nothing required (merge-patch). */
const CREATE_OR_UPDATE: Readonly<Record<string, SchemaId>> = {
  RouterJobCreateOrUpdate: 'RouterJob',
  RouterWorkerCreateOrUpdate: 'RouterWorker',
  RouterQueueCreateOrUpdate: 'RouterQueue',
  DistributionPolicyCreateOrUpdate: 'DistributionPolicy',
  DistributionModeCreateOrUpdate: 'DistributionMode',
  JobMatchingModeCreateOrUpdate: 'JobMatchingMode',
};

function createOrUpdateOf(id: SchemaId): OpenAPIV2.SchemaObject {
  const renamed = (ref: string): string => (`${ref}CreateOrUpdate` in CREATE_OR_UPDATE ? `${ref}CreateOrUpdate` : ref);
  const definition = toDefinition(schemaOf(id), renamed) as OpenAPIV2.SchemaObject;
  const properties: Record<string, OpenAPIV2.SchemaObject> = {};
  for (const [name, property] of Object.entries(definition.properties ?? {})) if (property.readOnly !== true) properties[name] = property;
  const { required, ...rest } = definition;
  // Discriminated modes keep `kind` required even in a patch: a mode without a kind means nothing.
  const keep = Array.isArray(required) && (id === 'DistributionMode' || id === 'JobMatchingMode');
  return { ...rest, properties, ...(keep ? { required } : {}) };
}

export function kitDefinitions(): Record<string, OpenAPIV2.SchemaObject> {
  const definitions: Record<string, OpenAPIV2.SchemaObject> = {};
  // Event Grid envelopes and router event data share the registry but are not operations' models.
  for (const id of SCHEMA_IDS) if (!isEventSchemaId(id) && id !== 'InputModel') definitions[id] = toDefinition(schemaOf(id)) as OpenAPIV2.SchemaObject;
  for (const [name, base] of Object.entries(CREATE_OR_UPDATE)) definitions[name] = createOrUpdateOf(base);
  return definitions;
}

const ERROR_RESPONSE: OpenAPIV2.ResponseObject = {
  description: 'An unexpected error response.',
  schema: { $ref: '#/definitions/ErrorResponse' },
  headers: { 'x-ms-error-code': { type: 'string', description: 'String error code indicating what went wrong.' } },
};

const ENTITY_HEADERS: OpenAPIV2.HeadersObject = {
  ETag: { type: 'string', description: 'The entity tag for the response.' },
  'Last-Modified': { type: 'string', format: 'date-time-rfc7231', description: 'The last modified timestamp.' },
};

function operationObject(op: KitOperation): OpenAPIV2.OperationObject {
  const parameters: OpenAPIV2.Parameters = [{ $ref: '#/parameters/ApiVersion' }];
  for (const name of op.pathParams) parameters.push({ name, in: 'path', required: true, type: 'string' });
  if (op.body?.mergePatch) parameters.push({ $ref: '#/parameters/IfMatch' }, { $ref: '#/parameters/IfUnmodifiedSince' });
  parameters.push(...(op.query ?? []));
  if (op.body) parameters.push({ name: op.body.name, in: 'body', required: op.body.required, schema: { $ref: `#/definitions/${op.body.schema}` } });
  const responses: OpenAPIV2.ResponsesObject = { default: ERROR_RESPONSE };
  for (const [status, definition] of Object.entries(op.success)) {
    const description = status === '204' ? 'There is no content to send for this request.' : 'The request has succeeded.';
    responses[status] = {
      description,
      ...(definition ? { schema: { $ref: `#/definitions/${definition}` } } : {}),
      ...(op.entityHeaders ? { headers: ENTITY_HEADERS } : {}),
    };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.body?.mergePatch ? { consumes: ['application/merge-patch+json'] } : {}),
    parameters,
    responses,
  };
}

let document: OpenAPIV2.Document | undefined;

export function kitOpenApiDocument(): OpenAPIV2.Document {
  if (document) return document;
  const paths: OpenAPIV2.PathsObject = {};
  for (const op of KIT_OPERATIONS) paths[op.path] = { ...paths[op.path], [op.method]: operationObject(op) };
  document = {
    swagger: '2.0',
    info: { title: 'Azure Communication Services Job Router — operations covered by the conformance kit', version: '2023-11-01' },
    schemes: ['https'],
    consumes: ['application/json'],
    produces: ['application/json'],
    parameters: {
      ApiVersion: { name: 'api-version', in: 'query', required: true, type: 'string', minLength: 1, description: 'The API version to use for this operation.' },
      IfMatch: { name: 'If-Match', in: 'header', required: false, type: 'string' },
      IfUnmodifiedSince: { name: 'If-Unmodified-Since', in: 'header', required: false, type: 'string', format: 'date-time-rfc7231' },
    },
    paths,
    definitions: kitDefinitions(),
  };
  return document;
}
