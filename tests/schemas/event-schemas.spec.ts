import { expect, test } from '@playwright/test';
import {
  ROUTER_EVENT_TYPES,
  dataSchemaFor,
  isEventSchemaId,
  validateRouterEvent,
  type EventEnvelopeSchema,
  type RouterEventType,
} from '../../src/contract/event-schemas';
import { kitOpenApiDocument } from '../../src/contract/openapi';
import { SCHEMA_IDS, isSchemaId, schemaOf, type SchemaId } from '../../src/contract/schemas';

/** Samples are the kit's own, modelled on the published router_*.json examples but true to their definitions. */

type Json = Record<string, unknown>;

const TOPIC = '/subscriptions/5f1c7a2e-0b7d-4c1e-9a3f-6d2e8b4c0a11/resourceGroups/contact-center/providers/Microsoft.Communication/communicationServices/contoso-acs';
const JOB_ID = '3f0a8c1e-5b7d-4e2a-9c61-0d4b2f7e8a90';
const ASSIGNMENT_ID = 'a7c2e9d4-1b3f-4e8a-b6d0-5c9f2a1e7b34';
const WORKER_ID = 'agent-17';
const OFFER_ID = 'e2b4d6f8-0a1c-4e3b-8d5f-7a9c1e3b5d70';
const JOB_SUBJECT = `job/${JOB_ID}/channel/voice`;
const ASSIGNMENT_SUBJECT = `${JOB_SUBJECT}/assignment/${ASSIGNMENT_ID}`;
const OFFER_SUBJECT = `worker/${WORKER_ID}/job/${JOB_ID}`;

const COMMON = { jobId: JOB_ID, channelReference: 'crm-case-48213', channelId: 'voice' };
const LABELS = { language: 'en', tier: 'gold', weight: '2' };
const TAGS = { crm: 'dynamics', region: 'emea' };
const JOB = { ...COMMON, queueId: 'support-en', labels: LABELS, tags: TAGS };
const SELECTOR = { key: 'skill', labelOperator: 'GreaterThanOrEqual', value: 5, ttlSeconds: 30, state: 'active', expirationTime: '2024-05-14T09:31:12.4410000Z' };
const EXPIRED = { ...SELECTOR, state: 'expired' };
const OFFER = { ...COMMON, workerId: WORKER_ID, queueId: 'support-en', offerId: OFFER_ID };
const OFFER_MAPS = { workerLabels: { language: 'en', level: '3' }, workerTags: { site: 'lisbon' }, jobLabels: LABELS, jobTags: TAGS };
const WORKER = {
  workerId: WORKER_ID,
  queueAssignments: [{ id: 'support-en', name: 'Support (English)', labels: { language: 'en' } }],
  channelConfigurations: [{ channelId: 'voice', capacityCostPerJob: 10, maxNumberOfJobs: 5 }],
  totalCapacity: 100,
  labels: { language: 'en', level: '3' },
  tags: { site: 'lisbon' },
};

