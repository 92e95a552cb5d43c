import { errors, type RouterError } from '../domain/kernel/errors';
import type { Reply } from './reply';
import type { HttpSettings } from './settings';

/** Method + path pattern → handler. Patterns: `/routing/jobs/{jobId}/assignments/{assignmentId}:close`. */
export interface RouteRequest {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly ifMatch: string | undefined;
  /** Scheme + host as the client addressed us, for nextLink. */
  readonly origin: string;
  readonly path: string;
  readonly settings: HttpSettings;
}

export type Handler = (request: RouteRequest) => Reply;

export interface Route {
  readonly method: string | '*';
  readonly pattern: string;
  readonly handler: Handler;
}

export interface CompiledRoute extends Route {
  readonly segments: readonly string[];
  readonly action: string | undefined;
}

export type RouteMatch = { readonly kind: 'found'; readonly route: Route; readonly params: string[] } | { readonly kind: 'error'; readonly error: RouterError };

export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const colon = route.pattern.lastIndexOf(':');
    const path = colon >= 0 ? route.pattern.slice(0, colon) : route.pattern;
    return { ...route, segments: path.split('/'), action: colon >= 0 ? route.pattern.slice(colon + 1) : undefined };
  });
}

const isParam = (segment: string): boolean => segment.startsWith('{');

/** Raw segments with the action split off the last raw ':' — before decoding, so an encoded %3A stays in the id. */
function splitAction(rawPath: string, withAction: boolean): { segments: string[]; action: string | undefined } {
  const segments = rawPath.split('/');
  if (!withAction) return { segments, action: undefined };
  const last = segments[segments.length - 1] ?? '';
  const colon = last.lastIndexOf(':');
  if (colon < 0) return { segments, action: undefined };
  segments[segments.length - 1] = last.slice(0, colon);
  return { segments, action: last.slice(colon + 1) };
}

type SegmentMatch = { readonly kind: 'match'; readonly params: string[] } | { readonly kind: 'no' } | { readonly kind: 'error'; readonly error: RouterError };

function matchSegments(route: CompiledRoute, segments: readonly string[], settings: HttpSettings): SegmentMatch {
  if (route.segments.length !== segments.length) return { kind: 'no' };
  const params: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const expected = route.segments[i] ?? '';
    const actual = segments[i] ?? '';
    if (!isParam(expected)) {
      if (expected !== actual) return { kind: 'no' };
      continue;
    }
    if (actual === '') {
      if (!settings.wire.checks.emptyPathParam) throw new Error(`empty path segment for ${expected}`);
      return { kind: 'error', error: errors.badRequest(`The path parameter ${expected} must not be empty.`) };
    }
    if (!settings.wire.checks.pathDecoding) {
      params.push(actual);
      continue;
    }
    try {
      params.push(decodeURIComponent(actual));
    } catch {
      return { kind: 'error', error: errors.badRequest(`The path segment "${actual}" is not valid percent-encoding.`) };
    }
  }
  return { kind: 'match', params };
}

export function matchRoute(routes: readonly CompiledRoute[], method: string, rawPath: string, settings: HttpSettings): RouteMatch {
  let pathMatched = false;
  for (const route of routes) {
    const { segments, action } = splitAction(rawPath, route.action !== undefined);
    if (route.action !== undefined && action !== route.action) continue;
    const matched = matchSegments(route, segments, settings);
    if (matched.kind === 'no') continue;
    if (route.method !== '*' && route.method !== method) {
      pathMatched = true;
      continue;
    }
    if (matched.kind === 'error') return matched;
    return { kind: 'found', route, params: matched.params };
  }
  return { kind: 'error', error: pathMatched ? errors.methodNotAllowed(method, rawPath) : errors.routeNotFound(rawPath) };
}
