import type { FaultName } from '../faults';
import { randomIds, systemClock, type Clock, type IdGenerator } from './clock';
import { advance } from './matching';
import { createStore, type DomainContext } from './model';

export type { Clock, IdGenerator } from './clock';

export interface Domain {
  readonly ctx: DomainContext;
  /** Brings the state up to the clock's now: call before serving each request. Cheap when nothing is due. */
  tick(): void;
}

export interface DomainOptions {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly faults?: readonly FaultName[];
}

export function createDomain(options: DomainOptions = {}): Domain {
  let dirty = true;
  let nextWake = Number.POSITIVE_INFINITY;
  let sequence = 0;
  const ctx: DomainContext = {
    store: createStore(),
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds(),
    faults: new Set(options.faults ?? []),
    markDirty: () => {
      dirty = true;
    },
    wakeAt: (time) => {
      if (time < nextWake) nextWake = time;
    },
    nextSequence: () => ++sequence,
  };
  return {
    ctx,
    tick: () => {
      const now = ctx.clock.now();
      // Matching can itself free or take capacity, so settle until nothing changes (bounded).
      for (let round = 0; round < 5 && (dirty || now >= nextWake); round++) {
        dirty = false;
        nextWake = Number.POSITIVE_INFINITY;
        advance(ctx, now);
      }
    },
  };
}
