import type { RouterError } from '../domain/kernel/errors';

/** What a handler answers; respond.ts turns it into bytes. */
export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown; readonly etag?: string; readonly lastModified?: number; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'empty'; readonly status: number }
  | { readonly kind: 'text'; readonly status: number; readonly body: string }
  | { readonly kind: 'error'; readonly error: RouterError };

export const json = (status: number, body: unknown, version?: { etag: string; lastModified: number }): Reply => ({
  kind: 'json',
  status,
  body,
  ...(version ? { etag: version.etag, lastModified: version.lastModified } : {}),
});

export const noContent = (): Reply => ({ kind: 'empty', status: 204 });

export const errorReply = (error: RouterError): Reply => ({ kind: 'error', error });
