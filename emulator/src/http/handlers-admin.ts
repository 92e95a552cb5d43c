import { deletePolicy, deleteQueue, getPolicy, getQueue, upsertPolicy, upsertQueue, type Upserted } from '../domain/admin/admin';
import type { Result } from '../domain/kernel/errors';
import type { DomainContext, JsonObject, Versioned } from '../domain/state/model';
import { policyView, queueView } from '../domain/routing/views';
import { requireObjectBody } from './body-json';
import { pagedList } from './paging';
import { errorReply, json, noContent, type Reply } from './reply';
import { checkIfMatch } from './preconditions';
import type { Route, RouteRequest } from './router';

/** The admin resources: one set of CRUD routes serves distribution policies, queues, classification and exception policies. */
export function entityReply<T extends Versioned>(result: Result<{ created: boolean; entity: T }>, view: (entity: T) => unknown): Reply {
  if (!result.ok) return errorReply(result.error);
  const { created, entity } = result.value;
  return json(created ? 201 : 200, view(entity), entity);
}

export function readReply<T extends Versioned>(result: Result<T>, view: (entity: T) => unknown): Reply {
  return result.ok ? json(200, view(result.value), result.value) : errorReply(result.error);
}

export function deleteReply(result: Result<void>): Reply {
  return result.ok ? noContent() : errorReply(result.error);
}

/** One admin resource (distribution policy, queue, classification or exception policy) as its four operations see it. */
export interface AdminResource<T extends Versioned> {
  /** e.g. `/routing/queues`; the item path is `${collection}/{${param}}`. */
  readonly collection: string;
  readonly param: string;
  readonly stored: (ctx: DomainContext) => ReadonlyMap<string, T>;
  readonly upsert: (ctx: DomainContext, id: string, body: JsonObject) => Result<Upserted<T>>;
  readonly get: (ctx: DomainContext, id: string) => Result<T>;
  readonly remove: (ctx: DomainContext, id: string) => Result<void>;
  readonly view: (entity: T) => unknown;
}

const id = (request: RouteRequest): string => request.params[0] ?? '';
const ctxOf = (request: RouteRequest) => request.settings.domain.ctx;

/** Merge-patch upsert (201/200), GET, DELETE (204) with If-Match on both writes, and the paged list. */
export function crudRoutes<T extends Versioned>(resource: AdminResource<T>): Route[] {
  const item = `${resource.collection}/{${resource.param}}`;
  const current = (r: RouteRequest): T | undefined => resource.stored(ctxOf(r)).get(id(r));
  return [
    { method: 'PATCH', pattern: item, handler: (r) => {
      const body = requireObjectBody(r);
      if (!body.ok) return errorReply(body.error);
      return checkIfMatch(r, current(r)) ?? entityReply(resource.upsert(ctxOf(r), id(r), body.value), resource.view);
    } },
    { method: 'GET', pattern: item, handler: (r) => readReply(resource.get(ctxOf(r), id(r)), resource.view) },
    { method: 'DELETE', pattern: item, handler: (r) => checkIfMatch(r, current(r)) ?? deleteReply(resource.remove(ctxOf(r), id(r))) },
    { method: 'GET', pattern: resource.collection, handler: (r) => pagedList(r, [...resource.stored(ctxOf(r)).values()].map(resource.view)) },
  ];
}

export const adminRoutes: Route[] = [
  ...crudRoutes({
    collection: '/routing/distributionPolicies', param: 'distributionPolicyId', stored: (ctx) => ctx.store.policies,
    upsert: upsertPolicy, get: getPolicy, remove: deletePolicy, view: policyView,
  }),
  ...crudRoutes({
    collection: '/routing/queues', param: 'queueId', stored: (ctx) => ctx.store.queues,
    upsert: upsertQueue, get: getQueue, remove: deleteQueue, view: queueView,
  }),
];