const SAMPLES: Readonly<Record<RouterEventType, { subject: string; data: Json }>> = {
  'Microsoft.Communication.RouterJobReceived': { subject: JOB_SUBJECT, data: { ...JOB, jobStatus: 'PendingClassification', classificationPolicyId: 'by-language', priority: 1, requestedWorkerSelectors: [SELECTOR], scheduledOn: '2024-05-14T10:00:00Z', unavailableForMatching: false } },
  'Microsoft.Communication.RouterJobClassified': { subject: `${JOB_SUBJECT}/queue/support-en`, data: { ...JOB, queueDetails: { id: 'support-en', name: 'Support (English)', labels: { language: 'en' } }, classificationPolicyId: 'by-language', priority: 5, attachedWorkerSelectors: [SELECTOR] } },
  'Microsoft.Communication.RouterJobClassificationFailed': { subject: `${JOB_SUBJECT}/classificationpolicy/by-language`, data: { ...JOB, classificationPolicyId: 'by-language', errors: [{ code: 'ClassificationFailed', message: 'No queue selector matched.', target: 'queueSelectorAttachments', details: [{ code: 'NoMatch', message: 'language=xx' }] }] } },
  'Microsoft.Communication.RouterJobQueued': { subject: JOB_SUBJECT, data: { ...JOB, priority: 5, attachedWorkerSelectors: [SELECTOR], requestedWorkerSelectors: [] } },
  'Microsoft.Communication.RouterJobCompleted': { subject: ASSIGNMENT_SUBJECT, data: { ...JOB, assignmentId: ASSIGNMENT_ID, workerId: WORKER_ID } },
  'Microsoft.Communication.RouterJobClosed': { subject: ASSIGNMENT_SUBJECT, data: { ...JOB, assignmentId: ASSIGNMENT_ID, workerId: WORKER_ID, dispositionCode: 'resolved' } },
  'Microsoft.Communication.RouterJobCancelled': { subject: JOB_SUBJECT, data: { ...JOB, note: 'Customer hung up.', dispositionCode: 'abandoned' } },
  'Microsoft.Communication.RouterJobDeleted': { subject: JOB_SUBJECT, data: { ...JOB } },
  'Microsoft.Communication.RouterJobUnassigned': { subject: ASSIGNMENT_SUBJECT, data: { ...JOB, assignmentId: ASSIGNMENT_ID, workerId: WORKER_ID } },
  'Microsoft.Communication.RouterJobExceptionTriggered': { subject: JOB_SUBJECT, data: { ...JOB, ruleKey: 'wait-too-long', exceptionRuleId: 'escalation-policy' } },
  'Microsoft.Communication.RouterJobWaitingForActivation': { subject: JOB_SUBJECT, data: { ...JOB, priority: 1, expiredAttachedWorkerSelectors: [], expiredRequestedWorkerSelectors: [EXPIRED], scheduledOn: '2024-05-14T10:00:00+02:00', unavailableForMatching: true } },
  'Microsoft.Communication.RouterJobSchedulingFailed': { subject: JOB_SUBJECT, data: { ...JOB, priority: 1, expiredAttachedWorkerSelectors: [EXPIRED], expiredRequestedWorkerSelectors: [], scheduledOn: '2024-05-14T10:00:00.1736293Z', failureReason: 'Queue support-en was deleted.' } },
  'Microsoft.Communication.RouterJobWorkerSelectorsExpired': { subject: JOB_SUBJECT, data: { ...JOB, expiredRequestedWorkerSelectors: [EXPIRED], expiredAttachedWorkerSelectors: [] } },
  'Microsoft.Communication.RouterWorkerOfferIssued': { subject: OFFER_SUBJECT, data: { ...OFFER, ...OFFER_MAPS, jobPriority: 5, offeredOn: '2024-05-14T09:30:42.3847144Z', expiresOn: '2024-05-14T09:31:42.3847674Z' } },
  'Microsoft.Communication.RouterWorkerOfferAccepted': { subject: OFFER_SUBJECT, data: { ...OFFER, ...OFFER_MAPS, assignmentId: ASSIGNMENT_ID, jobPriority: 5 } },
  'Microsoft.Communication.RouterWorkerOfferDeclined': { subject: OFFER_SUBJECT, data: { ...OFFER } },
  'Microsoft.Communication.RouterWorkerOfferRevoked': { subject: OFFER_SUBJECT, data: { ...OFFER } },
  'Microsoft.Communication.RouterWorkerOfferExpired': { subject: OFFER_SUBJECT, data: { ...OFFER } },
  'Microsoft.Communication.RouterWorkerRegistered': { subject: `worker/${WORKER_ID}`, data: { ...WORKER } },
  'Microsoft.Communication.RouterWorkerUpdated': { subject: `worker/${WORKER_ID}`, data: { ...WORKER, updatedWorkerProperties: ['TotalCapacity', 'Labels'] } },
  'Microsoft.Communication.RouterWorkerDeregistered': { subject: `worker/${WORKER_ID}`, data: { workerId: WORKER_ID } },
  'Microsoft.Communication.RouterWorkerDeleted': { subject: `worker/${WORKER_ID}`, data: { ...COMMON, workerId: WORKER_ID } },
};

const TIME = '2024-05-14T09:30:42.1736293Z';

function envelope(schema: EventEnvelopeSchema, type: string, subject: string, data: unknown): Json {
  const id = 'c0d1e2f3-a4b5-4c6d-8e7f-901a2b3c4d5e';
  if (schema === 'cloudevents') return { id, source: TOPIC, subject, data, type, specversion: '1.0', time: TIME };
  return { id, topic: TOPIC, subject, data, eventType: type, dataVersion: '1.0', metadataVersion: '1', eventTime: TIME };
}

