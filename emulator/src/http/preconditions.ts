import { errors } from '../domain/kernel/errors';
import type { Versioned } from '../domain/state/model';
import { errorReply, type Reply } from './reply';
import type { RouteRequest } from './router';

/** If-Match on upserts and deletes: `*` needs the entity to exist, a tag needs it to be current. */
export function checkIfMatch(request: RouteRequest, entity: Versioned | undefined): Reply | undefined {
  const wanted = request.ifMatch?.trim();
  if (wanted === undefined || wanted === '') return undefined;
  if (wanted === '*' ? entity !== undefined : entity?.etag === wanted) return undefined;
  return errorReply(errors.preconditionFailed('If-Match does not match the current ETag.'));
}
