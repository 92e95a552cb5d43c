import { expect, test } from '@playwright/test';
import { QueueClient } from '@azure/storage-queue';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from 'jobrouter-emulator';
import { REQUIREMENTS } from '../../src/contract/requirements';
import { checkQueue } from '../../src/events/storage-queue';
import { REPORT_FILES } from '../../src/report/write';
import { startAzurite, type Azurite } from '../support/azurite';
import { accountKeyOf, eventsQueueName, eventStatuses, runDir, runKit, tail, type KitRun, type RunDir } from './run-kit';

/**
 * Whole conformance runs of the event requirements (EVT-*), as a user makes them: `npm run conformance -- --grep EVT`
 * against an emulator started here, with the events coming through a real Azurite queue, or through no source at all.
 * Each run is a child process with its own reports directory; each test is bounded.
 */

const EVT_IDS = REQUIREMENTS.filter((r) => r.area === 'events').map((r) => r.id).sort();
const RUN_TIMEOUT_MS = 120_000;

const all = (status: string): Record<string, string> => Object.fromEntries(EVT_IDS.map((id) => [id, status]));

/** An emulator on a free loopback port; with `queue`, subscribed to deliver into that Storage queue. */
function emulatorFor(queue: { connectionString: string; queueName: string } | undefined, options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const events = queue ? { events: { subscriptions: [{ name: 'evt-queue', destination: { kind: 'storage-queue' as const, ...queue } }] } } : {};
  return startEmulator({ port: 0, quiet: true, ...options, ...events });
}

/** The target keys for an emulator started here: a remote endpoint as far as the kit knows. */
const targetOf = (emulator: RunningEmulator): Record<string, string> => ({ JOBROUTER_ENDPOINT: emulator.url, JOBROUTER_ACCESS_KEY: emulator.accessKey });

const queueSource = (connectionString: string, queueName: string): Record<string, string> => ({
  JOBROUTER_EVENTS_SOURCE: 'storage-queue',
  JOBROUTER_EVENTS_QUEUE_CONNECTION_STRING: connectionString,
  JOBROUTER_EVENTS_QUEUE_NAME: queueName,
});

/** What the kit printed and wrote: the places a secret must never appear. */
const everything = (run: KitRun): string => [run.stdout, run.stderr, ...Object.values(run.files)].join('\n');