const sampleEvent = (schema: EventEnvelopeSchema, type: RouterEventType, data: Json = SAMPLES[type].data): Json =>
  envelope(schema, type, SAMPLES[type].subject, data);

const SCHEMAS: readonly EventEnvelopeSchema[] = ['eventgrid', 'cloudevents'];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schemas a data schema composes (itself and its allOf bases, recursively). */
function chain(id: SchemaId): SchemaId[] {
  const bases = Array.isArray(schemaOf(id)['allOf']) ? (schemaOf(id)['allOf'] as unknown[]) : [];
  const refs = bases.map((base) => (isObject(base) ? base['$ref'] : undefined)).filter((ref): ref is SchemaId => typeof ref === 'string' && isSchemaId(ref));
  return [...refs.flatMap(chain), id];
}

const requiredOf = (id: SchemaId): string[] =>
  chain(id).flatMap((part) => (Array.isArray(schemaOf(part)['required']) ? (schemaOf(part)['required'] as unknown[]).map(String) : []));

const propertiesOf = (id: SchemaId): Record<string, Json> =>
  Object.assign({}, ...chain(id).map((part) => (isObject(schemaOf(part)['properties']) ? schemaOf(part)['properties'] : {}))) as Record<string, Json>;

function schemaFor(type: RouterEventType): SchemaId {
  const id = dataSchemaFor(type);
  if (!id) throw new Error(`${type} has no data schema`);
  return id;
}

/** The published required lists: job data requires labels and tags, two job events unavailableForMatching, worker data nothing. */
function publishedRequired(type: RouterEventType): string[] {
  if (!type.includes('.RouterJob')) return [];
  const matching = type.endsWith('RouterJobReceived') || type.endsWith('RouterJobWaitingForActivation');
  return ['labels', 'tags', ...(matching ? ['unavailableForMatching'] : [])];
}

test('22 router event types, each with a registered data schema and a sample', () => {
  expect(ROUTER_EVENT_TYPES).toHaveLength(22);
  expect(new Set(ROUTER_EVENT_TYPES).size).toBe(22);
  expect(Object.keys(SAMPLES).sort()).toEqual([...ROUTER_EVENT_TYPES].sort());
  for (const type of ROUTER_EVENT_TYPES) {
    expect(type).toMatch(/^Microsoft\.Communication\.Router(Job|Worker)[A-Za-z]+$/);
    expect(schemaFor(type)).toBe(`AcsRouter${type.replace('Microsoft.Communication.Router', '')}EventData`);
  }
  expect(SCHEMA_IDS.filter(isEventSchemaId)).toHaveLength(2 + 4 + 3 + 22);
});

for (const type of ROUTER_EVENT_TYPES) {
  const short = type.replace('Microsoft.Communication.', '');

  test(`${short}: a sample event validates in both envelopes`, () => {
    for (const schema of SCHEMAS) expect(validateRouterEvent(sampleEvent(schema, type), schema), schema).toEqual({ ok: true });
  });

  test(`${short}: removing any required data property fails`, () => {
    const required = requiredOf(schemaFor(type));
    expect(required.sort()).toEqual(publishedRequired(type).sort());
    for (const name of required) {
      const data = Object.fromEntries(Object.entries(SAMPLES[type].data).filter(([key]) => key !== name));
      for (const schema of SCHEMAS) {
        expect(validateRouterEvent(sampleEvent(schema, type, data), schema), `${schema} without ${name}`).toEqual({
          ok: false,
          errors: [`/data: must have required property '${name}'`],
        });
      }
    }
  });
}

