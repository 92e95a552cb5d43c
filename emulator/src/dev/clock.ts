import type { Clock } from '../domain/kernel/clock';

/**
 * The clock of `--clock manual`: real time plus an offset that only grows. Time keeps running (offers, closeAt and
 * tokens behave as usual), and POST /emulator/clock jumps it forward, so an app's test reaches a closeAt, scheduleAt,
 * offer expiry or retryOfferAt its own wall clock computed without waiting for it. It never runs backwards: the
 * state already holds instants of the time before (closed assignments, expired offers), and those must stay past.
 */
export interface ControlledClock extends Clock {
  /** Moves time forward by `ms` (>= 0); returns the new now. */
  advance(ms: number): number;
  /** Moves time to `ms` since the epoch (not before now); returns the new now. */
  set(ms: number): number;
  /** How far ahead of real time the clock is. */
  readonly offsetMs: number;
}

export function createControlledClock(offsetMs = 0, real: Clock = { now: () => Date.now() }): ControlledClock {
  let offset = Math.max(0, offsetMs);
  const now = (): number => real.now() + offset;
  return {
    now,
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceMs must be a finite number of milliseconds, 0 or more.');
      offset += ms;
      return now();
    },
    set: (ms) => {
      const current = now();
      if (!Number.isFinite(ms) || ms < current) throw new RangeError(`the emulator's clock only moves forward; it is ${new Date(current).toISOString()}.`);
      offset += ms - current;
      return now();
    },
    get offsetMs() {
      return offset;
    },
  };
}
