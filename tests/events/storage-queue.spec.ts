import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { QueueClient } from '@azure/storage-queue';
import { createQueueSender } from '../../emulator/src/events/storage-queue';
import { checkQueue, startQueueReader, type QueueReader } from '../../src/events/storage-queue';
import { startAzurite, type Azurite } from '../support/azurite';

test.describe.configure({ mode: 'serial' });

let azurite: Azurite;
let azuriteStartMs = 0;

test.beforeAll(async () => {
  const started = Date.now();
  azurite = await startAzurite();
  azuriteStartMs = Date.now() - started;
});

test.afterAll(async () => {
  await azurite?.stop();
});

/** A fresh queue name per test, so tests never see each other's messages. */
function queueName(): string {
  return `q-${randomUUID().slice(0, 8)}`;
}

function routerEvent(i: number): Record<string, unknown> {
  return {
    id: randomUUID(),
    topic: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs',
    subject: `job/job-${i}/channel/voice`,
    eventType: 'Microsoft.Communication.RouterJobReceived',
    eventTime: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
    dataVersion: '1.0',
    metadataVersion: '1',
    data: { jobId: `job-${i}`, channelId: 'voice', queueId: 'q1', priority: i % 5, labels: { n: i, ü: 'ünïcødé ✓' }, tags: {} },
  };
}

/** Resolves once `predicate` holds, polling every 20 ms; fails after `timeoutMs`. */
async function until(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function approximateCount(client: QueueClient): Promise<number> {
  return (await client.getProperties()).approximateMessagesCount ?? -1;
}

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}


/** A reader on the queue that keeps every body and error it gets, polling every 50 ms. */
function readQueue(connectionString: string, queueName: string) {
  const bodies: unknown[] = [];
  const errors: Error[] = [];
  const reader = startQueueReader({ connectionString, queueName, onMessage: (body) => bodies.push(body), onError: (error) => errors.push(error), pollIntervalMs: 50 });
  return { bodies, errors, reader };
}

test('round trip: 50 events arrive once each with identical JSON, queue empty afterwards', async () => {
  const name = queueName();
  const events = Array.from({ length: 50 }, (_, i) => routerEvent(i));
  const sender = createQueueSender(azurite.connectionString, name);
  expect(sender.target).toBe(`${azurite.queueUrl}/${name}`);
  expect(sender.target).not.toContain('AccountKey');

  const started = Date.now();
  await sender.send(events);
  const sentMs = Date.now() - started;
  const { bodies, errors, reader } = readQueue(azurite.connectionString, name);
  try {
    await until(() => bodies.length >= events.length);
    test.info().annotations.push(
      { type: 'azurite-start-ms', description: String(azuriteStartMs) },
      { type: 'round-trip-50-ms', description: `${Date.now() - started} (send ${sentMs})` },
    );
    // Anything late (a duplicate) would show up within a few more polls.
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    await reader.stop();
  }

  expect(errors).toEqual([]);
  expect(reader.received).toBe(50);
  expect(reader.undecodable).toBe(0);
  const byId = (list: readonly unknown[]): unknown[] =>
    [...list].sort((a, b) => String((a as { id: string }).id).localeCompare(String((b as { id: string }).id)));
  expect(JSON.stringify(byId(bodies))).toBe(JSON.stringify(byId(events)));

  const client = new QueueClient(azurite.connectionString, name);
  expect(await approximateCount(client)).toBe(0);
  const peeked = await client.peekMessages({ numberOfMessages: 32 });
  expect(peeked.peekedMessageItems).toHaveLength(0);
});

test('sender writes base64 of the JSON with Event Grid\'s 7-day time-to-live', async () => {
  const name = queueName();
  const event = routerEvent(7);
  await createQueueSender(azurite.connectionString, name).send([event]);
  const client = new QueueClient(azurite.connectionString, name);
  const [message] = (await client.peekMessages()).peekedMessageItems;
  expect(message).toBeDefined();
  expect(Buffer.from(message?.messageText ?? '', 'base64').toString('utf8')).toBe(JSON.stringify(event));
  const ttlMs = (message?.expiresOn.getTime() ?? 0) - (message?.insertedOn.getTime() ?? 0);
  expect(Math.round(ttlMs / 1000)).toBe(7 * 24 * 60 * 60);
});

