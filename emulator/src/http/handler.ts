import { servingFor, servingNobody } from '../request-context';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createDomain, type Domain } from '../domain';
import { publisherFaults } from '../fault-events';
import { withFaults } from '../fault-layer';
import { wireLayer } from '../fault-wire';
import type { Clock } from '../domain/kernel/clock';
import { errors } from '../domain/kernel/errors';
import { Chaos, type ChaosSettings } from '../chaos';
import { EventPublisher, type PublisherOptions, type SubscriptionSpec } from '../events/publisher';
import type { FaultName } from '../faults';
import type { OuterLayer } from '../outer-layer';
import { verifyRequest } from './auth';
import { readBody } from './body';
import { answerClientError, answerConnect, createConnectionState, track } from './client-error';
import { errorReply, type Reply } from './reply';
import { send } from './respond';
import { compileRoutes, matchRoute } from './router';
import { EVENT_ROUTES } from './handlers-events';
import { DEV_ROUTES } from './handlers-dev';
import { clearStore, type DevControls } from '../dev/controls';
import type { ControlledClock } from '../dev/clock';
import { loosen } from '../dev/loose';
import { ROUTES } from './routes';
import { API_VERSION, BODY_LIMIT_BYTES, type HttpSettings } from './settings';

const EMULATOR_ROUTES = compileRoutes([...DEV_ROUTES, ...EVENT_ROUTES]);

/** The request pipeline, in this fixed order: body (413) → auth (401) → api-version (400) → route (404/405/501) → media type (415) → tick → handler. */
export interface HandlerOptions {
  readonly accessKey: string;
  readonly bearerTokens?: readonly string[];
  readonly faults?: readonly FaultName[];
  readonly errors?: 'documented' | 'observed';
  readonly clock?: Clock;
  /** What a 408 says the server's requestTimeout is; default REQUEST_TIMEOUT_MS. */
  readonly requestTimeoutMs?: number;
  /** Transport chaos around the whole pipeline (see chaos.ts); off by default. */
  readonly chaos?: ChaosSettings;
  /** A layer configured from outside around the domain and each exchange (e.g. the self-check's generated faults). */
  readonly outer?: OuterLayer;
  /** Event subscriptions made at start-up, and the publisher's default settings. */
  readonly events?: { readonly subscriptions?: readonly SubscriptionSpec[] } & PublisherOptions;
  /** `--oauth basic`: plausible Entra ID tokens are accepted (oauth.ts). */
  readonly oauth?: 'basic';
  /** `--clock manual`: the domain runs on this clock and POST /emulator/clock moves it; auth keeps real time. */
  readonly controlledClock?: ControlledClock;
  /** `--loose`: where the warning for each pre-release spelling goes (dev/loose.ts). */
  readonly loose?: (message: string) => void;
  /** What GET /emulator/health adds (https, location, …). */
  readonly describe?: () => Record<string, unknown>;
  /** Called when the state may have changed (events were emitted, a reset): persistence saves after it. */
  readonly onChange?: () => void;
}

export interface EmulatorHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  readonly domain: Domain;
  /** The server's 'clientError' listener: what node's parser refused, answered as a documented error. */
  readonly clientError: (error: Error, socket: Duplex) => void;
  /** The server's 'connect' listener: CONNECT is answered 405 instead of the socket being dropped. */
  readonly connect: (req: IncomingMessage, socket: Duplex) => void;
  readonly events: EventPublisher;
  /** Hands the events of the last requests and ticks to the publisher; the server's timer calls it after each tick. */
  pump(): void;
}

