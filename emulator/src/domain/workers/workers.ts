import { errors, fail, ok, type Result } from '../kernel/errors';
import type { Upserted } from '../admin/admin';
import { touch, type ChannelState, type DomainContext, type JsonObject, type WorkerState } from '../state/model';
import { workerDeleted, workerDeregistered, workerEvent, type WorkerChange } from '../state/events';
import { revokeOffer } from '../offers/offers';
import { checkObject, checkRequired, isJsonObject, mergePatch, RESOURCE_SCHEMAS } from '../kernel/schema';

/** Workers: registration, capacity and the load that offers and held assignments put on it. */
export function usedCapacity(worker: WorkerState): number {
  let used = 0;
  for (const offer of worker.offers.values()) used += offer.capacityCost;
  for (const assignment of worker.held.values()) used += assignment.capacityCost;
  return used;
}

export function loadRatio(worker: WorkerState): number {
  if (worker.capacity <= 0) return usedCapacity(worker) > 0 ? 1 : 0;
  return Math.min(1, usedCapacity(worker) / worker.capacity);
}

function jobsOnChannel(worker: WorkerState, channelId: string): number {
  let count = 0;
  for (const offer of worker.offers.values()) if (offer.channelId === channelId) count++;
  for (const assignment of worker.held.values()) if (assignment.channelId === channelId) count++;
  return count;
}

/** The capacity cost of a job on this channel, or undefined when the worker cannot take it now. */
export function costIfFits(worker: WorkerState, channelId: string): number | undefined {
  const channel = worker.channels.find((c) => c.channelId === channelId);
  if (!channel) return undefined;
  if (usedCapacity(worker) + channel.capacityCostPerJob > worker.capacity) return undefined;
  if (channel.maxNumberOfJobs !== undefined && jobsOnChannel(worker, channelId) >= channel.maxNumberOfJobs) return undefined;
  return channel.capacityCostPerJob;
}

function deriveChannels(value: unknown): ChannelState[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isJsonObject).map((c) => ({
    channelId: String(c['channelId']),
    capacityCostPerJob: Number(c['capacityCostPerJob']),
    ...(typeof c['maxNumberOfJobs'] === 'number' ? { maxNumberOfJobs: c['maxNumberOfJobs'] } : {}),
  }));
}

export function upsertWorker(ctx: DomainContext, id: string, patch: JsonObject): Result<Upserted<WorkerState>> {
  const existing = ctx.store.workers.get(id);
  // Arrays replace, maps merge: merge-patch semantics, as observed on workers.
  const doc = mergePatch(existing?.doc ?? {}, patch);
  const problem = checkObject(doc, RESOURCE_SCHEMAS.worker) ?? checkRequired(doc['channels'], ['channelId', 'capacityCostPerJob'], 'channels');
  if (problem) return fail(errors.badRequest(problem));
  const channels = deriveChannels(doc['channels']);
  if (channels.some((c) => c.capacityCostPerJob < 0 || (c.maxNumberOfJobs !== undefined && c.maxNumberOfJobs < 1))) {
    return fail(errors.badRequest('"channels" costs must be ≥ 0 and maxNumberOfJobs ≥ 1'));
  }
  const capacity = typeof doc['capacity'] === 'number' ? doc['capacity'] : 0;
  if (capacity < 0) return fail(errors.badRequest('"capacity" must be ≥ 0'));
  const now = ctx.clock.now();
  const worker: WorkerState = existing ?? {
    id, etag: '', lastModified: 0, doc, queues: [], capacity: 0, labels: {}, tags: {}, channels: [], availableForOffers: false,
    idleSince: now, sequence: ctx.nextSequence(), offers: new Map(), held: new Map(),
  };
  const wasAvailable = worker.availableForOffers;
  const before = existing ? { queues: worker.queues, capacity: worker.capacity, labels: worker.labels, tags: worker.tags, channels: worker.channels } : undefined;
  worker.doc = doc;
  worker.queues = Array.isArray(doc['queues']) ? doc['queues'].map(String) : [];
  worker.capacity = capacity;
  worker.labels = { ...(isJsonObject(doc['labels']) ? doc['labels'] : {}), Id: id };
  worker.tags = isJsonObject(doc['tags']) ? doc['tags'] : {};
  worker.channels = channels;
  worker.availableForOffers = doc['availableForOffers'] === true;
  if (!worker.availableForOffers) for (const offer of [...worker.offers.values()]) revokeOffer(ctx, offer);
  if (worker.availableForOffers && !wasAvailable) worker.idleSince = now;
  touch(ctx, worker);
  ctx.store.workers.set(id, worker);
  ctx.markDirty();
  if (worker.availableForOffers && !wasAvailable) ctx.emit(workerEvent(ctx, 'RouterWorkerRegistered', worker));
  else if (!worker.availableForOffers && wasAvailable) ctx.emit(workerDeregistered(ctx, id));
  else if (worker.availableForOffers && before) {
    const changed = changesOf(before, worker);
    if (changed.length > 0) ctx.emit(workerEvent(ctx, 'RouterWorkerUpdated', worker, changed));
  }
  return ok({ created: !existing, entity: worker });
}

type Registration = Pick<WorkerState, 'queues' | 'capacity' | 'labels' | 'tags' | 'channels'>;

function changesOf(before: Registration, after: Registration): WorkerChange[] {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const changed: WorkerChange[] = [];
  if (before.capacity !== after.capacity) changed.push('TotalCapacity');
  if (!same(before.queues, after.queues)) changed.push('QueueAssignments');
  if (!same(before.labels, after.labels)) changed.push('Labels');
  if (!same(before.tags, after.tags)) changed.push('Tags');
  if (!same(before.channels, after.channels)) changed.push('ChannelConfigurations');
  return changed;
}

export function getWorker(ctx: DomainContext, id: string): Result<WorkerState> {
  const found = ctx.store.workers.get(id);
  return found ? ok(found) : fail(errors.notFound('worker', id));
}

export function deleteWorker(ctx: DomainContext, id: string): Result<void> {
  const worker = ctx.store.workers.get(id);
  if (!worker) return fail(errors.notFound('worker', id));
  if (worker.held.size > 0) return fail(errors.conflict('Validation failed: \r\n -- : The worker still holds assigned jobs'));
  for (const offer of [...worker.offers.values()]) revokeOffer(ctx, offer);
  ctx.emit(workerDeleted(ctx, id));
  ctx.store.workers.delete(id);
  ctx.markDirty();
  return ok(undefined);
}