test('a date-time of the wrong type or form fails: data, nested selectors, envelope', () => {
  const wrong: readonly [unknown, string][] = [[1715679042, 'must be string'], ['tomorrow', 'must match format "date-time"'], ['2024-05-14T09:30:42', 'must match format "date-time"']];
  const checked: string[] = [];
  for (const type of ROUTER_EVENT_TYPES) {
    const { data } = SAMPLES[type];
    for (const [name, property] of Object.entries(propertiesOf(schemaFor(type)))) {
      if (property['format'] !== 'date-time' || data[name] === undefined) continue;
      checked.push(`${type}.${name}`);
      for (const [value, message] of wrong) {
        expect(validateRouterEvent(sampleEvent('eventgrid', type, { ...data, [name]: value }), 'eventgrid')).toEqual({ ok: false, errors: [`/data/${name}: ${message}`] });
      }
    }
  }
  expect(checked).toHaveLength(5);
  const received = 'Microsoft.Communication.RouterJobReceived';
  const selectors = [{ ...SELECTOR, expirationTime: '14/05/2024 09:31' }];
  expect(validateRouterEvent(sampleEvent('cloudevents', received, { ...SAMPLES[received].data, requestedWorkerSelectors: selectors }), 'cloudevents')).toEqual({
    ok: false,
    errors: ['/data/requestedWorkerSelectors/0/expirationTime: must match format "date-time"'],
  });
  expect(validateRouterEvent({ ...sampleEvent('eventgrid', received), eventTime: 'now' }, 'eventgrid')).toEqual({ ok: false, errors: ['/eventTime: must match format "date-time"'] });
  expect(validateRouterEvent({ ...sampleEvent('cloudevents', received), time: 0 }, 'cloudevents')).toEqual({ ok: false, errors: ['/time: must be string'] });
});

