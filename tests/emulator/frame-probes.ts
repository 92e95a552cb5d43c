import type { FaultName } from '../../emulator/src/faults';
import { at, setupOffered } from '../../emulator/tests/client';
import type { World } from './fault-probes';

/** Probes of the frame faults: the property the fault changes unasked, read after the action. */

async function assigned(world: World, prefix: string, job: Record<string, unknown> = {}) {
  const offered = await setupOffered(world.send, prefix);
  if (Object.keys(job).length > 0) await world.send('PATCH', `/routing/jobs/${offered.jobId}`, { body: job });
  const accepted = await world.send('POST', `/routing/workers/${offered.workerId}/offers/${offered.offerId}:accept`);
  return { ...offered, assignmentId: String(at(accepted.body, 'assignmentId')) };
}

const jobOf = async (world: World, id: string) => (await world.send('GET', `/routing/jobs/${id}`)).body;

export const FRAME_PROBES: Partial<Record<FaultName, (world: World) => Promise<unknown>>> = {
  'cancel-clears-labels': async (world) => {
    const o = await setupOffered(world.send, 'fl');
    await world.send('PATCH', `/routing/jobs/${o.jobId}`, { body: { labels: { tier: 'gold' } } });
    await world.send('POST', `/routing/jobs/${o.jobId}:cancel`);
    return at(await jobOf(world, o.jobId), 'labels');
  },
  'close-drops-note-times': async (world) => {
    const a = await assigned(world, 'fn');
    await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:complete`, { body: { note: 'done' } });
    await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:close`);
    return typeof at(await jobOf(world, a.jobId), 'notes', 0, 'addedAt');
  },
  'decline-drops-other-offers': async (world) => {
    const o = await setupOffered(world.send, 'fd', { capacity: 5 });
    await world.send('PATCH', '/routing/jobs/fd-job2', { body: { channelId: 'voice', queueId: 'fd-q', priority: 1 } });
    const offerIdsOf = async () => {
      const offers = at((await world.send('GET', `/routing/workers/${o.workerId}`)).body, 'offers');
      return Array.isArray(offers) ? offers.map((x) => at(x, 'offerId')) : [];
    };
    const before = (await offerIdsOf()).filter((id) => id !== o.offerId);
    await world.send('POST', `/routing/workers/${o.workerId}/offers/${o.offerId}:decline`);
    // The other job's offer, by id: a fault that drops it may re-offer the job, but never under the same id.
    return before.length > 0 && before.every((id) => id !== undefined) && (await offerIdsOf()).includes(before[0]);
  },
  'complete-sets-closed-at': async (world) => {
    const a = await assigned(world, 'fc');
    await world.send('POST', `/routing/jobs/${a.jobId}/assignments/${a.assignmentId}:complete`);
    return at(await jobOf(world, a.jobId), 'assignments', a.assignmentId, 'closedAt') === undefined;
  },
  'accept-bumps-priority': async (world) => at(await jobOf(world, (await assigned(world, 'fp')).jobId), 'priority'),
  'event-wrong-queue': async (world) => {
    const o = await setupOffered(world.send, 'fq');
    await world.send('POST', `/routing/jobs/${o.jobId}:cancel`);
    return (await world.events()).filter((e) => e.type.endsWith('RouterJobCancelled')).map((e) => e.data['queueId']);
  },
};