function apiVersionError(settings: HttpSettings, query: URLSearchParams) {
  const given = query.get('api-version');
  const version = given === null || given === '' ? undefined : given;
  if (settings.wire.acceptsApiVersion(version, API_VERSION)) return undefined;
  return version === undefined ? errors.badRequest('The api-version query parameter is required.') : errors.badRequest(`The api-version "${version}" is not supported; use ${API_VERSION}.`);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A body sent as something other than JSON: 415 (RFC 9110 §15.5.16; the OpenAPI consumes JSON only). A body without
 * a Content-Type, and an empty body with any, are read as before: clients send both (observed behaviour §1).
 */
function mediaTypeError(body: Buffer, contentType: string | undefined) {
  if (contentType === undefined || body.length === 0) return undefined;
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(media) ? undefined : errors.unsupportedMediaType(media || contentType);
}

function process(settings: HttpSettings, req: IncomingMessage, body: Buffer, rawUrl: string, rawPath: string, rawQuery: string): Reply {
  const method = req.method ?? 'GET';
  if (settings.chaos) settings = { ...settings, domain: settings.chaos.domainFor(method, settings.domain) };
  const now = (settings.authClock ?? settings.domain.ctx.clock).now();
  const authError = verifyRequest(settings, { method, rawUrl, headers: req.headers, body, now });
  if (authError) return errorReply(authError);
  const query = new URLSearchParams(rawQuery);
  if (rawPath.startsWith('/emulator/')) {
    const own = matchRoute(EMULATOR_ROUTES, method, rawPath, settings);
    if (own.kind === 'error') return errorReply(own.error);
    return own.route.handler({ params: own.params, query, body, contentType: single(req.headers['content-type']), ifMatch: undefined, origin: '', path: rawPath, settings });
  }
  const versionError = apiVersionError(settings, query);
  if (versionError) return errorReply(versionError);
  const match = matchRoute(ROUTES, method, rawPath, settings);
  if (match.kind === 'error') return errorReply(match.error);
  const mediaError = mediaTypeError(body, single(req.headers['content-type']));
  if (mediaError) return errorReply(mediaError);
  // Effects that came due belong to no request: generated faults count them as nobody's (request-context.ts).
  servingNobody(() => settings.domain.tick());
  const loosened = settings.loose ? loosen(body, method, rawPath, settings.loose) : undefined;
  const reply = settings.wire.route(match.route, {
    params: match.params,
    query,
    body: loosened?.body ?? body,
    contentType: single(req.headers['content-type']),
    ifMatch: single(req.headers['if-match']),
    origin: `http://${single(req.headers.host) ?? 'localhost'}`,
    path: rawPath,
    settings,
  });
  return loosened ? loosened.answer(reply) : reply;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createEmulatorHandler(options: HandlerOptions): EmulatorHandler {
  const faults = options.faults ?? [];
  const clock = options.controlledClock ?? options.clock;
  const faulty = withFaults(createDomain(clock ? { clock } : {}), faults);
  const domain = options.outer?.wrapDomain ? options.outer.wrapDomain(faulty) : faulty;
  const exchange = options.outer?.exchange;
  const events = new EventPublisher({ ...options.events, ...publisherFaults(new Set(faults)) });
  for (const spec of options.events?.subscriptions ?? []) events.subscribe(spec);
  const pump = (): void => {
    const drained = domain.drain();
    if (drained.length > 0) options.onChange?.();
    if (events.hasSubscriptions) events.publish(drained);
  };
  const dev: DevControls = {
    ...(options.controlledClock ? { clock: options.controlledClock } : {}),
    describe: () => ({ clock: options.controlledClock ? 'manual' : 'real', oauth: options.oauth ?? 'off', loose: Boolean(options.loose), ...options.describe?.() }),
    reset: () => {
      clearStore(domain);
      events.discardPending();
      options.onChange?.();
    },
    settle: () => {
      domain.tick();
      pump();
    },
  };
  const settings: HttpSettings = {
    accessKey: options.accessKey,
    bearerTokens: new Set(options.bearerTokens ?? []),
    errorShape: options.errors ?? 'documented',
    wire: wireLayer(new Set(faults)),
    domain,
    ...(options.chaos ? { chaos: new Chaos(options.chaos) } : {}),
    events,
    dev,
    ...(options.oauth ? { oauth: options.oauth } : {}),
    ...(options.controlledClock ? { authClock: { now: () => Date.now() } } : {}),
    ...(options.loose ? { loose: options.loose } : {}),
  };
  const connections = createConnectionState(options.requestTimeoutMs);
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    track(connections, req.socket, res);
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
    const respond = async (): Promise<void> => {
      const read = await readBody(req, BODY_LIMIT_BYTES);
      if (read.kind === 'aborted') return;
      let reply: Reply;
      const disruption = read.kind === 'too-large' ? undefined : settings.chaos?.disruption();
      if (disruption === 'reset') {
        // Dropped before processing: nothing was applied, and the client gets no answer at all.
        req.socket.destroy();
        return;
      }
      if (disruption) res.setHeader('Retry-After', String(settings.chaos?.settings.retryAfterS ?? 1));
      if (read.kind === 'too-large') reply = errorReply(errors.payloadTooLarge(BODY_LIMIT_BYTES));
      else if (disruption === 'throttle') reply = errorReply(errors.tooManyRequests(settings.chaos?.settings.retryAfterS ?? 1));
      else if (disruption === 'unavailable') reply = errorReply(errors.serviceUnavailable(settings.chaos?.settings.retryAfterS ?? 1));
      else {
        try {
          const serve = (): Reply => process(settings, req, read.bytes, rawUrl, rawPath, rawQuery);
          reply = servingFor(single(req.headers['user-agent']), () => exchange
            ? exchange({ method: req.method ?? 'GET', rawPath, query: new URLSearchParams(rawQuery), body: read.bytes, contentType: single(req.headers['content-type']) }, serve)
            : serve());
          pump();
          if (settings.chaos?.loseAnswer(req.method ?? 'GET')) {
            // Dropped after processing: the action was applied, and the client gets no answer at all.
            req.socket.destroy();
            return;
          }
        } catch {
          // The fuzz test proves no input gets here; a fault may put a request here on purpose.
          reply = errorReply(errors.internal());
        }
      }
      if (settings.wire.delayMs > 0) await sleep(settings.wire.delayMs);
      const latency = settings.chaos?.latencyMs() ?? 0;
      if (latency > 0) await sleep(latency);
      // A 413 is answered at once; its connection closes once the refused body has been read off the wire.
      send(settings, res, reply, rawPath, read.kind === 'too-large' ? { close: true, endAfter: read.drained } : {});
    };
    respond().catch(() => {
      if (!res.headersSent) send(settings, res, errorReply(errors.internal()), rawPath, { close: true });
    });
  };
  const clientError = (error: Error, socket: Duplex): void => answerClientError(settings, connections, error, socket);
  const connect = (req: IncomingMessage, socket: Duplex): void => answerConnect(settings, req, socket);
  return Object.assign(handle, { domain, clientError, connect, events, pump });
}
