/** Errors are values: the domain returns them, the HTTP adapter maps them to a response in one place. */
export interface RouterError {
  readonly kind: 'router-error';
  readonly code: string;
  readonly message: string;
  readonly status: number;
  readonly target?: string;
  readonly details?: readonly { readonly code: string; readonly message: string }[];
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RouterError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: RouterError): Result<T> => ({ ok: false, error });

function make(status: number, code: string, message: string, extra: Partial<Pick<RouterError, 'target' | 'details'>> = {}): RouterError {
  return { kind: 'router-error', status, code, message, ...extra };
}

export type ResourceKind = 'job' | 'worker' | 'queue' | 'distributionPolicy' | 'classificationPolicy' | 'exceptionPolicy' | 'assignment' | 'offer' | 'resource';

export const errors = {
  badRequest: (message: string, target?: string, details?: RouterError['details']) =>
    make(400, 'BadRequest', message, { ...(target === undefined ? {} : { target }), ...(details === undefined ? {} : { details }) }),
  /** Checked right after parsing, before any recursive walk (merge patch, validation, serialisation) sees the body. */
  nestingTooDeep: (limit: number) => make(400, 'BadRequest', `The request body nests deeper than ${limit} levels.`),
  /** What node's HTTP parser refuses (unknown method, bytes not allowed in a target, conflicting framing) before routing. */
  malformedRequest: (reason: string) => make(400, 'BadRequest', `The request is not valid HTTP/1.1: ${reason}.`),
  headersTooLarge: (limitBytes: number) => make(431, 'RequestHeaderFieldsTooLarge', `The request line and headers exceed ${limitBytes} bytes.`),
  requestTimeout: (limitMs: number) => make(408, 'RequestTimeout', `The request did not arrive completely within ${limitMs / 1000} s.`),
  unauthorized: (message: string) => make(401, 'Unauthorized', message),
  notFound: (kind: ResourceKind, id: string) => make(404, 'NotFound', `The ${kind} "${id}" was not found.`),
  routeNotFound: (path: string) => make(404, 'NotFound', `No operation matches ${path}.`),
  methodNotAllowed: (method: string, path: string) => make(405, 'MethodNotAllowed', `${method} is not supported on ${path}.`),
  conflict: (message: string) => make(409, 'Conflict', message),
  preconditionFailed: (message: string) => make(412, 'PreconditionFailed', message),
  payloadTooLarge: (limitBytes: number) => make(413, 'PayloadTooLarge', `The request body exceeds ${limitBytes} bytes.`),
  unsupportedMediaType: (contentType: string) => make(415, 'UnsupportedMediaType', `The request body is sent as "${contentType}"; send JSON (application/json, or application/merge-patch+json for an upsert).`),
  tooManyRequests: (retryAfterS: number) => make(429, 'TooManyRequests', `The request rate is too high; retry after ${retryAfterS} s.`),
  serviceUnavailable: (retryAfterS: number) => make(503, 'ServiceUnavailable', `The service is briefly unavailable; retry after ${retryAfterS} s.`),
  internal: (message = 'The emulator failed to process the request.') => make(500, 'InternalServerError', message),
  /** A gap of the emulator, never a verdict on the client: its own code so a kit can tell it apart. */
  notImplemented: (operation: string) => make(501, 'NotImplemented', `The emulator does not implement ${operation}.`),
} as const;

export function isRouterError(value: unknown): value is RouterError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'router-error';
}