test.describe('conformance runs of the event requirements', () => {
  test.describe.configure({ timeout: RUN_TIMEOUT_MS });

  let azurite: Azurite | undefined;
  let dir: RunDir | undefined;
  let emulator: RunningEmulator | undefined;

  test.beforeEach(async () => {
    dir = await runDir();
  });

  test.afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    await azurite?.stop();
    azurite = undefined;
    await dir?.remove();
  });

  /** Azurite and a queue for this test (created, as Event Grid requires of a Storage-queue destination). */
  async function azuriteQueue(): Promise<{ connectionString: string; queueName: string }> {
    azurite = await startAzurite();
    const queueName = eventsQueueName();
    await new QueueClient(azurite.connectionString, queueName).create();
    return { connectionString: azurite.connectionString, queueName };
  }

  test('storage queue: every EVT requirement passes, the report names the queue and never its key', async () => {
    test.setTimeout(RUN_TIMEOUT_MS);
    const queue = await azuriteQueue();
    emulator = await emulatorFor(queue);
    const run = await runKit(['--grep', 'EVT'], { ...targetOf(emulator), ...queueSource(queue.connectionString, queue.queueName) }, dir!.path);
    test.info().annotations.push({ type: 'run', description: `${run.durationMs} ms · ${run.report?.events?.line ?? 'no events line'}` });
    console.log(`[storage-queue run] ${run.durationMs} ms · Events: ${run.report?.events?.line ?? '-'}`);

    expect(run.code, tail(run)).toBe(0);
    expect(run.report?.verdict).toBe('conformant');
    expect(eventStatuses(run.report)).toEqual(all('passed'));
    expect(EVT_IDS).toHaveLength(10);
    expect(run.report?.events?.checked).toBe(true);
    expect(run.report?.events?.line).toContain(`Storage queue "${queue.queueName}"`);
    expect(run.report?.events?.line).toMatch(/· [1-9]\d* events of this run received/);
    expect(run.stdout).toMatch(/^Events: via Storage queue/m);

    const key = accountKeyOf(queue.connectionString);
    for (const name of Object.values(REPORT_FILES)) {
      expect(run.files[name], `${name} was written`).not.toBe('');
      expect(run.files[name]!.includes(key), `${name} holds the AccountKey`).toBe(false);
    }
    expect(run.stdout.includes(key), 'stdout holds the AccountKey').toBe(false);
    expect(run.stderr.includes(key), 'stderr holds the AccountKey').toBe(false);
  });

  test('storage queue, emulator without RouterJobClosed: EVT-CLOSE-01 and EVT-CLOSE-AT-01 fail, exit 1', async () => {
    test.setTimeout(RUN_TIMEOUT_MS);
    const queue = await azuriteQueue();
    emulator = await emulatorFor(queue, { faults: ['event-job-closed-missing'] });
    const run = await runKit(['--grep', 'EVT'], { ...targetOf(emulator), ...queueSource(queue.connectionString, queue.queueName) }, dir!.path);

    expect(run.code, tail(run)).toBe(1);
    expect(run.report?.verdict).toBe('not-conformant');
    const statuses = eventStatuses(run.report);
    // Whether an event is sent gates only for RouterJobClosed (EVT-CLOSE-*); EVT-DATA-01 judges what delivered events say.
    const closed = new Set(['EVT-CLOSE-01', 'EVT-CLOSE-AT-01']);
    expect(statuses).toEqual(Object.fromEntries(EVT_IDS.map((id) => [id, closed.has(id) ? 'failed' : 'passed'])));
  });

  test('no event source: the EVT requirements are skipped and the run says so; the verdict stands on the rest', async () => {
    test.setTimeout(RUN_TIMEOUT_MS);
    emulator = await emulatorFor(undefined);
    const run = await runKit(['--grep', 'EVT|CLOSE-NOW-01'], targetOf(emulator), dir!.path);

    expect(run.code, tail(run)).toBe(0);
    expect(run.report?.verdict).toBe('conformant');
    expect(eventStatuses(run.report)).toEqual(all('skipped'));
    for (const r of run.report?.requirements.filter((x) => x.id.startsWith('EVT-')) ?? []) {
      expect(r.message, `${r.id} says why it was skipped`).toContain('no event source configured');
    }
    expect(run.report?.requirements.find((r) => r.id === 'CLOSE-NOW-01')?.status).toBe('passed');
    expect(run.report?.events?.checked).toBe(false);
    expect(run.stdout).toMatch(/^Events: not checked/m);
    expect(run.files[REPORT_FILES.html]).toContain('no event source configured');
  });

  test('no event source with JOBROUTER_EVENTS_REQUIRED=1: the EVT requirements are errors, verdict error, exit 2', async () => {
    test.setTimeout(RUN_TIMEOUT_MS);
    emulator = await emulatorFor(undefined);
    const run = await runKit(['--grep', 'EVT|CLOSE-NOW-01'], { ...targetOf(emulator), JOBROUTER_EVENTS_REQUIRED: '1' }, dir!.path);

    expect(run.code, tail(run)).toBe(2);
    expect(run.report?.verdict).toBe('error');
    expect(eventStatuses(run.report)).toEqual(all('error'));
    expect(run.stdout).toMatch(/^Events: not checked — no event source configured, and JOBROUTER_EVENTS_REQUIRED=1/m);
  });

  /**
   * A configured queue the kit cannot read — the name is wrong (the router delivers into another queue) or the key
   * is — is the kit's problem, never the target's: never "not conformant", never a `failed` EVT requirement.
   */
  type Queue = { readonly connectionString: string; readonly queueName: string };
  const OTHER_KEY = Buffer.from('not the account key of this storage account, 0123456789').toString('base64');
  const unreadable = [
    { what: 'a queue that does not exist', wrong: (q: Queue): Queue => ({ ...q, queueName: `${q.queueName}-typo` }) },
    { what: 'a wrong account key', wrong: (q: Queue): Queue => ({ ...q, connectionString: q.connectionString.replace(accountKeyOf(q.connectionString), OTHER_KEY) }) },
  ];

  for (const { what, wrong } of unreadable) {
    test(`storage queue, ${what}: npm run conformance says so in checkQueue's one sentence, exit 2, before running anything`, async () => {
      test.setTimeout(RUN_TIMEOUT_MS);
      const queue = await azuriteQueue();
      emulator = await emulatorFor(queue);
      const configured = wrong(queue);
      const check = await checkQueue(configured.connectionString, configured.queueName);
      expect(check.ok, 'checkQueue sees the problem').toBe(false);
      const run = await runKit(['--grep', 'EVT'], { ...targetOf(emulator), ...queueSource(configured.connectionString, configured.queueName) }, dir!.path);

      expect(run.code, tail(run)).toBe(2);
      expect(run.stderr.trim()).toBe(check.ok ? '' : check.sentence);
      expect(run.stderr.trim()).toMatch(/^[^\n]+\.$/);
      expect(run.stdout).not.toMatch(/not.conformant/i);
      expect(run.files[REPORT_FILES.json], 'no report: nothing ran').toBe('');
      expect(everything(run).includes(accountKeyOf(configured.connectionString)), 'output holds the configured AccountKey').toBe(false);
    });
  }

  // `npx playwright test` directly has no CLI preflight: the reader fails on every poll, no event arrives, and each
  // event requirement must end `error` (the source delivered nothing of this run), not `failed`.
  for (const { what, wrong } of unreadable.slice(1)) {
    test(`storage queue, ${what}, without the CLI's preflight: every EVT requirement ends error, none failed`, async () => {
      test.setTimeout(RUN_TIMEOUT_MS);
      const queue = await azuriteQueue();
      emulator = await emulatorFor(queue);
      const configured = wrong(queue);
      const env = { ...targetOf(emulator), ...queueSource(configured.connectionString, configured.queueName), JOBROUTER_EVENTS_TIMEOUT_MS: '1000' };
      const run = await runKit(['--grep', 'EVT'], env, dir!.path, true);

      expect(run.report?.verdict, tail(run)).toBe('error');
      expect(eventStatuses(run.report)).toEqual(all('error'));
      expect(everything(run).includes(accountKeyOf(configured.connectionString)), 'output holds the configured AccountKey').toBe(false);
      const messages = run.report?.requirements.filter((r) => r.id.startsWith('EVT-')).map((r) => r.message ?? '') ?? [];
      // Each error names why nothing arrived: the reader's own trouble, not a count of "malformed" events.
      for (const message of messages) expect(message, 'the error names the source\'s trouble').toContain('the source reported: reading the queue');
    });
  }
});
