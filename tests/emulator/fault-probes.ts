import { manualClock } from '../../emulator/src/domain/kernel/clock';
import { startEmulator } from 'jobrouter-emulator';
import type { FaultName } from 'jobrouter-emulator/faults';
import { jsonDepth } from '../../src/contract/json-depth';
import { startCollector } from '../../src/events/collector';
import { at, clientFor, setupOffered, type Send, type SendOptions } from '../../emulator/tests/client';
import { EVENT_PROBES } from './event-probes';
import { FRAME_PROBES } from './frame-probes';

/** One observation per fault: run on a clean emulator and on one with the fault alone, the two must differ. */
export interface World {
  readonly send: Send;
  readonly advance: (ms: number) => void;
  readonly now: () => number;
  /** The events a webhook subscriber received (each id once, in arrival order): after delivery settled, or after `waitMs`. */
  readonly events: (waitMs?: number) => Promise<{ type: string; data: Record<string, unknown>; raw: Record<string, unknown> }[]>;
  /** Deliveries of events so far, duplicates included. */
  readonly deliveries: () => number;
}

const obj = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

export async function observe(faults: readonly FaultName[], probe: (world: World) => Promise<unknown>): Promise<unknown> {
  const clock = manualClock(Date.now());
  // A real HTTP subscriber (the kit's own sink) for the emulator's events.
  const sink = await startCollector({ runPrefix: '', host: '127.0.0.1', port: 0, webhook: true });
  const emulator = await startEmulator({ faults, clock, events: { subscriptions: [{ name: 'probe', destination: { kind: 'webhook', url: sink.sinkUrl } }] } });
  try {
    const raw = clientFor(emulator.url, emulator.accessKey);
    const send: Send = (method, path, options: SendOptions = {}) => raw(method, path, { date: new Date(clock.now()), ...options });
    const events: World['events'] = async (waitMs) => {
      if (waitMs === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await emulator.events.drained(5000);
      } else await new Promise((resolve) => setTimeout(resolve, waitMs));
      return sink.store.page([], 0).events.map((e) => {
        const event = obj(e.raw);
        return { type: String(event['eventType'] ?? event['type']), data: obj(event['data']), raw: event };
      });
    };
    const deliveries = (): number => sink.store.stats().kept + sink.store.stats().duplicates;
    return await probe({ send, advance: (ms) => clock.advance(ms), now: () => clock.now(), events, deliveries });
  } finally {
    await emulator.close();
    await sink.close();
  }
}

const errorShape = async ({ send }: World) => {
  const a = await send('GET', '/routing/jobs/missing');
  return { status: a.status, type: a.headers.get('content-type'), code: a.headers.get('x-ms-error-code'), text: a.text };
};
const status = (method: string, path: string, options: SendOptions = {}) => async ({ send }: World) => (await send(method, path, options)).status;

