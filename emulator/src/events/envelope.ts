import { randomUUID } from 'node:crypto';
import type { RouterEvent } from '../domain';

/** The two envelopes Event Grid delivers in, built from the domain's event values. */
export type EventSchema = 'eventgrid' | 'cloudevents';

export const EVENT_SCHEMAS: readonly EventSchema[] = ['eventgrid', 'cloudevents'];

/** The emulated ACS resource, as Event Grid names it in `topic` / `source`. */
export const EMULATOR_TOPIC = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/jobrouter-emulator/providers/Microsoft.Communication/communicationServices/jobrouter-emulator';

export type Envelope = Readonly<Record<string, unknown>> & { readonly id: string };

export function envelope(event: RouterEvent, schema: EventSchema, topic: string = EMULATOR_TOPIC): Envelope {
  const type = `Microsoft.Communication.${event.name}`;
  const time = new Date(event.time).toISOString();
  if (schema === 'cloudevents') return { id: event.id, source: topic, subject: event.subject, type, specversion: '1.0', time, data: event.data };
  return { id: event.id, topic, subject: event.subject, data: event.data, eventType: type, dataVersion: '1.0', metadataVersion: '1', eventTime: time };
}

/** Event Grid's webhook validation event: the endpoint must echo `validationCode` as `validationResponse`. */
export function validationEvent(topic: string = EMULATOR_TOPIC): { readonly body: Envelope[]; readonly code: string } {
  const code = randomUUID();
  const body = [{
    id: randomUUID(),
    topic,
    subject: '',
    data: { validationCode: code },
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    eventTime: new Date().toISOString(),
    metadataVersion: '1',
    dataVersion: '2',
  }];
  return { body, code };
}

export const CONTENT_TYPES: Readonly<Record<EventSchema, string>> = {
  eventgrid: 'application/json; charset=utf-8',
  cloudevents: 'application/cloudevents-batch+json; charset=utf-8',
};