test('undecodable messages are counted and deleted; plain JSON text is accepted; the reader keeps going', async () => {
  const name = queueName();
  const client = new QueueClient(azurite.connectionString, name);
  await client.create();
  await client.sendMessage('%%% not base64, not JSON %%%');
  await client.sendMessage(Buffer.from('{"truncated": ', 'utf8').toString('base64'));
  await client.sendMessage(Buffer.from([0xff, 0xfe, 0x00, 0x7b]).toString('base64'));
  await client.sendMessage(JSON.stringify({ plain: true, eventType: 'Microsoft.Communication.RouterWorkerRegistered' }));

  const { bodies, errors, reader } = readQueue(azurite.connectionString, name);
  try {
    await until(() => reader.undecodable === 3 && bodies.length === 1);
    // Still polling: a good message sent afterwards arrives too.
    await createQueueSender(azurite.connectionString, name).send([routerEvent(1)]);
    await until(() => bodies.length === 2);
  } finally {
    await reader.stop();
  }
  expect(errors).toEqual([]);
  expect(bodies[0]).toEqual({ plain: true, eventType: 'Microsoft.Communication.RouterWorkerRegistered' });
  expect((bodies[1] as { subject: string }).subject).toBe('job/job-1/channel/voice');
  expect(reader.received).toBe(2);
  expect(reader.undecodable).toBe(3);
  expect(await approximateCount(client)).toBe(0);
});

test('checkQueue: ok for an existing queue, one key-free sentence for each failure', async () => {
  const name = queueName();
  await new QueueClient(azurite.connectionString, name).create();
  expect(await checkQueue(azurite.connectionString, name)).toEqual({ ok: true });

  const realKey = /AccountKey=([^;]+)/.exec(azurite.connectionString)?.[1] ?? '';
  const wrongKey = Buffer.from('not-the-azurite-key-'.repeat(3), 'utf8').toString('base64');
  const port = await closedPort();
  const cases: { label: string; connectionString: string; queue: string; pattern: RegExp }[] = [
    { label: 'missing queue', connectionString: azurite.connectionString, queue: 'no-such-queue', pattern: /does not exist/ },
    {
      label: 'refused key',
      connectionString: azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${wrongKey}`),
      queue: name,
      pattern: /refused the connection string's credentials/,
    },
    {
      label: 'unreachable',
      connectionString: azurite.connectionString.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`),
      queue: name,
      pattern: /Cannot reach the queue service at http:\/\/127\.0\.0\.1:\d+/,
    },
    { label: 'bad connection string', connectionString: `AccountKey=${wrongKey};nonsense`, queue: name, pattern: /not usable/ },
  ];
  for (const c of cases) {
    const result = await checkQueue(c.connectionString, c.queue);
    expect(result.ok, c.label).toBe(false);
    const sentence = result.ok ? '' : result.sentence;
    expect(sentence, c.label).toMatch(c.pattern);
    expect(sentence, c.label).not.toContain(realKey);
    expect(sentence, c.label).not.toContain(wrongKey);
    expect(sentence, c.label).not.toMatch(/AccountKey=|sig=|\n|\bat .*\.(?:ts|js):\d+/);
    expect(sentence.trim().endsWith('.'), c.label).toBe(true);
  }
});

test('a reader started on an empty queue picks up later messages; stop() is prompt', async () => {
  const name = queueName();
  const sender = createQueueSender(azurite.connectionString, name);
  await new QueueClient(azurite.connectionString, name).create();
  const bodies: unknown[] = [];
  const errors: Error[] = [];
  let reader: QueueReader | undefined;
  try {
    reader = startQueueReader({
      connectionString: azurite.connectionString,
      queueName: name,
      onMessage: (body) => bodies.push(body),
      onError: (error) => errors.push(error),
      pollIntervalMs: 200,
    });
    // Several empty polls go by first.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(bodies).toHaveLength(0);
    await sender.send([routerEvent(1), routerEvent(2), routerEvent(3)]);
    await until(() => bodies.length === 3);
  } finally {
    const stopping = Date.now();
    await reader?.stop();
    expect(Date.now() - stopping).toBeLessThan(2_000);
  }
  expect(errors).toEqual([]);
  expect(reader?.received).toBe(3);
});

test('a reader on an unreachable queue reports errors, backs off, and still stops promptly', async () => {
  const port = await closedPort();
  const errors: Error[] = [];
  const reader = startQueueReader({
    connectionString: azurite.connectionString.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`),
    queueName: 'anything',
    onMessage: () => undefined,
    onError: (error) => errors.push(error),
    pollIntervalMs: 20,
  });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const stopping = Date.now();
  await reader.stop();
  expect(Date.now() - stopping).toBeLessThan(2_000);
  // Backoff from 250 ms doubling: at most a handful of attempts in one second, not fifty.
  expect(errors.length).toBeGreaterThanOrEqual(1);
  expect(errors.length).toBeLessThanOrEqual(4);
  for (const error of errors) expect(error.message).not.toMatch(/AccountKey=|Eby8vdM02/);
});
