import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventsOfDelivery, idsOf, readEvent, VALIDATION_EVENT_TYPE } from './received';

/**
 * The run's one event collector, in Playwright's main process: the webhook sink (Event Grid's validation handshake,
 * the CloudEvents OPTIONS handshake, deliveries) and whatever a Storage-queue reader hands it. It keeps the events of
 * this run's resources (ids with the run prefix), once per id, and serves them to the test workers on a feed whose
 * path holds a random token.
 */
export interface StoredEvent {
  readonly seq: number;
  readonly receivedAt: number;
  readonly raw: unknown;
}

export interface CollectorStats {
  /** Events of this run kept (each id once). */
  readonly kept: number;
  /** Deliveries of an id already kept (Event Grid delivers at least once). */
  readonly duplicates: number;
  /** Events of other runs' or other applications' resources, ignored. */
  readonly foreign: number;
  /** Events whose envelope the SDK refused, or bodies that were not JSON. */
  readonly malformed: number;
  readonly validations: number;
  /** What went wrong in the events that were refused (first few). */
  readonly problems: readonly string[];
  /** The source's own trouble (a queue that cannot be read), first few: why nothing may be arriving. */
  readonly sourceProblems: readonly string[];
}

export interface FeedPage {
  readonly cursor: number;
  readonly events: readonly StoredEvent[];
  readonly stats: CollectorStats;
}

const BODY_LIMIT_BYTES = 4 * 1024 * 1024;
const MAX_PROBLEMS = 20;

export class EventStore {
  private readonly byId = new Map<string, StoredEvent>();
  private readonly events: StoredEvent[] = [];
  private seq = 0;
  private duplicates = 0;
  private foreign = 0;
  private malformed = 0;
  validations = 0;
  private readonly problems: string[] = [];
  private readonly sourceProblems: string[] = [];

  constructor(private readonly runPrefix: string) {}

  /** The source failed to fetch (not an event's fault); kept so "nothing arrived" can say why. */
  noteSource(problem: string): void {
    if (this.sourceProblems.length < MAX_PROBLEMS && !this.sourceProblems.includes(problem)) this.sourceProblems.push(problem.slice(0, 300));
  }

  note(problem: string): void {
    this.malformed += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem.slice(0, 300));
  }

  /** Adds every event of a delivery body; never throws. */
  async add(body: unknown, receivedAt = Date.now()): Promise<void> {
    for (const raw of eventsOfDelivery(body)) {
      let event;
      try {
        event = await readEvent(raw, receivedAt);
      } catch (error) {
        this.note(`an event was refused: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (event.type === VALIDATION_EVENT_TYPE) continue;
      if (!idsOf(event.data, event.subject).some((id) => id.startsWith(this.runPrefix))) {
        this.foreign += 1;
        continue;
      }
      if (this.byId.has(event.id)) {
        this.duplicates += 1;
        continue;
      }
      const stored: StoredEvent = { seq: ++this.seq, receivedAt, raw };
      this.byId.set(event.id, stored);
      this.events.push(stored);
    }
  }

  /** Events after `cursor` about any of `ids` (all of this run's when `ids` is empty). */
  page(ids: readonly string[], cursor: number): FeedPage {
    const wanted = new Set(ids);
    const events = this.events.filter((e) => {
      if (e.seq <= cursor) return false;
      if (wanted.size === 0) return true;
      const raw = typeof e.raw === 'object' && e.raw !== null ? (e.raw as Record<string, unknown>) : {};
      const data = typeof raw['data'] === 'object' && raw['data'] !== null ? (raw['data'] as Record<string, unknown>) : {};
      return idsOf(data, raw['subject']).some((id) => wanted.has(id));
    });
    return { cursor: this.seq, events, stats: this.stats() };
  }

  stats(): CollectorStats {
    return { kept: this.events.length, duplicates: this.duplicates, foreign: this.foreign, malformed: this.malformed, validations: this.validations, problems: [...this.problems], sourceProblems: [...this.sourceProblems] };
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }) });
  res.end(text);
}

/** The code of a SubscriptionValidationEvent delivery, if that is what this is. */
function validationCode(body: unknown): string | undefined {
  const first: unknown = Array.isArray(body) ? body[0] : body;
  if (typeof first !== 'object' || first === null) return undefined;
  const { eventType, data } = first as { eventType?: unknown; data?: unknown };
  if (eventType !== VALIDATION_EVENT_TYPE || typeof data !== 'object' || data === null) return undefined;
  const code = (data as { validationCode?: unknown }).validationCode;
  return typeof code === 'string' ? code : undefined;
}

export interface RunningCollector {
  readonly store: EventStore;
  /** Where the sink listens (http://host:port/). */
  readonly sinkUrl: string;
  /** Where the workers read the feed (holds the token; never shown). */
  readonly feedUrl: string;
  close(): Promise<void>;
}

export async function startCollector(options: { readonly runPrefix: string; readonly host: string; readonly port: number; readonly webhook: boolean }): Promise<RunningCollector> {
  const store = new EventStore(options.runPrefix);
  const token = randomBytes(16).toString('hex');
  const feedPath = `/_kit/${token}/events`;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sink');
    if (url.pathname === feedPath && req.method === 'GET') {
      const ids = (url.searchParams.get('ids') ?? '').split(',').filter((id) => id !== '');
      send(res, 200, store.page(ids, Number(url.searchParams.get('after') ?? 0) || 0));
      return;
    }
    if (!options.webhook || url.pathname.startsWith('/_kit/')) return send(res, 404, { error: { code: 'NotFound', message: 'No such path.' } });
    if (req.method === 'OPTIONS') {
      // CloudEvents 1.0 webhook abuse protection: allow the origin that asks.
      const origin = req.headers['webhook-request-origin'];
      return send(res, 200, undefined, { 'WebHook-Allowed-Origin': typeof origin === 'string' ? origin : '*', 'WebHook-Allowed-Rate': '*' });
    }
    if (req.method !== 'POST') return send(res, 405, { error: { code: 'MethodNotAllowed', message: 'Deliveries are POSTed.' } });
    const receivedAt = Date.now();
    const bytes = await readBody(req);
    if (bytes === 'too-large') return send(res, 413, { error: { code: 'PayloadTooLarge', message: `A delivery is at most ${BODY_LIMIT_BYTES} bytes.` } });
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      store.note('a delivery body was not JSON');
      return send(res, 400, { error: { code: 'BadRequest', message: 'The delivery is not JSON.' } });
    }
    const code = validationCode(body);
    if (code !== undefined) {
      store.validations += 1;
      return send(res, 200, { validationResponse: code });
    }
    await store.add(body, receivedAt);
    send(res, 200);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: { code: 'InternalServerError', message: 'The sink failed.' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    store,
    sinkUrl: `${base}/`,
    feedUrl: `${base}${feedPath}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
