import { validate, type SchemaId, type ValidationResult } from './schemas';

/**
 * Job Router events as Azure Event Grid delivers them: system events `Microsoft.Communication.Router*`, in the Event
 * Grid or the CloudEvents 1.0 envelope. The envelope and the data are checked against the kit's own schemas
 * (schemas/EventGridEvent, schemas/CloudEvent, schemas/AcsRouter*), written from the published Event Grid data-plane
 * description of Azure Communication Services events.
 */

/** Event type → the schema of its data. */
const DATA_SCHEMAS = {
  'Microsoft.Communication.RouterJobReceived': 'AcsRouterJobReceivedEventData',
  'Microsoft.Communication.RouterJobClassified': 'AcsRouterJobClassifiedEventData',
  'Microsoft.Communication.RouterJobClassificationFailed': 'AcsRouterJobClassificationFailedEventData',
  'Microsoft.Communication.RouterJobQueued': 'AcsRouterJobQueuedEventData',
  'Microsoft.Communication.RouterJobCompleted': 'AcsRouterJobCompletedEventData',
  'Microsoft.Communication.RouterJobClosed': 'AcsRouterJobClosedEventData',
  'Microsoft.Communication.RouterJobCancelled': 'AcsRouterJobCancelledEventData',
  'Microsoft.Communication.RouterJobDeleted': 'AcsRouterJobDeletedEventData',
  'Microsoft.Communication.RouterJobUnassigned': 'AcsRouterJobUnassignedEventData',
  'Microsoft.Communication.RouterJobExceptionTriggered': 'AcsRouterJobExceptionTriggeredEventData',
  'Microsoft.Communication.RouterJobWaitingForActivation': 'AcsRouterJobWaitingForActivationEventData',
  'Microsoft.Communication.RouterJobSchedulingFailed': 'AcsRouterJobSchedulingFailedEventData',
  'Microsoft.Communication.RouterJobWorkerSelectorsExpired': 'AcsRouterJobWorkerSelectorsExpiredEventData',
  'Microsoft.Communication.RouterWorkerOfferIssued': 'AcsRouterWorkerOfferIssuedEventData',
  'Microsoft.Communication.RouterWorkerOfferAccepted': 'AcsRouterWorkerOfferAcceptedEventData',
  'Microsoft.Communication.RouterWorkerOfferDeclined': 'AcsRouterWorkerOfferDeclinedEventData',
  'Microsoft.Communication.RouterWorkerOfferRevoked': 'AcsRouterWorkerOfferRevokedEventData',
  'Microsoft.Communication.RouterWorkerOfferExpired': 'AcsRouterWorkerOfferExpiredEventData',
  'Microsoft.Communication.RouterWorkerRegistered': 'AcsRouterWorkerRegisteredEventData',
  'Microsoft.Communication.RouterWorkerUpdated': 'AcsRouterWorkerUpdatedEventData',
  'Microsoft.Communication.RouterWorkerDeregistered': 'AcsRouterWorkerDeregisteredEventData',
  'Microsoft.Communication.RouterWorkerDeleted': 'AcsRouterWorkerDeletedEventData',
} as const satisfies Readonly<Record<string, SchemaId>>;

export type RouterEventType = keyof typeof DATA_SCHEMAS;

/** The 22 Job Router event types, full names (`Microsoft.Communication.RouterJobClosed` …). */
export const ROUTER_EVENT_TYPES = Object.keys(DATA_SCHEMAS) as readonly RouterEventType[];

export type EventEnvelopeSchema = 'eventgrid' | 'cloudevents';

const ENVELOPES: Readonly<Record<EventEnvelopeSchema, { readonly schema: SchemaId; readonly typeKey: string }>> = {
  eventgrid: { schema: 'EventGridEvent', typeKey: 'eventType' },
  cloudevents: { schema: 'CloudEvent', typeKey: 'type' },
};

export function isRouterEventType(type: string): type is RouterEventType {
  return Object.hasOwn(DATA_SCHEMAS, type);
}

/** The schema of a router event type's data; undefined for any other type. */
export function dataSchemaFor(type: string): SchemaId | undefined {
  return isRouterEventType(type) ? DATA_SCHEMAS[type] : undefined;
}

/** Envelope and event-data schemas share the registry but are not Job Router REST models (no OpenAPI, no drift). */
export function isEventSchemaId(id: string): boolean {
  return id.startsWith('AcsRouter') || id === 'EventGridEvent' || id === 'CloudEvent';
}

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Re-roots a data error (`(root): …`, `/labels: …`) under the envelope (`/data: …`, `/data/labels: …`). */
const underData = (error: string): string => `/data${error.startsWith('(root)') ? error.slice('(root)'.length) : error}`;

/**
 * Validates one delivered event (one element of a batch): the envelope, then — for a router event type — its data.
 * Every problem is reported, envelope first. An unknown type is checked as an envelope only.
 */
export function validateRouterEvent(raw: unknown, schema: EventEnvelopeSchema): ValidationResult {
  const { schema: envelopeSchema, typeKey } = ENVELOPES[schema];
  const envelope = validate(envelopeSchema, raw);
  const errors = envelope.ok ? [] : [...envelope.errors];
  const type = isObject(raw) ? raw[typeKey] : undefined;
  const dataSchema = typeof type === 'string' ? dataSchemaFor(type) : undefined;
  if (isObject(raw) && dataSchema) {
    const missing = "(root): must have required property 'data'";
    if (raw['data'] === undefined) {
      // The Event Grid envelope already says so; a CloudEvent may omit data, a router event may not.
      if (!errors.includes(missing)) errors.push(missing);
    } else {
      const data = validate(dataSchema, raw['data']);
      if (!data.ok) errors.push(...data.errors.map(underData));
    }
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}
