import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CONTENT_TYPES, validationEvent, type EventSchema } from './envelope';

/**
 * A webhook's side of delivery: one request with a deadline, and Event Grid's validation handshakes. node:http, not
 * fetch: a run delivers hundreds of batches, and fetch's streams and signals cost several times the CPU per request
 * of the emulator's own handling (measured in the default conformance run's profile).
 */
const DELIVERY_TIMEOUT_MS = 10_000;

export interface WebhookAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly header: (name: string) => string | undefined;
  readonly text: string;
}

function exchange(url: string, method: 'POST' | 'OPTIONS', headers: Record<string, string>, body?: string): Promise<WebhookAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const req = send(target, {
      method,
      headers: { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
      timeout: DELIVERY_TIMEOUT_MS,
      // One connection per delivery, as a new subscriber sees it: no idle socket of ours outlives the answer.
      agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const header = (name: string): string | undefined => {
          const value = res.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : value;
        };
        resolve({ status, ok: status >= 200 && status < 300, header, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export function post(url: string, body: unknown, headers: Record<string, string>): Promise<WebhookAnswer> {
  return exchange(url, 'POST', headers, JSON.stringify(body));
}

/** The handshake before a webhook's first delivery; throws with the reason when the endpoint does not complete it. */
export async function handshake(url: string, schema: EventSchema, topic: string): Promise<void> {
  if (schema === 'cloudevents') {
    const origin = 'eventgrid.azure.net';
    const res = await exchange(url, 'OPTIONS', { 'WebHook-Request-Origin': origin });
    const allowed = res.header('webhook-allowed-origin');
    if (!res.ok || (allowed !== origin && allowed !== '*')) throw new Error(`the CloudEvents handshake answered ${res.status} with WebHook-Allowed-Origin ${allowed ?? '(none)'}`);
    return;
  }
  const { body, code } = validationEvent(topic);
  const res = await post(url, body, { 'content-type': CONTENT_TYPES.eventgrid, 'aeg-event-type': 'SubscriptionValidation' });
  let answer: unknown;
  try {
    answer = JSON.parse(res.text);
  } catch {
    answer = undefined;
  }
  const echoed = typeof answer === 'object' && answer !== null && 'validationResponse' in answer ? answer.validationResponse : undefined;
  if (!res.ok || echoed !== code) throw new Error(`the validation handshake answered ${res.status} without the validation code`);
}
