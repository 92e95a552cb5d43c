import { QueueClient } from '@azure/storage-queue';

/** Delivers events into an Azure Storage queue the way Event Grid's Storage-queue destination does. */
export interface QueueSender {
  /** One message per event, in order; the first failure rejects and the rest are not sent (the caller retries). */
  send(events: readonly unknown[]): Promise<void>;
  /** Queue URL without query (account + queue), safe to print: never holds a key or SAS. */
  readonly target: string;
}

export interface QueueSenderOptions {
  /** Event Grid's queueMessageTimeToLiveInSeconds: default 7 days; -1 means the message never expires. */
  readonly messageTimeToLiveSeconds?: number;
}

/** Event Grid's default message time-to-live for a Storage-queue destination. */
export const DEFAULT_MESSAGE_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Creates a sender for one queue. The queue is created on the first send if it does not exist (once; a failed
 * create is retried on the next send). Message text is base64 of the event's JSON, as Event Grid writes it.
 * Throws at once if the connection string cannot be parsed (the SDK's message names no secret).
 */
export function createQueueSender(connectionString: string, queueName: string, options: QueueSenderOptions = {}): QueueSender {
  // The SDK's own retries would delay a failure by seconds; the emulator's delivery loop retries instead.
  const client = new QueueClient(connectionString, queueName, { retryOptions: { maxTries: 1, tryTimeoutInMs: 30_000 } });
  const ttl = options.messageTimeToLiveSeconds ?? DEFAULT_MESSAGE_TTL_SECONDS;
  let created: Promise<void> | undefined;

  const ensureQueue = (): Promise<void> => {
    created ??= client.createIfNotExists().then(
      () => undefined,
      (error: unknown) => {
        created = undefined;
        throw error;
      },
    );
    return created;
  };

  return {
    target: withoutQuery(client.url),
    async send(events: readonly unknown[]): Promise<void> {
      if (events.length === 0) return;
      await ensureQueue();
      for (const event of events) {
        const json = JSON.stringify(event);
        if (json === undefined) throw new TypeError('An event must be JSON-serializable.');
        await client.sendMessage(Buffer.from(json, 'utf8').toString('base64'), { messageTimeToLive: ttl });
      }
    },
  };
}

/** A SAS connection string puts the signature in the client's URL; only scheme, host and path are kept. */
function withoutQuery(url: string): string {
  const at = url.search(/[?#]/);
  return at >= 0 ? url.slice(0, at) : url;
}