test('unknown properties pass at every level: envelope, data, selectors, queue details, errors', () => {
  const classified = 'Microsoft.Communication.RouterJobClassified';
  const failed = 'Microsoft.Communication.RouterJobClassificationFailed';
  const data = SAMPLES[classified].data;
  const extended = {
    ...data,
    futureField: { nested: [1, 'two'] },
    queueDetails: { ...(data['queueDetails'] as Json), distributionPolicyId: 'longest-idle' },
    attachedWorkerSelectors: [{ ...SELECTOR, expedite: true }],
  };
  const errors = [{ code: 'X', message: 'y', innererror: { code: 'Z', hint: 'extra' }, retryable: false }];
  for (const schema of SCHEMAS) {
    expect(validateRouterEvent({ ...sampleEvent(schema, classified, extended), traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, schema)).toEqual({ ok: true });
    expect(validateRouterEvent(sampleEvent(schema, failed, { ...SAMPLES[failed].data, errors }), schema)).toEqual({ ok: true });
  }
});

test('an unknown event type is checked as an envelope only', () => {
  for (const type of ['Microsoft.Communication.RouterQueueCreated', 'Microsoft.Storage.BlobCreated', 'microsoft.communication.routerjobclosed']) {
    expect(dataSchemaFor(type)).toBeUndefined();
    for (const schema of SCHEMAS) {
      expect(validateRouterEvent(envelope(schema, type, 'any/subject', { anything: [1, null] }), schema), `${schema} ${type}`).toEqual({ ok: true });
      expect(validateRouterEvent(envelope(schema, type, 'any/subject', 'text data'), schema)).toEqual({ ok: true });
      const { id: _id, ...withoutId } = envelope(schema, type, 'any/subject', {});
      expect(validateRouterEvent(withoutId, schema)).toEqual({ ok: false, errors: ["(root): must have required property 'id'"] });
    }
  }
  expect(dataSchemaFor('toString')).toBeUndefined();
  expect(dataSchemaFor('constructor')).toBeUndefined();
});

test('envelopes: required attributes, CloudEvents specversion 1.0, one event per call', () => {
  const closed = 'Microsoft.Communication.RouterJobClosed';
  for (const name of ['id', 'subject', 'data', 'eventType', 'eventTime', 'dataVersion']) {
    const event = Object.fromEntries(Object.entries(sampleEvent('eventgrid', closed)).filter(([key]) => key !== name));
    const result = validateRouterEvent(event, 'eventgrid');
    expect(result.ok, name).toBe(false);
    expect(result.ok ? [] : result.errors, name).toContain(`(root): must have required property '${name}'`);
  }
  for (const name of ['id', 'source', 'type', 'specversion']) {
    const event = Object.fromEntries(Object.entries(sampleEvent('cloudevents', closed)).filter(([key]) => key !== name));
    expect(validateRouterEvent(event, 'cloudevents').ok, name).toBe(false);
  }
  // The published CloudEvents examples spell it specVersion; CloudEvents 1.0 attribute names are lowercase.
  const { specversion: _version, ...camel } = sampleEvent('cloudevents', closed);
  expect(validateRouterEvent({ ...camel, specVersion: '1.0' }, 'cloudevents')).toEqual({ ok: false, errors: ["(root): must have required property 'specversion'"] });
  expect(validateRouterEvent({ ...sampleEvent('cloudevents', closed), specversion: '0.3' }, 'cloudevents')).toEqual({ ok: false, errors: ['/specversion: must be equal to one of the allowed values'] });
  // A CloudEvent may omit data; a router event may not.
  const { data: _data, ...bare } = sampleEvent('cloudevents', closed);
  expect(validateRouterEvent(bare, 'cloudevents')).toEqual({ ok: false, errors: ["(root): must have required property 'data'"] });
  const { data: _gridData, ...bareGrid } = sampleEvent('eventgrid', closed);
  expect(validateRouterEvent(bareGrid, 'eventgrid')).toEqual({ ok: false, errors: ["(root): must have required property 'data'"] });
  // A delivery is a batch (an array); each element is validated on its own.
  expect(validateRouterEvent([sampleEvent('eventgrid', closed)], 'eventgrid')).toEqual({ ok: false, errors: ['(root): must be object'] });
  expect(validateRouterEvent(null, 'cloudevents')).toEqual({ ok: false, errors: ['(root): must be object'] });
});

test('enums are open sets with the published PascalCase values; maps hold strings; numbers are typed', () => {
  const received = 'Microsoft.Communication.RouterJobReceived';
  const updated = 'Microsoft.Communication.RouterWorkerUpdated';
  const statuses = ['PendingClassification', 'Queued', 'Assigned', 'Completed', 'Closed', 'Cancelled', 'ClassificationFailed', 'Created', 'PendingSchedule', 'Scheduled', 'ScheduleFailed', 'WaitingForActivation', 'SomeFutureStatus'];
  const operators = ['Equal', 'NotEqual', 'Greater', 'Less', 'GreaterThanOrEqual', 'LessThanOrEqual', 'Between'];
  const data = SAMPLES[received].data;
  for (const jobStatus of statuses) expect(validateRouterEvent(sampleEvent('eventgrid', received, { ...data, jobStatus }), 'eventgrid'), jobStatus).toEqual({ ok: true });
  for (const labelOperator of operators) {
    const selectors = [{ ...SELECTOR, labelOperator, state: 'someFutureState' }];
    expect(validateRouterEvent(sampleEvent('eventgrid', received, { ...data, requestedWorkerSelectors: selectors }), 'eventgrid'), labelOperator).toEqual({ ok: true });
  }
  const changed = ['AvailableForOffers', 'TotalCapacity', 'QueueAssignments', 'Labels', 'Tags', 'ChannelConfigurations', 'Sockets'];
  expect(validateRouterEvent(sampleEvent('cloudevents', updated, { ...SAMPLES[updated].data, updatedWorkerProperties: changed }), 'cloudevents')).toEqual({ ok: true });

  const wrong = (patch: Json): unknown => validateRouterEvent(sampleEvent('eventgrid', received, { ...data, ...patch }), 'eventgrid');
  expect(wrong({ priority: 'high' })).toEqual({ ok: false, errors: ['/data/priority: must be integer'] });
  expect(wrong({ priority: 2 ** 31 })).toEqual({ ok: false, errors: ['/data/priority: must match format "int32"'] });
  expect(wrong({ labels: { weight: 2 } })).toEqual({ ok: false, errors: ['/data/labels/weight: must be string'] });
  expect(wrong({ unavailableForMatching: 'false' })).toEqual({ ok: false, errors: ['/data/unavailableForMatching: must be boolean'] });
  expect(wrong({ jobStatus: 3, requestedWorkerSelectors: [{ ...SELECTOR, ttlSeconds: '36' }] })).toEqual({
    ok: false,
    errors: ['/data/jobStatus: must be string', '/data/requestedWorkerSelectors/0/ttlSeconds: must be number'],
  });
});

test('event schemas stay out of the kit OpenAPI document', () => {
  const names = Object.keys(kitOpenApiDocument().definitions ?? {});
  expect(names.filter(isEventSchemaId)).toEqual([]);
  expect(names).toContain('RouterWorkerSelector');
});
