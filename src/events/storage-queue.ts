import { QueueClient, type DequeuedMessageItem } from '@azure/storage-queue';
import { redact } from '../client/redact';

/**
 * The kit's receiving side for Event Grid's Storage-queue destination: each message holds one event's JSON
 * (Event Grid schema or CloudEvents 1.0), base64-encoded by default. Reading a queue needs no inbound port.
 */
export interface QueueReaderOptions {
  readonly connectionString: string;
  readonly queueName: string;
  /** Called once per decoded message, in receive order; a throw is reported to onError and the message still deleted. */
  readonly onMessage: (body: unknown) => void;
  /** Poll, delete and onMessage failures; messages never contain a key or SAS signature. */
  readonly onError?: (error: Error) => void;
  /** Wait after a receive that did not fill a batch; default 500 ms. */
  readonly pollIntervalMs?: number;
}

export interface QueueReader {
  /** Ends polling and waits for the in-flight poll (its messages are still handed over and deleted). */
  stop(): Promise<void>;
  /** Messages decoded and handed to onMessage. */
  readonly received: number;
  /** Messages that were neither base64 JSON nor plain JSON; they are deleted. */
  readonly undecodable: number;
}

export type QueueCheck = { ok: true } | { ok: false; sentence: string };

const BATCH = 32;
const VISIBILITY_TIMEOUT_S = 30;
const DEFAULT_POLL_MS = 500;
const MAX_BACKOFF_MS = 5_000;
/** Our loop retries with its own backoff; the SDK's retries (4 s apart by default) would only delay it. */
const CLIENT_OPTIONS = { retryOptions: { maxTries: 1, tryTimeoutInMs: 30_000 } };
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'REQUEST_SEND_ERROR', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET',
]);

/** Starts polling at once. Throws (with a sentence naming no secret) only if the connection string cannot be parsed. */
export function startQueueReader(options: QueueReaderOptions): QueueReader {
  const { connectionString, queueName, onMessage } = options;
  const secrets = secretsOf(connectionString);
  const pollIntervalMs = Math.max(0, options.pollIntervalMs ?? DEFAULT_POLL_MS);
  const client = openClient(connectionString, queueName, secrets);
  let received = 0;
  let undecodable = 0;
  let stopped = false;
  let receiving: AbortController | undefined;
  let wake: (() => void) | undefined;

  const report = (error: unknown): void => {
    if (!options.onError) return;
    try {
      options.onError(new Error(scrub(messageOf(error), secrets)));
    } catch {
      // A failing error handler must not end the loop.
    }
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  /** Receives one batch, hands each message over, deletes them all; returns how many came. */
  const pollOnce = async (): Promise<number> => {
    receiving = new AbortController();
    let items: DequeuedMessageItem[];
    try {
      const response = await client.receiveMessages({
        numberOfMessages: BATCH,
        visibilityTimeout: VISIBILITY_TIMEOUT_S,
        abortSignal: receiving.signal,
      });
      items = response.receivedMessageItems;
    } finally {
      receiving = undefined;
    }
    for (const item of items) {
      const decoded = decodeMessageText(item.messageText);
      if (!decoded.ok) {
        undecodable++;
        continue;
      }
      received++;
      try {
        onMessage(decoded.body);
      } catch (error) {
        report(error);
      }
    }
    // Deletes are not aborted by stop(): a handed-over message must not come back after its visibility timeout.
    const deletes = await Promise.allSettled(items.map((item) => client.deleteMessage(item.messageId, item.popReceipt)));
    for (const result of deletes) if (result.status === 'rejected') report(result.reason);
    return items.length;
  };

  const loop = async (): Promise<void> => {
    let failures = 0;
    while (!stopped) {
      let count = 0;
      try {
        count = await pollOnce();
        failures = 0;
      } catch (error) {
        if (stopped) break;
        failures++;
        report(error);
      }
      if (stopped) break;
      if (failures > 0) await sleep(Math.min(MAX_BACKOFF_MS, Math.max(pollIntervalMs, 250) * 2 ** Math.min(failures - 1, 10)));
      else if (count < BATCH) await sleep(pollIntervalMs);
    }
  };
  const running = loop();

  return {
    get received() {
      return received;
    },
    get undecodable() {
      return undecodable;
    },
    async stop(): Promise<void> {
      stopped = true;
      receiving?.abort();
      wake?.();
      await running;
    },
  };
}

/**
 * Checks that the queue exists and is readable (its properties can be fetched). A failure comes back as one
 * sentence naming the endpoint, account and queue, never a key, a SAS signature or a stack trace.
 */
export async function checkQueue(connectionString: string, queueName: string): Promise<QueueCheck> {
  const secrets = secretsOf(connectionString);
  let client: QueueClient;
  try {
    client = openClient(connectionString, queueName, secrets);
  } catch (error) {
    return { ok: false, sentence: scrub(messageOf(error), secrets) };
  }
  try {
    await client.getProperties();
    return { ok: true };
  } catch (error) {
    return { ok: false, sentence: scrub(describeFailure(error, client, queueName), secrets) };
  }
}

/** Base64 of UTF-8 JSON (Event Grid's default), else the text itself as JSON. */
export function decodeMessageText(text: string): { ok: true; body: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (trimmed.length > 0 && trimmed.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    try {
      const utf8 = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(trimmed, 'base64'));
      return { ok: true, body: JSON.parse(utf8) as unknown };
    } catch {
      // Not base64 JSON after all (e.g. the plain JSON text `true` is also valid base64); try it as JSON.
    }
  }
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function openClient(connectionString: string, queueName: string, secrets: readonly string[]): QueueClient {
  try {
    return new QueueClient(connectionString, queueName, CLIENT_OPTIONS);
  } catch (error) {
    throw new Error(`The storage connection string is not usable (${scrub(messageOf(error), secrets)}); it needs DefaultEndpointsProtocol, AccountName and AccountKey, or QueueEndpoint and SharedAccessSignature.`);
  }
}

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly statusCode?: number;
  readonly message?: string;
}

