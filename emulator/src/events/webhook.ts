import { CONTENT_TYPES, validationEvent, type EventSchema } from './envelope';

/** A webhook's side of delivery: one POST with a deadline, and Event Grid's validation handshakes. */
const DELIVERY_TIMEOUT_MS = 10_000;

export async function post(url: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS), redirect: 'manual' });
}

/** The handshake before a webhook's first delivery; throws with the reason when the endpoint does not complete it. */
export async function handshake(url: string, schema: EventSchema, topic: string): Promise<void> {
  if (schema === 'cloudevents') {
    const origin = 'eventgrid.azure.net';
    const res = await fetch(url, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': origin }, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS), redirect: 'manual' });
    await res.body?.cancel();
    const allowed = res.headers.get('webhook-allowed-origin');
    if (!res.ok || (allowed !== origin && allowed !== '*')) throw new Error(`the CloudEvents handshake answered ${res.status} with WebHook-Allowed-Origin ${allowed ?? '(none)'}`);
    return;
  }
  const { body, code } = validationEvent(topic);
  const res = await post(url, body, { 'content-type': CONTENT_TYPES.eventgrid, 'aeg-event-type': 'SubscriptionValidation' });
  const text = await res.text();
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  const echoed = typeof answer === 'object' && answer !== null && 'validationResponse' in answer ? answer.validationResponse : undefined;
  if (!res.ok || echoed !== code) throw new Error(`the validation handshake answered ${res.status} without the validation code`);
}
