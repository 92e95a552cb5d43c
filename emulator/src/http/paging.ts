import { errors } from '../domain/kernel/errors';
import { errorReply, json, type Reply } from './reply';
import type { RouteRequest } from './router';

/** `{value, nextLink?}` pages; nextLink is left out on the last page, as production does. */
const DEFAULT_PAGE_SIZE = 100;

export function pagedList(request: RouteRequest, items: readonly unknown[]): Reply {
  const sizeText = request.query.get('maxpagesize');
  const size = sizeText === null ? DEFAULT_PAGE_SIZE : Number(sizeText);
  if (!Number.isInteger(size) || size < 1 || size > 1000) return errorReply(errors.badRequest('"maxpagesize" must be an integer from 1 to 1000.'));
  const skipText = request.query.get('skipToken') ?? '0';
  const skip = Number(skipText);
  if (!Number.isInteger(skip) || skip < 0) return errorReply(errors.badRequest('"skipToken" is not valid.'));
  const page = items.slice(skip, skip + size);
  if (skip + size >= items.length) return json(200, { value: page });
  const next = new URLSearchParams(request.query);
  next.set('skipToken', String(skip + size));
  next.set('maxpagesize', String(size));
  return json(200, { value: page, nextLink: `${request.origin}${request.path}?${next.toString()}` });
}
