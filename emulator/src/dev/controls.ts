import type { Domain } from '../domain';
import type { ControlledClock } from './clock';

/**
 * What the development endpoints (/emulator/health, /reset, /clock) may do to a running emulator. Built by the
 * handler; the endpoints (http/handlers-dev.ts) only call it.
 */
export interface DevControls {
  /** Present only with `--clock manual`: without it, POST /emulator/clock answers 404. */
  readonly clock?: ControlledClock;
  /** What GET /emulator/health reports besides the status. */
  describe(): Record<string, unknown>;
  /** Forgets every resource, pending timer and undelivered event; subscriptions and the clock stay. */
  reset(): void;
  /** After the clock moved: due work runs now and its events go out at once. */
  settle(): void;
}

/** Empties every collection of the domain's store, whatever its aggregates are called. */
export function clearStore(domain: Domain): void {
  for (const value of Object.values(domain.ctx.store)) {
    if (value instanceof Map || value instanceof Set) value.clear();
  }
  domain.drain();
  domain.ctx.markDirty();
}
