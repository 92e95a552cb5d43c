import { EventGridDeserializer, isSystemEvent, type CloudEvent, type EventGridEvent, type KnownSystemEventTypes } from '@azure/eventgrid';

/** The router's event names as the SDK knows them (`Microsoft.Communication.<name>`). */
export type RouterEventName = 'RouterJobClosed' | 'RouterJobCancelled' | 'RouterJobCompleted' | 'RouterWorkerOfferIssued'
  | 'RouterWorkerOfferAccepted' | 'RouterWorkerOfferDeclined' | 'RouterWorkerOfferRevoked';

/**
 * Events as the kit received them, in either envelope. The envelope is checked and read by @azure/eventgrid's
 * deserializer (which refuses an event missing its required envelope fields); the data is kept exactly as sent, so the
 * requirements judge what the target wrote, not what a library made of it.
 */
export type EventEnvelope = 'eventgrid' | 'cloudevents';

export interface ReceivedEvent {
  readonly id: string;
  /** `Microsoft.Communication.RouterJobClosed`, … */
  readonly type: string;
  readonly subject: string;
  /** The envelope's eventTime / time (ms since the epoch); NaN when absent. */
  readonly time: number;
  /**
   * How finely the sender wrote `time`: 1000 when the string has no fraction of a second, 100 for one digit, … 1 for
   * three or more. The true instant lies in [time, time + timePrecisionMs).
   */
  readonly timePrecisionMs: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly envelope: EventEnvelope;
  /** When the kit received it, on the kit's clock (ms since the epoch). */
  readonly receivedAt: number;
  /** The JSON as delivered, for schema checks and evidence. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The event as @azure/eventgrid read it, for its system-event predicates (`isSystemEvent`). */
  readonly sdk: EventGridEvent<unknown> | CloudEvent<unknown>;
}

export const VALIDATION_EVENT_TYPE = 'Microsoft.EventGrid.SubscriptionValidationEvent';

const deserializer = new EventGridDeserializer();

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** CloudEvents carry `specversion`; everything else is read as the Event Grid schema. */
export function envelopeOf(raw: Readonly<Record<string, unknown>>): EventEnvelope {
  return 'specversion' in raw ? 'cloudevents' : 'eventgrid';
}

function dataOf(raw: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const data = raw['data'];
  return isRecord(data) ? data : {};
}

/** One delivered event, read through the SDK; throws with the SDK's reason when the envelope is not valid. */
export async function readEvent(raw: unknown, receivedAt: number): Promise<ReceivedEvent> {
  if (!isRecord(raw)) throw new Error('an event is not a JSON object');
  const envelope = envelopeOf(raw);
  if (envelope === 'cloudevents') {
    const [event] = await deserializer.deserializeCloudEvents(raw);
    if (!event) throw new Error('no CloudEvent in the delivery');
    return fromCloud(event, raw, receivedAt);
  }
  const [event] = await deserializer.deserializeEventGridEvents(raw);
  if (!event) throw new Error('no Event Grid event in the delivery');
  return fromEventGrid(event, raw, receivedAt);
}

/** The precision of an RFC 3339 instant as written: `…:05Z` is a whole second, `…:05.2Z` a tenth, `…:05.123Z` a ms. */
export function precisionOf(written: unknown): number {
  if (typeof written !== 'string') return 1;
  const fraction = /T\d{2}:\d{2}:\d{2}(?:\.(\d+))?/i.exec(written)?.[1] ?? '';
  return 10 ** Math.max(0, 3 - fraction.length);
}

function fromEventGrid(event: EventGridEvent<unknown>, raw: Readonly<Record<string, unknown>>, receivedAt: number): ReceivedEvent {
  return { id: event.id, type: event.eventType, subject: event.subject, time: event.eventTime.getTime(), timePrecisionMs: precisionOf(raw['eventTime']), data: dataOf(raw), envelope: 'eventgrid', receivedAt, raw, sdk: event };
}

function fromCloud(event: CloudEvent<unknown>, raw: Readonly<Record<string, unknown>>, receivedAt: number): ReceivedEvent {
  return { id: event.id, type: event.type, subject: event.subject ?? '', time: event.time?.getTime() ?? Number.NaN, timePrecisionMs: precisionOf(raw['time']), data: dataOf(raw), envelope: 'cloudevents', receivedAt, raw, sdk: event };
}

/** Whether @azure/eventgrid recognises the event as the router system event `name` (e.g. RouterJobClosed). */
export function isRouterEvent(event: ReceivedEvent, name: RouterEventName): boolean {
  const type: KnownSystemEventTypes = `Microsoft.Communication.${name}`;
  const sdk = event.sdk;
  return 'eventType' in sdk ? isSystemEvent(type, sdk) : isSystemEvent(type, sdk);
}

/** A delivery body is one event or an array of them (a batch); each is read on its own so one bad event spoils no other. */
export function eventsOfDelivery(body: unknown): unknown[] {
  return Array.isArray(body) ? body : [body];
}

/** The resource ids an event is about (its job and worker), for matching it to the test that made them. */
export function idsOf(data: Readonly<Record<string, unknown>>, subject?: unknown): string[] {
  const ids: string[] = [];
  for (const key of ['jobId', 'workerId']) {
    const value = data[key];
    if (typeof value === 'string' && value !== '') ids.push(value);
  }
  // The subject names them too (`job/{jobId}/channel/…`, `worker/{workerId}/job/{jobId}`): an event whose data lost
  // its ids is still this run's, and its test judges the loss.
  if (typeof subject === 'string') {
    const parts = subject.split('/');
    parts.forEach((part, i) => {
      const id = parts[i + 1];
      if ((part === 'job' || part === 'worker') && id) ids.push(id);
    });
  }
  return ids;
}
