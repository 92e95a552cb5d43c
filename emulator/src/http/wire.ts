import type { RouterError } from '../domain/kernel/errors';
import type { Reply } from './reply';

/**
 * An answer on its way out, before serialisation: what an outer layer may rewrite. The adapter builds the documented
 * answer; the layer (the wire faults, fault-wire.ts) may change it. The adapter itself names no variation.
 */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON value, serialised by the adapter. */
  readonly json?: unknown;
  /** Or a text body. */
  readonly text?: string;
  readonly contentType?: string;
}

/**
 * The request checks the adapter makes, each on by default. A layer may switch one off to be a server that skips it;
 * the adapter asks which apply and never why.
 */
export interface RequestChecks {
  /** x-ms-date is an RFC 1123 date within 15 minutes of the server's time. */
  readonly date: boolean;
  /** x-ms-content-sha256 is the hash of the body sent. */
  readonly contentHash: boolean;
  /** The request carries an HMAC signature made with the access key (off: no Authorization is needed at all). */
  readonly signature: boolean;
  /** A body is parsed as JSON under a guard, answered 400; off, a body that is not JSON fails unguarded (500). */
  readonly json: boolean;
  /** Action options have the types their schema says; off, they are taken as sent. */
  readonly optionTypes: boolean;
  /** An empty path parameter is refused (400); off, it fails unguarded (500). */
  readonly emptyPathParam: boolean;
  /** Path parameters are percent-decoded (400 for a bad escape); off, the raw segment is the value. */
  readonly pathDecoding: boolean;
}

const ALL_CHECKS: RequestChecks = { date: true, contentHash: true, signature: true, json: true, optionTypes: true, emptyPathParam: true, pathDecoding: true };

/** The points of the wire where an outer layer may change what comes in or goes out; the identity by default. */
export interface WireLayer {
  /** Which request checks apply. */
  readonly checks: RequestChecks;
  /**
   * Whether a request naming this api-version (undefined: none, or empty) is served; `served` is the one version this
   * emulator implements. The adapter answers its documented 400 for a version this refuses.
   */
  acceptsApiVersion(version: string | undefined, served: string): boolean;
  /** An error before it is shaped into an answer. */
  error(error: RouterError): RouterError;
  /** An error's answer, shaped (documented or observed), before the common headers are added. */
  errorAnswer(answer: Answer, error: RouterError): Answer;
  /** Every JSON body (errors included) just before it is serialised. */
  json(value: unknown): unknown;
  /** Every JSON body's text, just after it is serialised, with the decoded path it answers. */
  jsonText(text: string, path: string): string;
  /** The headers every answer carries (Date, api-supported-versions), before the answer's own are added. */
  commonHeaders(headers: Record<string, string>): Record<string, string>;
  /** Whether a body goes out with Transfer-Encoding: chunked instead of Content-Length. */
  readonly chunked: boolean;
  /** How long every answer waits before it goes out (ms). */
  readonly delayMs: number;
  /**
   * Runs a matched route (its pattern and handler; generic so this seam needs nothing of router.ts): the layer may
   * change its request, answer in its place, or change its reply.
   */
  route<Q extends WireRequest>(route: { readonly pattern: string; readonly handler: (request: Q) => Reply }, request: Q): Reply;
}

/** What the layer reads of a request. */
export interface WireRequest {
  readonly body: Buffer;
  readonly contentType: string | undefined;
}

export const CLEAN_WIRE: WireLayer = {
  checks: ALL_CHECKS,
  acceptsApiVersion: (version, served) => version === served,
  error: (error) => error,
  errorAnswer: (answer) => answer,
  json: (value) => value,
  jsonText: (text) => text,
  commonHeaders: (headers) => headers,
  chunked: false,
  delayMs: 0,
  route: (route, request) => route.handler(request),
};
