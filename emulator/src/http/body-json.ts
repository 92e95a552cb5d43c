import { errors, fail, ok, type Result } from '../domain/kernel/errors';
import type { JsonObject } from '../domain/state/model';
import { checkObject, isJsonObject, type ObjectSchema } from '../domain/kernel/schema';
import type { RouteRequest } from './router';

/** Deeper bodies are refused (400) right after parsing, before merge patch, validation or serialisation recurse. */
export const MAX_BODY_DEPTH = 64;

/** Iterative (an explicit stack), so a body nested 50,000 deep cannot overflow the call stack while being measured. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    const depth = item.depth + 1;
    if (depth > limit) return true;
    for (const child of Object.values(item.value)) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth });
  }
  return false;
}

/** JSON request bodies: absent, or an object; anything else is the client's mistake (400). */
export function parseObjectBody(request: RouteRequest): Result<JsonObject | undefined> {
  const text = request.body.toString('utf8');
  if (text.trim().length === 0) return ok(undefined);
  let value: unknown;
  if (!request.settings.wire.checks.json) {
    value = JSON.parse(text);
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      return fail(errors.badRequest('The request body is not valid JSON.'));
    }
  }
  if (nestsDeeperThan(value, MAX_BODY_DEPTH)) return fail(errors.nestingTooDeep(MAX_BODY_DEPTH));
  if (!isJsonObject(value)) return fail(errors.badRequest('The request body must be a JSON object.'));
  return ok(value);
}

export function requireObjectBody(request: RouteRequest): Result<JsonObject> {
  const parsed = parseObjectBody(request);
  if (!parsed.ok) return parsed;
  return parsed.value === undefined ? fail(errors.badRequest('The request body is required.')) : ok(parsed.value);
}

/** Action options (cancel, close, …): optional body, typed properties (unless the wire layer skips that check). */
export function parseOptions(request: RouteRequest, schema: ObjectSchema): Result<JsonObject> {
  const parsed = parseObjectBody(request);
  if (!parsed.ok) return parsed;
  const body = parsed.value ?? {};
  if (!request.settings.wire.checks.optionTypes) return ok(body);
  const problem = checkObject(body, schema);
  return problem ? fail(errors.badRequest(problem)) : ok(body);
}

/** A string option; wrongly typed values only get here with type validation off, and are then coerced. */
export function stringOption(options: JsonObject, key: string): string | undefined {
  const value = options[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
