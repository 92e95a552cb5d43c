import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KIT_ROOT } from '../paths';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The one schema registry. Schemas live in `schemas/<Id>.schema.json` and are read relative to this module (not the
 * working directory) so the kit validates the same way under tsx, Playwright's loader and from any cwd.
 */
export const SCHEMA_IDS = [
  'ErrorResponse',
  'Error',
  'InnerError',
  'CancelJobOptions',
  'CompleteJobOptions',
  'CloseJobOptions',
  'DeclineJobOfferOptions',
  'AcceptJobOfferResult',
  'ActionResult',
  'UnassignJobResult',
  'RouterJobNote',
  'RouterJobAssignment',
  'RouterWorkerSelector',
  'JobMatchingMode',
  'RouterJob',
  'RouterJobOffer',
  'RouterWorkerAssignment',
  'RouterChannel',
  'RouterWorker',
  'RouterQueue',
  'DistributionMode',
  'DistributionPolicy',
  'PagedRouterJob',
  // Event Grid envelopes and Job Router event data (src/contract/event-schemas.ts); not REST models.
  'EventGridEvent',
  'CloudEvent',
  'AcsRouterWorkerSelector',
  'AcsRouterQueueDetails',
  'AcsRouterChannelConfiguration',
  'AcsRouterCommunicationError',
  'AcsRouterEventData',
  'AcsRouterJobEventData',
  'AcsRouterWorkerEventData',
  'AcsRouterJobReceivedEventData',
  'AcsRouterJobClassifiedEventData',
  'AcsRouterJobClassificationFailedEventData',
  'AcsRouterJobQueuedEventData',
  'AcsRouterJobCompletedEventData',
  'AcsRouterJobClosedEventData',
  'AcsRouterJobCancelledEventData',
  'AcsRouterJobDeletedEventData',
  'AcsRouterJobUnassignedEventData',
  'AcsRouterJobExceptionTriggeredEventData',
  'AcsRouterJobWaitingForActivationEventData',
  'AcsRouterJobSchedulingFailedEventData',
  'AcsRouterJobWorkerSelectorsExpiredEventData',
  'AcsRouterWorkerOfferIssuedEventData',
  'AcsRouterWorkerOfferAcceptedEventData',
  'AcsRouterWorkerOfferDeclinedEventData',
  'AcsRouterWorkerOfferRevokedEventData',
  'AcsRouterWorkerOfferExpiredEventData',
  'AcsRouterWorkerRegisteredEventData',
  'AcsRouterWorkerUpdatedEventData',
  'AcsRouterWorkerDeregisteredEventData',
  'AcsRouterWorkerDeletedEventData',
  // The kit's own data: the input models of the operations (schemas/input-model/*.json); not an API shape.
  'InputModel',
] as const;

export type SchemaId = (typeof SCHEMA_IDS)[number];

export type JsonSchema = Readonly<Record<string, unknown>>;

export type ValidationResult = { ok: true } | { ok: false; errors: string[] };

const SCHEMA_DIR = pathToFileURL(join(KIT_ROOT, 'schemas') + sep);

export function isSchemaId(value: string): value is SchemaId {
  return (SCHEMA_IDS as readonly string[]).includes(value);
}

const rawSchemas = new Map<SchemaId, JsonSchema>();

/** The schema document as stored (with `$id`, `$ref`s to other ids). Read once. */
export function schemaOf(id: SchemaId): JsonSchema {
  let schema = rawSchemas.get(id);
  if (!schema) {
    const parsed: unknown = JSON.parse(readFileSync(new URL(`${id}.schema.json`, SCHEMA_DIR), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`schemas/${id}.schema.json is not a JSON object.`);
    schema = parsed as JsonSchema;
    if (schema['$id'] !== id) throw new Error(`schemas/${id}.schema.json has $id "${String(schema['$id'])}", expected "${id}".`);
    rawSchemas.set(id, schema);
  }
  return schema;
}

let ajv: Ajv | undefined;
const compiled = new Map<SchemaId, ValidateFunction>();

function registry(): Ajv {
  if (!ajv) {
    // strict: a typo in a schema keyword must fail loudly, not silently validate nothing.
    const instance = new Ajv({ strict: true, allErrors: true });
    addFormats(instance);
    for (const id of SCHEMA_IDS) instance.addSchema(schemaOf(id));
    ajv = instance;
  }
  return ajv;
}

function validatorFor(id: SchemaId): ValidateFunction {
  let fn = compiled.get(id);
  if (!fn) {
    const found = registry().getSchema(id);
    if (!found) throw new Error(`Schema "${id}" is not registered.`);
    fn = found;
    compiled.set(id, fn);
  }
  return fn;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  if (error.keyword === 'required') return `${where}: must have required property '${String(error.params['missingProperty'])}'`;
  return `${where}: ${error.message ?? error.keyword}`;
}

export function validate(id: SchemaId, value: unknown): ValidationResult {
  const fn = validatorFor(id);
  if (fn(value)) return { ok: true };
  return { ok: false, errors: (fn.errors ?? []).map(describe) };
}

/** Compiles every schema now; a broken schema surfaces at startup instead of at the first response. */
export function compileAll(): void {
  for (const id of SCHEMA_IDS) validatorFor(id);
}

export function matches(id: SchemaId, value: unknown): boolean {
  return validate(id, value).ok;
}

/** Narrowing for error bodies; the full interface lives with the client's types. */
export interface ErrorBody {
  error: { code: string; message: string; target?: string; details?: unknown[]; innererror?: unknown };
}

export function isErrorResponse(value: unknown): value is ErrorBody {
  return matches('ErrorResponse', value);
}
