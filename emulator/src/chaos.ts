import type { Domain } from './domain';
import type { Store } from './domain/state/model';

/**
 * Transport chaos, LocalStack-style: an outer layer that makes the emulator behave like a busy shared endpoint — it
 * throttles, is briefly unavailable, drops connections, is slow, and serves reads from a replica that lags the
 * writes. The domain runs the same code with chaos on or off; only which answer goes out, when, and from which copy
 * of the state changes. Deterministic for a seed (for a given order of requests).
 *
 * `--chaos throttle=0.07,unavailable=0.04,reset=0.02,lost=0.1,lag=1000,latency=0-250,retry-after=1 --chaos-seed 7`
 */
export interface ChaosSettings {
  /** Share of requests answered 429 with Retry-After. */
  readonly throttle: number;
  /** Share of requests answered 503 with Retry-After. */
  readonly unavailable: number;
  /** Share of connections closed after the request arrived and before it was processed (nothing is applied). */
  readonly reset: number;
  /**
   * Share of actions (POST and DELETE) whose connection is dropped after the action was applied: the target did the
   * work, the client never hears so. What a proxy or load balancer that times out a slow answer leaves behind.
   */
  readonly lost: number;
  /** Each write becomes visible to reads after a random 0–lag ms (in order: reads never go back in time). */
  readonly lagMs: number;
  /** Extra delay per response, uniformly in [min, max] ms. */
  readonly latencyMs: readonly [number, number];
  /** The Retry-After (seconds) of throttled and unavailable answers. */
  readonly retryAfterS: number;
  readonly seed: number;
}

export const NO_CHAOS: ChaosSettings = { throttle: 0, unavailable: 0, reset: 0, lost: 0, lagMs: 0, latencyMs: [0, 0], retryAfterS: 1, seed: 1 };

/** Every switch on at the strength of the rough night README "When the target throttles" describes. */
export const FULL_CHAOS = 'throttle=0.07,unavailable=0.04,reset=0.02,lag=1000,latency=0-250';

const SHARE_KEYS = ['throttle', 'unavailable', 'reset'] as const;

export function parseChaos(spec: string, seed = 1): ChaosSettings {
  const settings: { -readonly [K in keyof ChaosSettings]: ChaosSettings[K] } = { ...NO_CHAOS, seed };
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key = '', value = ''] = part.split('=').map((s) => s.trim());
    const share = Number(value);
    if (key === 'lost') {
      if (!(share >= 0 && share <= 1)) throw new Error(`--chaos lost must be a share from 0 to 1, got "${value}".`);
      settings.lost = share;
    } else if ((SHARE_KEYS as readonly string[]).includes(key)) {
      if (!(share >= 0 && share <= 1)) throw new Error(`--chaos ${key} must be a share from 0 to 1, got "${value}".`);
      settings[key as (typeof SHARE_KEYS)[number]] = share;
    } else if (key === 'lag' || key === 'retry-after') {
      if (!/^\d+$/.test(value)) throw new Error(`--chaos ${key} must be a whole number, got "${value}".`);
      if (key === 'lag') settings.lagMs = Number(value);
      else settings.retryAfterS = Number(value);
    } else if (key === 'latency') {
      const range = /^(\d+)(?:-(\d+))?$/.exec(value);
      if (!range) throw new Error(`--chaos latency must be "MS" or "MIN-MAX" in ms, got "${value}".`);
      const min = Number(range[1]);
      const max = Number(range[2] ?? range[1]);
      if (max < min) throw new Error(`--chaos latency: ${max} is below ${min}.`);
      settings.latencyMs = [min, max];
    } else {
      throw new Error(`Unknown --chaos switch "${key}". Known: throttle, unavailable, reset, lost, lag, latency, retry-after.`);
    }
  }
  if (settings.throttle + settings.unavailable + settings.reset > 1) throw new Error('--chaos throttle + unavailable + reset must not exceed 1.');
  return settings;
}

export function isChaosOn(settings: ChaosSettings): boolean {
  return settings.throttle > 0 || settings.unavailable > 0 || settings.reset > 0 || settings.lost > 0 || settings.lagMs > 0 || settings.latencyMs[1] > 0;
}

export function describeChaos(s: ChaosSettings): string {
  return `throttle=${s.throttle},unavailable=${s.unavailable},reset=${s.reset},lost=${s.lost},lag=${s.lagMs},latency=${s.latencyMs[0]}-${s.latencyMs[1]},retry-after=${s.retryAfterS} (seed ${s.seed})`;
}

/** mulberry32: a small seeded generator, so a chaos run replays from its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Disruption = 'throttle' | 'unavailable' | 'reset';

const READS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

interface PendingWrite {
  /** The state just before the write: what a replica that has not seen it serves. */
  readonly before: Store;
  readonly visibleAt: number;
}

export class Chaos {
  private readonly random: () => number;
  private readonly pending: PendingWrite[] = [];
  private lostRandom: (() => number) | undefined;

  constructor(readonly settings: ChaosSettings) {
    this.random = generator(settings.seed);
  }

  /** Whether this request is throttled, refused as unavailable, or has its connection dropped unprocessed. */
  disruption(): Disruption | undefined {
    const { throttle, unavailable, reset } = this.settings;
    if (throttle + unavailable + reset === 0) return undefined;
    const roll = this.random();
    if (roll < throttle) return 'throttle';
    if (roll < throttle + unavailable) return 'unavailable';
    if (roll < throttle + unavailable + reset) return 'reset';
    return undefined;
  }

  /** Whether the answer to this request, already applied, is dropped (only actions: POST and DELETE). */
  loseAnswer(method: string): boolean {
    if (this.settings.lost === 0 || (method !== 'POST' && method !== 'DELETE')) return false;
    // A generator of its own, so switching `lost` on leaves the other switches' sequence for a seed unchanged.
    this.lostRandom ??= generator(this.settings.seed ^ 0x5bd1e995);
    return this.lostRandom() < this.settings.lost;
  }

  latencyMs(): number {
    const [min, max] = this.settings.latencyMs;
    return max === 0 ? 0 : Math.round(min + this.random() * (max - min));
  }

  /**
   * The domain a request is served from. A write is applied to the primary (and remembered, with the state before it,
   * until a replica has it); a read within the lag is served from the state before the oldest write not yet visible.
   */
  domainFor(method: string, primary: Domain): Domain {
    if (this.settings.lagMs === 0) return primary;
    const now = primary.ctx.clock.now();
    while (this.pending.length > 0 && (this.pending[0]?.visibleAt ?? 0) <= now) this.pending.shift();
    if (!READS.has(method)) {
      primary.tick();
      const last = this.pending[this.pending.length - 1]?.visibleAt ?? 0;
      const visibleAt = Math.max(last, now + Math.round(this.random() * this.settings.lagMs));
      if (visibleAt > now) this.pending.push({ before: structuredClone(primary.ctx.store), visibleAt });
      return primary;
    }
    const behind = this.pending[0];
    if (!behind) return primary;
    // A replica neither runs matching nor moves time on: it shows the copy as it was.
    return { ...primary, ctx: { ...primary.ctx, store: behind.before }, tick: () => undefined };
  }
}
