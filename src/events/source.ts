import type { KitConfig } from '../config';
import { clientFor, connectionOf } from '../runner/connection';
import { startCollector, type RunningCollector } from './collector';

/**
 * Starts the run's event source, as configured: the collector (always: it serves the workers), its webhook sink,
 * a Storage-queue reader, and — with the kit's own embedded emulator — the subscription that points the emulator at
 * the sink. What it says goes to the console once; where it failed, the event requirements find out on their own.
 */
export interface RunningSource {
  readonly collector: RunningCollector;
  /** One line for the console: where events come from. */
  readonly description: string;
  close(): Promise<void>;
}

const SUBSCRIPTION_PATH = (name: string): string => `/emulator/eventSubscriptions/${name}`;

export async function startEventSource(config: KitConfig): Promise<RunningSource | undefined> {
  const source = config.events.source;
  if (source.kind === 'none') return undefined;
  const webhook = source.kind === 'webhook';
  const collector = await startCollector({ runPrefix: config.runPrefix, host: webhook ? source.host : '127.0.0.1', port: webhook ? source.port : 0, webhook });
  const stops: (() => Promise<void>)[] = [];
  let description: string;
  // The kit's own emulator is subscribed at run time, as a user would with --events-webhook / --events-queue.
  const embedded = config.embeddedEmulator && config.target.kind === 'remote';
  if (embedded) {
    const client = clientFor(connectionOf(config), config.apiVersion);
    const name = `kit-${config.runPrefix}`.slice(0, 64);
    const destination = source.kind === 'storage-queue'
      ? { storageQueue: { connectionString: source.connectionString, queueName: source.queueName } }
      : { endpointUrl: collector.sinkUrl };
    const res = await client.send('PUT', SUBSCRIPTION_PATH(name), { json: destination });
    if (res.status !== 200 && res.status !== 201) throw new Error(`the embedded emulator refused the event subscription (HTTP ${res.status})`);
    stops.push(async () => {
      await client.send('DELETE', SUBSCRIPTION_PATH(name)).catch(() => undefined);
    });
  }
  if (source.kind === 'storage-queue') {
    const { startQueueReader } = await import('./storage-queue');
    const reader = startQueueReader({
      connectionString: source.connectionString,
      queueName: source.queueName,
      onMessage: (body) => void collector.store.add(body),
      onError: (error) => collector.store.noteSource(`reading the queue: ${error.message}`),
    });
    stops.push(() => reader.stop());
    description = `Events: reading Storage queue "${source.queueName}"${embedded ? ', which the embedded emulator delivers to' : ''}`;
  } else if (embedded) {
    description = `Events: webhook sink ${collector.sinkUrl} subscribed to the embedded emulator`;
  } else {
    const shown = source.publicUrl ?? collector.sinkUrl;
    description = `Events: webhook sink listening on ${collector.sinkUrl}; the target's Event Grid subscription must deliver to ${shown}`;
  }
  return {
    collector,
    description,
    close: async () => {
      for (const stop of stops) await stop();
      await collector.close();
    },
  };
}

/**
 * Before any spec runs: the configured event source can work. A Storage queue that is missing or refuses the key,
 * or a webhook port that is taken, ends the run with one sentence (exit 2) — never as failed event requirements.
 */
export async function checkEventSource(config: KitConfig): Promise<{ ok: true } | { ok: false; sentence: string }> {
  const source = config.events.source;
  if (source.kind === 'storage-queue') {
    const { checkQueue } = await import('./storage-queue');
    return checkQueue(source.connectionString, source.queueName);
  }
  if (source.kind === 'webhook' && source.port !== 0) {
    const { createServer } = await import('node:net');
    return new Promise((resolve) => {
      const probe = createServer();
      probe.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, sentence: `The event sink cannot listen on ${source.host}:${source.port} (${error.code ?? error.message}); set JOBROUTER_EVENTS_PORT to a free port.` }));
      probe.listen(source.port, source.host, () => probe.close(() => resolve({ ok: true })));
    });
  }
  return { ok: true };
}