/** One sentence for a failed getProperties. */
function describeFailure(error: unknown, client: QueueClient, queueName: string): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkError;
  const endpoint = withoutQuery(client.url).replace(/\/[^/]*$/, '');
  const account = client.accountName ? `storage account "${client.accountName}"` : 'the storage account';
  const status = e.statusCode;
  const code = e.code ?? '';
  const detail = firstLine(messageOf(error));
  if (status === undefined || status === 0) {
    if (e.name === 'AbortError' || NETWORK_CODES.has(code) || /ECONN|ENOTFOUND|EAI_AGAIN|timed? ?out/i.test(detail)) {
      return `Cannot reach the queue service at ${endpoint} (${code || detail}).`;
    }
    return `Reading queue "${queueName}" at ${endpoint} failed before the service answered (${detail}).`;
  }
  if (status === 404 && code === 'QueueNotFound') {
    return `Queue "${queueName}" does not exist in ${account} at ${endpoint}; create it or fix the queue name.`;
  }
  if (status === 401 || status === 403) {
    return `The queue service at ${endpoint} refused the connection string's credentials for ${account} (HTTP ${status} ${code || 'Forbidden'}); check the account key or SAS and its permissions.`;
  }
  if (status === 400 && /api version|x-ms-version/i.test(detail)) {
    return `The queue service at ${endpoint} does not accept this SDK's API version (${detail.replace(/\.$/, '')}); start Azurite with --skipApiVersionCheck.`;
  }
  if (status === 400 && (code === 'InvalidResourceName' || code === 'OutOfRangeInput')) {
    return `"${queueName}" is not a valid queue name (3-63 lowercase letters, digits and single hyphens).`;
  }
  return `Reading queue "${queueName}" in ${account} at ${endpoint} failed with HTTP ${status}${code ? ` ${code}` : ''} (${detail.replace(/\.$/, '')}).`;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

function withoutQuery(url: string): string {
  const at = url.search(/[?#]/);
  return at >= 0 ? url.slice(0, at) : url;
}

/** The connection string's credential values, so they can be removed whatever shape they leak in. */
function secretsOf(connectionString: string): string[] {
  const secrets: string[] = [];
  for (const part of connectionString.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (name === 'accountkey' || name === 'sharedaccesssignature') secrets.push(value);
    if (name === 'sharedaccesssignature') {
      const sig = /(?:^|[?&])sig=([^&]+)/i.exec(value)?.[1];
      if (sig) secrets.push(sig, decodeURIComponentSafe(sig));
    }
  }
  return secrets.filter((secret) => secret.length >= 4);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Removes known credential values and any sig= / AccountKey= / SharedAccessSignature= value. */
function scrub(text: string, secrets: readonly string[]): string {
  return redact(text, secrets)
    .replace(/\b(sig=)[^&\s;"'<>]+/gi, '$1<redacted>')
    .replace(/\b(AccountKey=)[^;\s"'<>]+/gi, '$1<redacted>')
    .replace(/\b(SharedAccessSignature=)[^;\s"'<>]+/gi, '$1<redacted>');
}
