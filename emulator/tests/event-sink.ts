import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An Event Grid webhook on 127.0.0.1: answers the validation handshake, keeps what it receives with the time. */
export async function eventSink(port = 0): Promise<{ server: Server; url: string; received: { type: string; subject: string; at: number }[] }> {
  const received: { type: string; subject: string; at: number }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const events = JSON.parse(Buffer.concat(chunks).toString('utf8') || '[]') as { eventType: string; subject: string; data: { validationCode?: string } }[];
      if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
        res.end(JSON.stringify({ validationResponse: events[0]?.data.validationCode }));
        return;
      }
      for (const e of events) received.push({ type: e.eventType, subject: e.subject, at: Date.now() });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`, received };
}
