import type { RouterEvent } from '../domain';
import { CONTENT_TYPES, EMULATOR_TOPIC, envelope, type Envelope, type EventSchema } from './envelope';
import { handshake, post } from './webhook';

/**
 * Delivery as Event Grid does it, for the emulator's subscriptions: a webhook is validated before its first delivery
 * (the SubscriptionValidationEvent handshake, or the CloudEvents OPTIONS handshake), events go in batches, a failed
 * delivery is retried with backoff (so an event may arrive more than once), and nothing promises order. A Storage
 * queue destination gets one message per event, as Event Grid's queue destination does.
 */
export type Destination =
  | { readonly kind: 'webhook'; readonly url: string }
  | { readonly kind: 'storage-queue'; readonly connectionString: string; readonly queueName: string };

export interface SubscriptionSpec {
  readonly name: string;
  readonly destination: Destination;
  /** Default: the publisher's default schema. */
  readonly schema?: EventSchema;
}

/** What the runtime API shows of a subscription: never a connection string. */
export interface SubscriptionInfo {
  readonly name: string;
  readonly destination: string;
  readonly schema: EventSchema;
  readonly validated: boolean;
  readonly delivered: number;
  readonly pending: number;
  readonly failedAttempts: number;
  readonly dropped: number;
  readonly lastError?: string;
}

/** Harmless delivery variations (the self-check's): duplicates, shuffled order, late delivery. */
export interface DeliveryVariations {
  readonly duplicate?: boolean;
  readonly shuffle?: boolean;
  readonly delayMs?: number;
}

export interface PublisherOptions {
  readonly topic?: string;
  readonly defaultSchema?: EventSchema;
  readonly variations?: DeliveryVariations;
  /** Events per webhook POST; default 10. */
  readonly batchSize?: number;
  /** Attempts per batch before it is dropped (dead-lettered); default 30. */
  readonly maxAttempts?: number;
  /** Events waiting per subscription before the oldest are dropped; default 100,000. */
  readonly maxPending?: number;
}

/** What --location keeps of a subscription across a restart. */
export interface UndeliveredEvents {
  readonly spec: SubscriptionSpec;
  readonly envelopes: readonly Envelope[];
}

interface Pending {
  readonly envelope: Envelope;
  readonly readyAt: number;
  readonly copy: boolean;
  attempts: number;
}

type Sender = (batch: readonly Envelope[], attempt: number) => Promise<void>;

interface Subscription {
  readonly spec: SubscriptionSpec;
  readonly schema: EventSchema;
  readonly queue: Pending[];
  validated: boolean;
  delivered: number;
  failedAttempts: number;
  dropped: number;
  failures: number;
  lastError?: string;
  running: boolean;
  removed: boolean;
  /** The batch being sent right now: still undelivered, so a snapshot keeps it. */
  inFlight: readonly Pending[];
  send?: Sender;
}

const MAX_BACKOFF_MS = 2000;
const SHUFFLE_HOLD_MS = 300;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 300);

function shown(destination: Destination): string {
  if (destination.kind === 'webhook') {
    const url = new URL(destination.url);
    return `${url.protocol}//${url.host}${url.pathname}`;
  }
  return `storage queue "${destination.queueName}"`;
}

export class EventPublisher {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly topic: string;
  private readonly defaultSchema: EventSchema;
  private readonly variations: DeliveryVariations;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly maxPending: number;
  private closed = false;

  constructor(options: PublisherOptions = {}) {
    this.topic = options.topic ?? EMULATOR_TOPIC;
    this.defaultSchema = options.defaultSchema ?? 'eventgrid';
    this.variations = options.variations ?? {};
    this.batchSize = options.batchSize ?? 10;
    this.maxAttempts = options.maxAttempts ?? 30;
    this.maxPending = options.maxPending ?? 100_000;
  }

  /** Adds (or replaces) a subscription; it receives events published from now on. */
  subscribe(spec: SubscriptionSpec): SubscriptionInfo {
    const old = this.subscriptions.get(spec.name);
    if (old) old.removed = true;
    const sub: Subscription = {
      spec, schema: spec.schema ?? this.defaultSchema, queue: [], validated: spec.destination.kind !== 'webhook',
      delivered: 0, failedAttempts: 0, dropped: 0, failures: 0, running: false, removed: false, inFlight: [],
    };
    this.subscriptions.set(spec.name, sub);
    return this.info(sub);
  }

  unsubscribe(name: string): boolean {
    const sub = this.subscriptions.get(name);
    if (!sub) return false;
    sub.removed = true;
    this.subscriptions.delete(name);
    return true;
  }

  list(): SubscriptionInfo[] {
    return [...this.subscriptions.values()].map((s) => this.info(s));
  }

  get(name: string): SubscriptionInfo | undefined {
    const sub = this.subscriptions.get(name);
    return sub && this.info(sub);
  }

  get hasSubscriptions(): boolean {
    return this.subscriptions.size > 0;
  }

  publish(events: readonly RouterEvent[]): void {
    if (events.length === 0 || this.closed) return;
    const readyAt = Date.now() + (this.variations.delayMs ?? 0);
    for (const sub of this.subscriptions.values()) {
      for (const event of events) sub.queue.push({ envelope: envelope(event, sub.schema, this.topic), readyAt, copy: false, attempts: 0 });
      const excess = sub.queue.length - this.maxPending;
      if (excess > 0) {
        sub.queue.splice(0, excess);
        sub.dropped += excess;
      }
      if (!sub.running) void this.run(sub);
    }
  }

