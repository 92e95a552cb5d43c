import { expect, test } from '@playwright/test';
import { startEmulator, type RunningEmulator } from 'jobrouter-emulator';
import { at, clientFor, type Answer, type Send } from '../../emulator/tests/client';

/** The emulator's runtime API for event subscriptions: signed, no api-version, never shows a secret. */
let emulator: RunningEmulator;
let send: Send;

test.beforeEach(async () => {
  emulator = await startEmulator({ quiet: true });
  send = clientFor(emulator.url, emulator.accessKey);
});
test.afterEach(async () => emulator.close());

const path = (name?: string): string => `/emulator/eventSubscriptions${name === undefined ? '' : `/${name}`}`;
const call = (method: string, name?: string, body?: unknown): Promise<Answer> => send(method, path(name), { apiVersion: null, ...(body === undefined ? {} : { body }) });
const SECRET = 'secretsecretsecret';

function expectEmulatorError(answer: Answer, status: number): void {
  expect(answer.status).toBe(status);
  expect(typeof at(answer.body, 'error', 'code')).toBe('string');
  expect(typeof at(answer.body, 'error', 'message')).toBe('string');
  expect(answer.headers.get('x-ms-error-code')).toBe(at(answer.body, 'error', 'code'));
}

test('PUT creates (201) then replaces (200), GET lists and shows one, DELETE answers 204 then 404', async () => {
  const created = await call('PUT', 'sub-one', { endpointUrl: 'http://127.0.0.1:9/a' });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ name: 'sub-one', destination: 'http://127.0.0.1:9/a', schema: 'eventgrid', validated: false, delivered: 0, pending: 0 });
  const replaced = await call('PUT', 'sub-one', { endpointUrl: 'http://127.0.0.1:9/b', schema: 'cloudevents' });
  expect(replaced.status).toBe(200);
  expect(replaced.body).toMatchObject({ destination: 'http://127.0.0.1:9/b', schema: 'cloudevents' });
  expect((await call('PUT', 'sub-two', { endpointUrl: 'https://example.invalid/hook' })).status).toBe(201);

  const list = await call('GET');
  expect(list.status).toBe(200);
  expect((at(list.body, 'value') as unknown[]).map((s) => at(s, 'name')).sort()).toEqual(['sub-one', 'sub-two']);
  const one = await call('GET', 'sub-one');
  expect(one.status).toBe(200);
  expect(at(one.body, 'destination')).toBe('http://127.0.0.1:9/b');
  expect(emulator.events.list()).toHaveLength(2);

  expect((await call('DELETE', 'sub-one')).status).toBe(204);
  expectEmulatorError(await call('DELETE', 'sub-one'), 404);
  expectEmulatorError(await call('GET', 'sub-one'), 404);
  expect((at((await call('GET')).body, 'value') as unknown[]).map((s) => at(s, 'name'))).toEqual(['sub-two']);
});

test('bad bodies and names answer 400 with the emulator error JSON and create nothing', async () => {
  const bad: [string, unknown][] = [
    ['no-url', {}],
    ['no-url-schema-only', { schema: 'eventgrid' }],
    ['not-http', { endpointUrl: 'ftp://127.0.0.1/hook' }],
    ['relative', { endpointUrl: '/hook' }],
    ['both', { endpointUrl: 'http://127.0.0.1:9/', storageQueue: { connectionString: 'UseDevelopmentStorage=true', queueName: 'q' } }],
    ['queue-no-name', { storageQueue: { connectionString: 'UseDevelopmentStorage=true' } }],
    ['unknown-schema', { endpointUrl: 'http://127.0.0.1:9/', schema: 'xml' }],
    ['ab', { endpointUrl: 'http://127.0.0.1:9/' }],
    ['not_allowed!', { endpointUrl: 'http://127.0.0.1:9/' }],
    ['array-body', [{ endpointUrl: 'http://127.0.0.1:9/' }]],
  ];
  for (const [name, body] of bad) {
    const answer = await call('PUT', encodeURIComponent(name), body);
    expectEmulatorError(answer, 400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  }
  const raw = await send('PUT', path('not-json'), { apiVersion: null, rawBody: '{"endpointUrl":', contentType: 'application/json' });
  expectEmulatorError(raw, 400);
  expect(at((await call('GET')).body, 'value')).toEqual([]);
});

test('unsigned or wrongly signed requests answer 401 and change nothing', async () => {
  expectEmulatorError(await send('GET', path(), { apiVersion: null, sign: false }), 401);
  expectEmulatorError(await send('PUT', path('sneaky'), { apiVersion: null, sign: false, body: { endpointUrl: 'http://127.0.0.1:9/' } }), 401);
  const otherKey = clientFor(emulator.url, Buffer.from('not the emulator key').toString('base64'));
  expectEmulatorError(await otherKey('DELETE', path('sneaky'), { apiVersion: null }), 401);
  expect(emulator.events.list()).toEqual([]);
  // Signed, the same route works without an api-version.
  expect((await call('GET')).status).toBe(200);
});

test('no connection string or URL secret ever appears in the answers', async () => {
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${SECRET};QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;`;
  const queue = await call('PUT', 'queue-sub', { storageQueue: { connectionString, queueName: 'router-events' } });
  expect(queue.status).toBe(201);
  expect(at(queue.body, 'destination')).toBe('storage queue "router-events"');
  expect(at(queue.body, 'validated')).toBe(true);
  const hook = await call('PUT', 'hook-sub', { endpointUrl: `http://user:${SECRET}@127.0.0.1:9/hook?code=${SECRET}` });
  expect(hook.status).toBe(201);
  expect(at(hook.body, 'destination')).toBe('http://127.0.0.1:9/hook');

  const answers = [queue, hook, await call('GET'), await call('GET', 'queue-sub'), await call('GET', 'hook-sub')];
  for (const answer of answers) {
    expect(answer.text.length).toBeGreaterThan(0);
    expect(answer.text).not.toContain(SECRET);
    expect(answer.text).not.toContain('AccountKey');
  }
});
