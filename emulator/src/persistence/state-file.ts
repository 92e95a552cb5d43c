import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Domain } from '../domain';
import type { ControlledClock } from '../dev/clock';
import type { EventPublisher, UndeliveredEvents } from '../events/publisher';
import { decodeGraph, encodeGraph } from './codec';

/**
 * `--location <dir>`: the whole state in one JSON file, written as a new file that is then renamed over the old one
 * (rename is atomic), so a crash mid-write leaves the previous complete state, never half of one. Writes are
 * debounced — one per burst of changes, spaced by at least ten times the last write's duration — and flushed on
 * close. Kept: every aggregate of the domain's store (jobs with their assignments and notes, workers with their
 * offers, queues, policies, pending closeAt closes, scheduled jobs, offer expiries, retryOfferAt), the id sequence,
 * the manual clock's offset and the events not yet delivered.
 */
export const STATE_FILE = 'jobrouter-emulator-state.json';
const FORMAT = 1;
const MIN_DELAY_MS = 250;

interface SavedState {
  readonly format: number;
  readonly savedAt: string;
  readonly emulatorVersion: string;
  readonly sequence: number;
  readonly clockOffsetMs: number;
  readonly store: unknown;
  readonly events: readonly UndeliveredEvents[];
}

export interface RestoreSummary {
  readonly restored: boolean;
  readonly counts: Record<string, number>;
  readonly ms: number;
  readonly bytes: number;
}

export interface StateFileOptions {
  readonly domain: Domain;
  readonly events: EventPublisher;
  readonly clock?: ControlledClock;
  readonly version: string;
}

export class StateFile {
  readonly path: string;
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;
  private closed = false;

  constructor(readonly dir: string, private readonly options: StateFileOptions) {
    this.path = join(resolve(dir), STATE_FILE);
  }

  /** Reads the saved state into the (empty) domain and publisher; nothing saved yet is an empty start. */
  load(): RestoreSummary {
    const started = performance.now();
    mkdirSync(this.dir, { recursive: true });
    this.removeLeftovers();
    if (!existsSync(this.path)) return { restored: false, counts: {}, ms: performance.now() - started, bytes: 0 };
    const text = readFileSync(this.path, 'utf8');
    const saved = JSON.parse(text) as SavedState;
    if (saved.format !== FORMAT) throw new Error(`${this.path} has state format ${saved.format}; this emulator reads format ${FORMAT}.`);
    const { domain } = this.options;
    const store = decodeGraph(saved.store) as Record<string, unknown>;
    const counts: Record<string, number> = {};
    for (const [name, target] of Object.entries(domain.ctx.store)) {
      const source = store[name];
      if (target instanceof Map && source instanceof Map) {
        target.clear();
        for (const [k, v] of source) target.set(k, v);
        counts[name] = target.size;
      } else if (target instanceof Set && source instanceof Set) {
        target.clear();
        for (const v of source) target.add(v);
        counts[name] = target.size;
      }
    }
    // Registration and queue order continue after the saved ones.
    while (domain.ctx.nextSequence() < saved.sequence);
    if (this.options.clock && saved.clockOffsetMs > this.options.clock.offsetMs) this.options.clock.advance(saved.clockOffsetMs - this.options.clock.offsetMs);
    domain.ctx.markDirty();
    this.options.events.restoreUndelivered(saved.events);
    return { restored: true, counts, ms: performance.now() - started, bytes: Buffer.byteLength(text) };
  }

  /** The state changed: a write follows after the debounce. */
  changed(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, Math.max(MIN_DELAY_MS, this.lastWriteMs * 10));
    this.timer.unref();
  }

  /** Writes now (shutdown, tests); returns the file's size. */
  flush(): number {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const started = performance.now();
    const { domain, events, clock, version } = this.options;
    const state: SavedState = {
      format: FORMAT,
      savedAt: new Date().toISOString(),
      emulatorVersion: version,
      sequence: domain.ctx.nextSequence(),
      clockOffsetMs: clock?.offsetMs ?? 0,
      store: encodeGraph(domain.ctx.store),
      events: events.undelivered(),
    };
    const bytes = writeAtomically(this.path, JSON.stringify(state));
    this.lastWriteMs = performance.now() - started;
    return bytes;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  private removeLeftovers(): void {
    for (const name of readdirSync(this.dir)) {
      if (name.startsWith(`${STATE_FILE}.`) && name.endsWith('.tmp')) unlinkSync(join(this.dir, name));
    }
  }
}

/** New file, fsync, rename over the old one, fsync the folder: the old state or the new one, never a mix. */
function writeAtomically(path: string, text: string): number {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  try {
    const dirFd = openSync(resolve(path, '..'), 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // Not every platform can fsync a folder (Windows); the rename itself is still atomic there.
  }
  return statSync(path).size;
}