  /** Resolves once every subscription's queue is empty, or after `timeoutMs`; true when all was delivered. */
  async drained(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if ([...this.subscriptions.values()].every((s) => s.queue.length === 0 && !s.running)) return true;
      await sleep(10);
    }
    return false;
  }

  /** Every subscription with the envelopes it has not delivered yet (the batch in flight included), for --location. */
  undelivered(): UndeliveredEvents[] {
    return [...this.subscriptions.values()].map((sub) => ({ spec: sub.spec, envelopes: [...sub.inFlight, ...sub.queue].map((p) => p.envelope) }));
  }

  /** Puts saved undelivered envelopes back (subscribing again to what the start-up options did not), and sends them. */
  restoreUndelivered(saved: readonly UndeliveredEvents[]): void {
    for (const entry of saved) {
      if (!this.subscriptions.has(entry.spec.name)) this.subscribe(entry.spec);
      const sub = this.subscriptions.get(entry.spec.name);
      if (!sub || entry.envelopes.length === 0) continue;
      sub.queue.push(...entry.envelopes.map((envelope) => ({ envelope, readyAt: 0, copy: false, attempts: 0 })));
      if (!sub.running) void this.run(sub);
    }
  }

  /** Forgets every event not yet delivered (POST /emulator/reset); the subscriptions stay. */
  discardPending(): void {
    for (const sub of this.subscriptions.values()) sub.queue.length = 0;
  }

  close(): void {
    this.closed = true;
    for (const sub of this.subscriptions.values()) sub.removed = true;
  }

  private info(sub: Subscription): SubscriptionInfo {
    return {
      name: sub.spec.name, destination: shown(sub.spec.destination), schema: sub.schema, validated: sub.validated,
      delivered: sub.delivered, pending: sub.queue.length, failedAttempts: sub.failedAttempts, dropped: sub.dropped,
      ...(sub.lastError === undefined ? {} : { lastError: sub.lastError }),
    };
  }

  private async senderFor(sub: Subscription): Promise<Sender> {
    if (sub.send) return sub.send;
    const destination = sub.spec.destination;
    if (destination.kind === 'storage-queue') {
      const { createQueueSender } = await import('./storage-queue');
      const sender = createQueueSender(destination.connectionString, destination.queueName);
      sub.send = (batch) => sender.send(batch);
    } else {
      const name = sub.spec.name.toUpperCase();
      sub.send = async (batch, attempt) => {
        const res = await post(destination.url, batch, {
          'content-type': CONTENT_TYPES[sub.schema], 'aeg-event-type': 'Notification', 'aeg-subscription-name': name,
          'aeg-delivery-count': String(attempt), 'aeg-data-version': '1.0', 'aeg-metadata-version': '1',
        });
        if (!res.ok) throw new Error(`the endpoint answered ${res.status}`);
      };
    }
    return sub.send;
  }

  private async run(sub: Subscription): Promise<void> {
    sub.running = true;
    try {
      let shuffled = 0;
      while (sub.queue.length > 0 && !sub.removed) {
        const wait = (sub.queue[0]?.readyAt ?? 0) - Date.now();
        if (wait > 0) await sleep(wait);
        if (this.variations.shuffle && shuffled <= 0) {
          // Hold what comes in for a moment, then send all of it in shuffled order.
          await sleep(SHUFFLE_HOLD_MS);
          sub.queue.sort(() => Math.random() - 0.5);
          shuffled = sub.queue.length;
        }
        shuffled -= this.batchSize;
        const ok = await this.attempt(sub);
        if (!ok) await sleep(Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(sub.failures, 10)) * (0.75 + Math.random() / 2));
      }
    } finally {
      sub.running = false;
    }
  }

  /** One handshake or one batch; false when it failed (the batch stays queued, or is dropped after maxAttempts). */
  private async attempt(sub: Subscription): Promise<boolean> {
    const destination = sub.spec.destination;
    if (!sub.validated && destination.kind === 'webhook') {
      try {
        await handshake(destination.url, sub.schema, this.topic);
        sub.validated = true;
        sub.failures = 0;
        return true;
      } catch (error) {
        return this.failed(sub, error);
      }
    }
    const batch = sub.queue.splice(0, destination.kind === 'webhook' ? this.batchSize : 32);
    const attempt = Math.max(...batch.map((p) => p.attempts)) + 1;
    sub.inFlight = batch;
    try {
      await (await this.senderFor(sub))(batch.map((p) => p.envelope), attempt);
    } catch (error) {
      sub.inFlight = [];
      for (const p of batch) p.attempts += 1;
      const keep = batch.filter((p) => p.attempts < this.maxAttempts);
      sub.dropped += batch.length - keep.length;
      sub.queue.unshift(...keep);
      return this.failed(sub, error);
    }
    sub.inFlight = [];
    sub.delivered += batch.length;
    sub.failures = 0;
    if (this.variations.duplicate) {
      for (const p of batch) if (!p.copy) sub.queue.push({ envelope: p.envelope, readyAt: Date.now(), copy: true, attempts: 0 });
    }
    return true;
  }

  private failed(sub: Subscription, error: unknown): false {
    sub.failedAttempts += 1;
    sub.failures += 1;
    sub.lastError = reason(error);
    return false;
  }
}
