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
  if (source.kind === 'storage-queue') {
    const { startQueueReader } = await import('./storage-queue');
    const reader = startQueueReader({
      connectionString: source.connectionString,
      queueName: source.queueName,
      onMessage: (body) => void collector.store.add(body),
      onError: (error) => collector.store.note(`reading the queue: ${error.message}`),
    });
    stops.push(() => reader.stop());
    description = `Events: reading Storage queue "${source.queueName}"`;
  } else if (config.embeddedEmulator && config.target.kind === 'remote') {
    // The kit's own emulator: subscribe the sink at run time, as a user would with --events-webhook.
    const client = clientFor(connectionOf(config), config.apiVersion);
    const name = `kit-${config.runPrefix}`.slice(0, 64);
    const res = await client.send('PUT', SUBSCRIPTION_PATH(name), { json: { endpointUrl: collector.sinkUrl } });
    if (res.status !== 200 && res.status !== 201) throw new Error(`the embedded emulator refused the event subscription (HTTP ${res.status})`);
    stops.push(async () => {
      await client.send('DELETE', SUBSCRIPTION_PATH(name)).catch(() => undefined);
    });
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