async function assigned(world: World, prefix = 'f') {
  const offered = await setupOffered(world.send, prefix);
  const accepted = await world.send('POST', `/routing/workers/${offered.workerId}/offers/${offered.offerId}:accept`);
  return { ...offered, accepted, assignmentId: String(at(accepted.body, 'assignmentId')) };
}
const job = async (world: World, id: string) => (await world.send('GET', `/routing/jobs/${id}`)).body;
const worker = async (world: World, id: string) => (await world.send('GET', `/routing/workers/${id}`)).body;
const closeVia = (body: unknown, advanceMs = 0) => async (world: World) => {
  const a = await assigned(world);
  const answer = await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:close`, body === undefined ? {} : { body });
  world.advance(advanceMs);
  return { status: answer.status, job: await job(world, a.jobId), worker: await worker(world, a.workerId) };
};
const cancelOffered = (options: SendOptions) => async (world: World) => {
  const o = await setupOffered(world.send, 'c');
  const answer = await world.send('POST', `/routing/jobs/${o.jobId}:cancel`, options);
  return { status: answer.status, text: answer.text, job: await job(world, o.jobId), worker: await worker(world, o.workerId) };
};
const futureIso = (world: World, ms: number) => new Date(world.now() + ms).toISOString();

export const PROBES: Partial<Record<FaultName, (world: World) => Promise<unknown>>> = {
  ...EVENT_PROBES,
  ...FRAME_PROBES,
  'error-header-missing': errorShape,
  'error-header-mismatch': errorShape,
  'error-unwrapped': errorShape,
  'error-no-message': errorShape,
  'error-text-plain': errorShape,
  'server-error-for-not-found': errorShape,
  'error-details': errorShape,
  'empty-segment-500': status('POST', '/routing/jobs/:cancel'),
  'malformed-json-500': status('POST', '/routing/jobs/x:cancel', { rawBody: '{', contentType: 'application/json' }),
  'api-version-missing-accepted': status('GET', '/routing/jobs', { apiVersion: null }),
  'api-version-unsupported-accepted': status('GET', '/routing/jobs', { apiVersion: '2099-01-01' }),
  'supported-versions-header-missing': async ({ send }) => (await send('GET', '/routing/jobs')).headers.get('api-supported-versions'),
  'close-unknown-job-accepted': status('POST', '/routing/jobs/nope/assignments/a:close'),
  'cancel-unknown-job-accepted': status('POST', '/routing/jobs/nope:cancel'),
  'close-assignment-ignored': async (world) => {
    const a = await assigned(world);
    return (await world.send('POST', `/routing/jobs/${a.jobId}/assignments/other:close`)).status;
  },
  'accept-worker-ignored': async (world) => {
    const o = await setupOffered(world.send, 'aw', { count: 2 });
    const other = o.workerIds.find((id) => id !== o.workerId);
    return (await world.send('POST', `/routing/workers/${other}/offers/${o.offerId}:accept`)).status;
  },
  'encoded-ids-not-decoded': async ({ send }) => {
    await send('PATCH', '/routing/jobs/a%20b', { body: { channelId: 'voice' } });
    return (await send('GET', '/routing/jobs/a%20b')).body;
  },
  'cancel-empty-body-refused': cancelOffered({ rawBody: '', contentType: null }),
  'cancel-empty-object-refused': cancelOffered({ body: {} }),
  'cancel-json-content-type-refused': cancelOffered({ rawBody: '', contentType: 'application/json' }),
  'cancel-status-not-set': cancelOffered({}),
  'cancel-default-disposition-missing': cancelOffered({}),
  'cancel-disposition-ignored': cancelOffered({ body: { dispositionCode: 'Mine' } }),
  'cancel-keeps-offer': cancelOffered({}),
  'cancel-keeps-capacity': async (world) => {
    const a = await assigned(world);
    await world.send('POST', `/routing/jobs/${a.jobId}:cancel`);
    return at(await worker(world, a.workerId), 'loadRatio');
  },
  'type-validation-off': cancelOffered({ body: { dispositionCode: 5 } }),
  'note-dropped': cancelOffered({ body: { note: 'n' } }),
  'note-without-timestamp': cancelOffered({ body: { note: 'n' } }),
  'close-keeps-capacity': closeVia(undefined),
  'close-status-not-set': closeVia(undefined),
  'close-at-ignored': async (world) => closeVia({ closeAt: futureIso(world, 3_600_000) })(world),
  'close-at-never-honoured': async (world) => closeVia({ closeAt: futureIso(world, 1_000) }, 2_000)(world),
  'close-at-past-deferred': closeVia({ closeAt: '0001-01-01T00:00:00.0000000Z' }),
  'close-at-invalid-accepted': closeVia({ closeAt: 'not a date' }),
  'close-disposition-ignored': closeVia({ dispositionCode: 'Mine' }),
  'close-requires-complete': closeVia({}),
  'action-result-204': cancelOffered({}),
  'action-result-not-json': cancelOffered({}),
  'offer-missing-fields': async (world) => at(await worker(world, (await setupOffered(world.send, 'o')).workerId), 'offers'),
  'offer-no-expiry': async (world) => at(await worker(world, (await setupOffered(world.send, 'o')).workerId), 'offers'),
  'accept-result-no-assignment-id': async (world) => Object.keys((await assigned(world)).accepted.body as object),
  'accept-leaves-job-queued': async (world) => at(await job(world, (await assigned(world)).jobId), 'status'),
  'accept-keeps-offer': async (world) => at(await worker(world, (await assigned(world)).workerId), 'offers'),
  'double-accept-wins': async (world) => {
    const a = await assigned(world);
    return (await world.send('POST', `/routing/workers/${a.workerId}/offers/${a.offerId}:accept`)).status;
  },
  'conflict-as-409': async (world) => {
    const a = await assigned(world);
    return (await world.send('POST', `/routing/workers/${a.workerId}/offers/${a.offerId}:accept`)).status;
  },
  'decline-keeps-offer': async (world) => {
    const o = await setupOffered(world.send, 'd');
    await world.send('POST', `/routing/workers/${o.workerId}/offers/${o.offerId}:decline`);
    return at(await worker(world, o.workerId), 'offers', 'length');
  },
  'retry-offer-at-ignored': async (world) => {
    const o = await setupOffered(world.send, 'd');
    await world.send('POST', `/routing/workers/${o.workerId}/offers/${o.offerId}:decline`, { body: { retryOfferAt: futureIso(world, 3_600_000) } });
    return at(await worker(world, o.workerId), 'offers', 'length');
  },
  'retry-offer-at-never': async (world) => {
    const o = await setupOffered(world.send, 'd');
    await world.send('POST', `/routing/workers/${o.workerId}/offers/${o.offerId}:decline`, { body: { retryOfferAt: futureIso(world, 1_000) } });
    world.advance(2_000);
    return at(await worker(world, o.workerId), 'offers', 'length');
  },
  'complete-status-not-set': async (world) => {
    const a = await assigned(world);
    await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:complete`);
    return at(await job(world, a.jobId), 'status');
  },
  'delete-keeps-job': async (world) => {
    const o = await setupOffered(world.send, 'del');
    await world.send('POST', `/routing/jobs/${o.jobId}:cancel`);
    await world.send('DELETE', `/routing/jobs/${o.jobId}`);
    return (await world.send('GET', `/routing/jobs/${o.jobId}`)).status;
  },
  'job-timestamps-not-iso': async (world) => typeof at(await job(world, (await setupOffered(world.send, 't')).jobId), 'enqueuedAt'),
  'signature-not-checked': status('GET', '/routing/jobs', { sign: false }),
  'deferred-close-drops-disposition': closeVia({ dispositionCode: 'Kept', closeAt: '2999-01-01T00:00:00Z' }),
  'close-at-only-after-complete': async (world) => {
    const a = await assigned(world, 'g');
    await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:close`, { body: { closeAt: futureIso(world, 60_000) } });
    return worker(world, a.workerId);
  },
  'close-at-offset-ignored': async (world) => {
    const a = await assigned(world, 'h');
    // An instant a minute ahead, spelled with a -05:00 offset: read as UTC it lies hours in the past.
    const local = new Date(world.now() + 60_000 - 5 * 3_600_000).toISOString().replace('Z', '-05:00');
    await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:close`, { body: { closeAt: local } });
    return worker(world, a.workerId);
  },
  'date-time-fraction-refused': async (world) => {
    const a = await assigned(world, 'i');
    return (await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:close`, { body: { closeAt: '2999-01-01T00:00:00.1234567Z' } })).status;
  },
  'note-replaces-notes': async (world) => {
    const a = await assigned(world, 'k');
    await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:complete`, { body: { note: 'first' } });
    await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:close`, { body: { note: 'second' } });
    return at(await job(world, a.jobId), 'notes');
  },
  'note-ascii-only': async (world) => {
    const o = await setupOffered(world.send, 'l');
    await world.send('POST', `/routing/jobs/${o.jobId}:cancel`, { body: { note: 'ñ 漢字 🚀' } });
    return at(await job(world, o.jobId), 'notes', 0, 'message');
  },
  'api-version-prefix-accepted': status('GET', '/routing/jobs/x', { apiVersion: '2023-11-01-preview' }),
  'complete-options-unchecked': async (world) => {
    const a = await assigned(world, 'm');
    return (await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:complete`, { body: { note: 42 } })).status;
  },
  'retry-offer-at-unchecked': async (world) => {
    const o = await setupOffered(world.send, 'n');
    return (await world.send('POST', `/routing/workers/${o.workerId}/offers/${o.offerId}:decline`, { body: { retryOfferAt: 'soon' } })).status;
  },
  'accept-not-atomic': async (world) => {
    const o = await setupOffered(world.send, 'p');
    const path = `/routing/workers/${o.workerId}/offers/${o.offerId}:accept`;
    return Promise.all([world.send('POST', path), world.send('POST', path)]).then((answers) => answers.map((a) => a.status).sort());
  },
  'close-cancel-both-win': async (world) => {
    const a = await assigned(world, 'q');
    const close = world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:close`, { body: {} });
    const cancel = world.send('POST', `/routing/jobs/${a.jobId}:cancel`, { body: {} });
    return (await Promise.all([close, cancel])).map((x) => x.status);
  },
  'auth-error-bare': async ({ send }) => {
    const a = await send('GET', '/routing/jobs', { sign: false });
    return { status: a.status, code: a.headers.get('x-ms-error-code'), text: a.text };
  },
  'content-hash-not-checked': status('POST', '/routing/jobs/x:cancel', { rawBody: '{"note":"sent"}', signedBody: '{"note":"signed"}' }),
  'stale-date-accepted': async (world) => (await world.send('GET', '/routing/jobs', { date: new Date(world.now() - 3_600_000) })).status,
  'extra-properties': async ({ send }) => Object.keys((await send('GET', '/routing/jobs')).body as object),
  'deep-extra-property': async (world) => {
    const o = await setupOffered(world.send, 'dx');
    const read = await world.send('GET', `/routing/workers/${o.workerId}`);
    return { depth: jsonDepth(read.text, 100_000), offers: at(read.body, 'offers', 'length') };
  },
  'extra-headers': async ({ send }) => (await send('GET', '/routing/jobs')).headers.get('x-emulator-extra'),
  'key-order': async ({ send }) => Object.keys((await send('PATCH', '/routing/distributionPolicies/k', { body: { name: 'n' } })).body as object),
  chunked: async ({ send }) => (await send('GET', '/routing/jobs')).headers.get('content-length') === null,
  'latency-150ms': async ({ send }) => {
    const started = performance.now();
    await send('GET', '/routing/jobs');
    return performance.now() - started >= 140;
  },
  'offer-delay': async (world) => at(await worker(world, (await setupOffered(world.send, 'od').catch(() => ({ workerId: 'od-w0' }))).workerId), 'offers', 'length'),
};
