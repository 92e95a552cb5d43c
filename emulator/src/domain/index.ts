import { randomIds, systemClock, type Clock, type IdGenerator } from './kernel/clock';
import { advance } from './routing/matching';
import type { RouterEvent } from './state/events';
import { createStore, type DomainContext } from './state/model';
import { OPERATIONS, type DomainOperations } from './routing/operations';

export type { Clock, IdGenerator } from './kernel/clock';
export type { DomainOperations } from './routing/operations';
export type { RouterEvent, RouterEventName } from './state/events';

export interface Domain {
  readonly ctx: DomainContext;
  /** What the HTTP adapter calls; an outer layer may substitute them (see src/emulator/fault-layer.ts). */
  readonly ops: DomainOperations;
  /** Brings the state up to the clock's now: call before serving each request. Cheap when nothing is due. */
  tick(): void;
  /** The events emitted since the last drain, oldest first; the outbox is empty afterwards. */
  drain(): RouterEvent[];
}

export interface DomainOptions {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
}

export function createDomain(options: DomainOptions = {}): Domain {
  let dirty = true;
  let nextWake = Number.POSITIVE_INFINITY;
  let sequence = 0;
  let outbox: RouterEvent[] = [];
  const ctx: DomainContext = {
    store: createStore(),
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds(),
    markDirty: () => {
      dirty = true;
    },
    wakeAt: (time) => {
      if (time < nextWake) nextWake = time;
    },
    nextSequence: () => ++sequence,
    emit: (event) => {
      outbox.push(event);
    },
  };
  return {
    ctx,
    ops: OPERATIONS,
    tick: () => {
      const now = ctx.clock.now();
      // Matching can itself free or take capacity, so settle until nothing changes (bounded).
      for (let round = 0; round < 5 && (dirty || now >= nextWake); round++) {
        dirty = false;
        nextWake = Number.POSITIVE_INFINITY;
        advance(ctx, now);
      }
    },
    drain: () => {
      const drained = outbox;
      outbox = [];
      return drained;
    },
  };
}
