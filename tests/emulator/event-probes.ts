import type { FaultName } from 'jobrouter-emulator/faults';
import { at, setupOffered } from '../../emulator/tests/client';
import type { World } from './fault-probes';

/** Probes of the event faults and delivery variations: what the events a subscriber receives show. */
type Delivered = { readonly type: string; readonly data: Record<string, unknown>; readonly raw: Record<string, unknown> };

const named = (events: readonly Delivered[], name: string): Delivered[] => events.filter((e) => e.type === `Microsoft.Communication.${name}`);

async function assigned(world: World, prefix: string) {
  const offered = await setupOffered(world.send, prefix);
  const accepted = await world.send('POST', `/routing/workers/${offered.workerId}/offers/${offered.offerId}:accept`);
  return { ...offered, assignmentId: String(at(accepted.body, 'assignmentId')) };
}

async function closedEvents(world: World, body: Record<string, unknown>, prefix: string) {
  const a = await assigned(world, prefix);
  await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:close`, { body });
  return { a, closed: named(await world.events(), 'RouterJobClosed') };
}

export const EVENT_PROBES: Partial<Record<FaultName, (world: World) => Promise<unknown>>> = {
  'event-job-closed-missing': async (world) => (await closedEvents(world, {}, 'e1')).closed.length,
  'event-job-closed-early': async (world) => {
    const { closed } = await closedEvents(world, { closeAt: new Date(world.now() + 60_000).toISOString() }, 'e2');
    return closed.length;
  },
  'event-job-closed-no-disposition': async (world) => (await closedEvents(world, { dispositionCode: 'Done' }, 'e3')).closed.map((e) => e.data['dispositionCode']),
  'event-job-closed-wrong-assignment': async (world) => {
    await closedEvents(world, {}, 'e4a');
    const { a, closed } = await closedEvents(world, {}, 'e4b');
    return closed.filter((e) => e.data['jobId'] === a.jobId).map((e) => e.data['assignmentId'] === a.assignmentId);
  },
  'event-job-cancelled-no-default-disposition': async (world) => {
    const o = await setupOffered(world.send, 'e5');
    await world.send('POST', `/routing/jobs/${o.jobId}:cancel`, { body: {} });
    return named(await world.events(), 'RouterJobCancelled').map((e) => e.data['dispositionCode']);
  },
  'event-data-incomplete': async (world) => {
    await setupOffered(world.send, 'e6');
    return named(await world.events(), 'RouterJobReceived').map((e) => typeof e.data['labels'] === 'object' && typeof e.data['tags'] === 'object');
  },
  'events-duplicated': async (world) => {
    await setupOffered(world.send, 'v1');
    await world.events();
    return world.deliveries() > (await world.events()).length;
  },
  'events-shuffled': async (world) => {
    const jobs: string[] = [];
    for (let i = 0; i < 8; i++) jobs.push((await setupOffered(world.send, `v2-${i}`)).jobId);
    // Jobs were created in this order; the order their RouterJobReceived events arrived in is compared with it.
    return named(await world.events(), 'RouterJobReceived').map((e) => e.data['jobId']).join() === jobs.join();
  },
  'events-delayed': async (world) => {
    await setupOffered(world.send, 'v3');
    return (await world.events(400)).length > 0;
  },
  'events-cloudevents': async (world) => {
    await setupOffered(world.send, 'v4');
    return (await world.events()).map((e) => 'specversion' in e.raw);
  },
};
