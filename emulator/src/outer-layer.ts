import type { Domain } from './domain';
import type { Reply } from './http/reply';

/**
 * An outer layer configured from outside the service code (as LocalStack's chaos rules are): it may substitute the
 * domain's operations, views and event drain, and see each request and the reply it gets. The domain and the HTTP
 * adapter only call these two hooks; they know nothing of what a layer does (the generated faults of the self-check,
 * src/emulator/mutants, are one such layer).
 */
export interface Exchange {
  readonly method: string;
  /** The request path as sent, without the query. */
  readonly rawPath: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly contentType: string | undefined;
}

export interface OuterLayer {
  /** The domain the HTTP adapter serves from, built around the one it would otherwise use. */
  readonly wrapDomain?: (domain: Domain) => Domain;
  /** Serves one request: `serve` is the whole pipeline (auth, api-version, routing, handler) for it. */
  readonly exchange?: (exchange: Exchange, serve: () => Reply) => Reply;
}
