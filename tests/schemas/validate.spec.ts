import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { isErrorResponse as guardsError, isRouterJob, isRouterWorker } from '../../src/client/operations';
import { SCHEMA_IDS, compileAll, isErrorResponse, schemaOf, validate } from '../../src/contract/schemas';

const JOB = {
  id: 'job-1',
  etag: '"0x8DB"',
  status: 'queued',
  enqueuedAt: '2023-11-13T17:42:40.6425772+00:00',
  channelId: 'voice',
  queueId: 'q',
  priority: 1,
  requestedWorkerSelectors: [{ key: 'skill', labelOperator: 'equal', value: 5, expedite: false, status: 'active' }],
  attachedWorkerSelectors: [],
  labels: { tier: 'gold', weight: 2 },
  assignments: { a1: { assignmentId: 'a1', workerId: 'w', assignedAt: '2022-09-01T03:00:00+00:00', closedAt: '0001-01-01T00:00:00.0000000Z' } },
  tags: {},
  notes: [{ message: 'hello', addedAt: '2023-11-13T17:42:40Z' }],
  matchingMode: { kind: 'queueAndMatch' },
};

/** Schemas of the kit's own files (not API shapes) share the folder but not the API registry. */
const NOT_API = new Set(['waivers']);

test('every API schema file is registered and every registered id has a file', () => {
  const files = readdirSync(new URL('../../schemas/', import.meta.url)).filter((f) => f.endsWith('.schema.json'));
  const ids = files.map((f) => f.replace('.schema.json', '')).filter((id) => !NOT_API.has(id));
  expect(ids.sort()).toEqual([...SCHEMA_IDS].sort());
  for (const id of SCHEMA_IDS) expect(schemaOf(id)['$id']).toBe(id);
});

test('all schemas compile in strict mode', () => {
  expect(() => compileAll()).not.toThrow();
});

test('a job as the service returns it is valid', () => {
  expect(validate('RouterJob', JOB)).toEqual({ ok: true });
  expect(isRouterJob(JOB)).toBe(true);
});

test('unknown properties are allowed at every level', () => {
  const job = { ...JOB, futureField: { x: 1 }, notes: [{ message: 'm', extra: true }], matchingMode: { kind: 'suspend', extra: 1 } };
  expect(validate('RouterJob', job)).toEqual({ ok: true });
});

test('unknown enum values are allowed', () => {
  expect(validate('RouterJob', { ...JOB, status: 'someFutureStatus', matchingMode: { kind: 'futureMode' } })).toEqual({ ok: true });
  expect(validate('RouterWorker', { id: 'w', etag: 'e', state: 'hibernating' })).toEqual({ ok: true });
  expect(validate('DistributionPolicy', { id: 'p', etag: 'e', mode: { kind: 'weighted', scoringRule: {} } })).toEqual({ ok: true });
});

test('a wrong type is rejected with the path of the offending value', () => {
  expect(validate('RouterJob', { ...JOB, priority: 'high' })).toEqual({ ok: false, errors: ['/priority: must be integer'] });
  expect(validate('RouterJob', { ...JOB, notes: [{ message: 1 }] })).toEqual({ ok: false, errors: ['/notes/0/message: must be string'] });
  expect(validate('CancelJobOptions', { note: 42 })).toEqual({ ok: false, errors: ['/note: must be string'] });
  expect(validate('ActionResult', [])).toEqual({ ok: false, errors: ['(root): must be object'] });
  expect(validate('ActionResult', null).ok).toBe(false);
});

test('all errors are reported, missing required properties by name', () => {
  expect(validate('AcceptJobOfferResult', { jobId: 1 })).toEqual({
    ok: false,
    errors: ["(root): must have required property 'assignmentId'", "(root): must have required property 'workerId'", '/jobId: must be string'],
  });
  expect(validate('RouterJobOffer', { offerId: 'o', jobId: 'j' })).toEqual({ ok: false, errors: ["(root): must have required property 'capacityCost'"] });
});

test('formats are checked: date-time with offset and 0-7 fraction digits, int32 range', () => {
  expect(validate('CloseJobOptions', { closeAt: '2023-11-13T17:42:40.6425772+00:00' })).toEqual({ ok: true });
  expect(validate('CloseJobOptions', { closeAt: 'tomorrow' })).toEqual({ ok: false, errors: ['/closeAt: must match format "date-time"'] });
  expect(validate('CloseJobOptions', { closeAt: '2023-11-13T17:42:40' }).ok).toBe(false);
  expect(validate('RouterWorkerAssignment', { assignmentId: 'a', jobId: 'j', capacityCost: 2 ** 31, assignedAt: '2023-11-13T17:42:40Z' }).ok).toBe(false);
  expect(validate('RouterWorker', { id: 'w', etag: 'e', loadRatio: 0.5 })).toEqual({ ok: true });
});

test('action results accept {} and any object', () => {
  expect(validate('ActionResult', {})).toEqual({ ok: true });
  expect(validate('ActionResult', { extra: 1 })).toEqual({ ok: true });
});

test('the error envelope: error with code and message, nested details', () => {
  const body = { error: { code: 'NotFound', message: 'gone', target: '/routing/jobs/x', details: [{ code: 'A', message: 'b' }], innererror: { code: 'c', innererror: {} } } };
  expect(validate('ErrorResponse', body)).toEqual({ ok: true });
  expect(isErrorResponse(body)).toBe(true);
  expect(guardsError(body)).toBe(true);
  // The production service wraps errors in `communicationError`; the published contract says `error`.
  expect(isErrorResponse({ communicationError: { code: 'NotFound', message: 'gone' } })).toBe(false);
  expect(validate('ErrorResponse', { error: { code: 'X', message: 'y', details: [{ code: 'A' }] } })).toEqual({
    ok: false,
    errors: ["/error/details/0: must have required property 'message'"],
  });
});

test('type guards narrow only valid bodies', () => {
  expect(isRouterWorker({ id: 'w', etag: 'e', offers: [{ offerId: 'o', jobId: 'j', capacityCost: 1 }] })).toBe(true);
  expect(isRouterWorker({ id: 'w', etag: 'e', offers: [{ offerId: 'o' }] })).toBe(false);
  expect(isRouterJob(undefined)).toBe(false);
});
