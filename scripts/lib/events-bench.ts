import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulatorHandler } from 'jobrouter-emulator';
import { upsertQueue } from '../../emulator/src/domain/admin/admin';
import { upsertJob } from '../../emulator/src/domain/jobs/jobs';

/**
 * Events delivered per second by the emulator's publisher to one webhook: jobs are queued through the domain (two
 * events each: RouterJobReceived, RouterJobQueued), handed to the publisher at once, and the clock runs until a bare
 * node:http sink (validation handshake, then counting) has every event.
 */
export interface EventsTiming {
  readonly events: number;
  readonly ms: number;
  readonly posts: number;
}

export async function timeEventDelivery(jobs: number, schema: 'eventgrid' | 'cloudevents' = 'eventgrid'): Promise<EventsTiming> {
  let received = 0;
  let posts = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const expected = jobs * 2;
  const sink = http.createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(200, { 'WebHook-Allowed-Origin': String(req.headers['webhook-request-origin'] ?? '*') }).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: { validationCode?: string } }[];
      if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ validationResponse: body[0]?.data?.validationCode }));
        return;
      }
      posts += 1;
      received += body.length;
      res.writeHead(200).end();
      if (received >= expected) done();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
  const handler = createEmulatorHandler({ events: { subscriptions: [{ name: 'bench', destination: { kind: 'webhook', url }, schema }] } });
  const ctx = handler.domain.ctx;
  upsertQueue(ctx, 'bench-queue', {});
  for (let i = 0; i < jobs; i++) upsertJob(ctx, `bench-job-${i}`, { channelId: 'voice', queueId: 'bench-queue' });
  const started = performance.now();
  handler.pump();
  await all;
  const ms = performance.now() - started;
  handler.events.close();
  await new Promise<void>((resolve) => {
    sink.close(() => resolve());
    sink.closeAllConnections();
  });
  return { events: received, ms, posts };
}
