import { randomBytes } from 'node:crypto';
import { signedHeaders } from 'jobrouter-emulator/signer';
import { API_VERSION, rfc1123, signedRequest, type RawRequest } from '../../scripts/lib/http';
import type { Prng } from '../../scripts/lib/prng';
import { brokenJson } from './broken-json';
import { hostilePath, hostileQuery } from './paths';
import { SHAPES, type ObjectShape } from './shapes';
import { socketCase } from './socket';
import { hostileBody, validValue, type KnownIds } from './values';

/** Real resources seeded before the storm; cases aim at them as often as at unknown ids. */
export interface FuzzWorld extends KnownIds {
  readonly accessKey: string;
  readonly host: string;
  readonly jobs: readonly string[];
  readonly workers: readonly string[];
  readonly assignments: readonly { readonly jobId: string; readonly assignmentId: string }[];
  readonly offers: readonly { readonly workerId: string; readonly offerId: string }[];
  /** The emulator's request body limit in bytes. */
  readonly bodyLimit: number;
}

/** What a case must get besides the universal checks (no 5xx, JSON errors, no reset). */
export type Expectation = 'any' | 'not-2xx' | 'status-413';

export type FuzzCase =
  | { readonly index: number; readonly category: string; readonly transport: 'http'; readonly request: RawRequest; readonly expect: Expectation }
  | { readonly index: number; readonly category: string; readonly transport: 'socket'; readonly bytes: Buffer; readonly expect: Expectation };

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly shape: ObjectShape;
}

const Q = `?api-version=${API_VERSION}`;
const enc = encodeURIComponent;

function someId(prng: Prng, real: readonly string[]): string {
  if (real.length > 0 && prng.chance(0.6)) return prng.pick(real);
  return prng.chance(0.7) ? `fuzz-${prng.string(8)}` : prng.pick(['x', 'a b', 'a/b', 'é', '..', '.', '%', ':cancel', 'x'.repeat(2_000), '\u0000']);
}

/** An operation that takes a body, with ids from the real world most of the time (matching pairs or crossed). */
function operation(prng: Prng, world: FuzzWorld): Operation {
  const assignment = world.assignments.length > 0 && prng.chance(0.6) ? prng.pick(world.assignments) : { jobId: someId(prng, world.jobs), assignmentId: someId(prng, []) };
  const offer = world.offers.length > 0 && prng.chance(0.6) ? prng.pick(world.offers) : { workerId: someId(prng, world.workers), offerId: someId(prng, []) };
  const jobId = prng.chance(0.3) ? someId(prng, world.jobs) : assignment.jobId;
  return prng.pick<() => Operation>([
    () => ({ method: 'POST', path: `/routing/jobs/${enc(jobId)}:cancel${Q}`, shape: SHAPES.CancelJobOptions }),
    () => ({ method: 'POST', path: `/routing/jobs/${enc(jobId)}/assignments/${enc(assignment.assignmentId)}:complete${Q}`, shape: SHAPES.CompleteJobOptions }),
    () => ({ method: 'POST', path: `/routing/jobs/${enc(jobId)}/assignments/${enc(assignment.assignmentId)}:close${Q}`, shape: SHAPES.CloseJobOptions }),
    () => ({ method: 'POST', path: `/routing/jobs/${enc(jobId)}/assignments/${enc(assignment.assignmentId)}:unassign${Q}`, shape: SHAPES.UnassignJobOptions }),
    () => ({ method: 'POST', path: `/routing/workers/${enc(offer.workerId)}/offers/${enc(offer.offerId)}:decline${Q}`, shape: SHAPES.DeclineJobOfferOptions }),
    () => ({ method: 'POST', path: `/routing/workers/${enc(offer.workerId)}/offers/${enc(offer.offerId)}:accept${Q}`, shape: {} }),
  ])();
}

function upsert(prng: Prng, world: FuzzWorld): Operation {
  const [collection, shape, real] = prng.pick([
    ['jobs', SHAPES.RouterJob, world.jobs],
    ['workers', SHAPES.RouterWorker, world.workers],
    ['queues', SHAPES.RouterQueue, world.queues],
    ['distributionPolicies', SHAPES.DistributionPolicy, world.policies],
  ] as const);
  // Fresh ids mostly: upserts that pass validation create resources, which keeps matching busy during the storm.
  const id = prng.chance(0.3) ? someId(prng, real) : `fuzz-${prng.string(10)}`;
  return { method: 'PATCH', path: `/routing/${collection}/${enc(id)}${Q}`, shape };
}

const json = (value: unknown): string => JSON.stringify(value) ?? '';

const BAD_CONTENT_TYPES = [
  'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16',
  '', '*/*', 'application/merge-patch+json', 'application/json', 'application/json; charset=latin1', ';;;=', 'application/' + 'x'.repeat(5_000),
  'APPLICATION/JSON', 'application/json-patch+json', 'application/octet-stream', 'image/png',
];

/** Requests that break the signature in one way each; none may be served. */
function badSignature(prng: Prng, world: FuzzWorld, op: Operation): RawRequest {
  const body = json(hostileBody(prng, op.shape, world));
  const good = signedRequest(world.accessKey, world.host, op.method, op.path, body);
  const headers: Record<string, string> = { ...good.headers };
  const resign = (key: string, date: string, path = op.path, method = op.method, host = world.host): void => {
    Object.assign(headers, signedHeaders(key, { method, pathAndQuery: path, host, date, body }));
  };
  switch (prng.int(0, 15)) {
    case 0: headers['authorization'] = prng.pick(['', 'garbage', 'HMAC-SHA256', 'HMAC-SHA256 ', 'Bearer x.y.z', 'Basic dXNlcjpwYXNz', `HMAC-SHA256 SignedHeaders=${'a;'.repeat(2000)}&Signature=x`]); break;
    case 1: headers['authorization'] = `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${randomBytes(32).toString('base64')}`; break;
    case 2: resign(randomBytes(32).toString('base64'), rfc1123()); break;
    case 3: delete headers['x-ms-date']; break;
    case 4: resign(world.accessKey, new Date().toISOString()); break;
    case 5: { const date = rfc1123(Date.now() + prng.pick([20, 60, 24 * 60]) * 60_000); resign(world.accessKey, date); break; }
    case 6: { const date = rfc1123(Date.now() - prng.pick([16, 60, 24 * 60]) * 60_000); resign(world.accessKey, date); break; }
    case 7: { const date = prng.pick(['Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'garbage', '', 'Mon, 32 Foo 2024 99:99:99 GMT']); resign(world.accessKey, date); break; }
    case 8: headers['x-ms-content-sha256'] = randomBytes(32).toString('base64'); break;
    case 9: delete headers['x-ms-content-sha256']; break;
    case 10: delete headers['authorization']; break;
    case 11: resign(world.accessKey, rfc1123(), op.path.split('?')[0] ?? op.path); break;
    case 12: resign(world.accessKey, rfc1123(), op.path, op.method, 'evil.example:443'); break;
    case 13: resign(world.accessKey, rfc1123(), op.path, 'GET'); break;
    case 14: headers['authorization'] = (headers['authorization'] ?? '').replace('SignedHeaders=x-ms-date;host;x-ms-content-sha256', 'SignedHeaders=host'); break;
    default: resign(Buffer.from('not base64 !!!').toString('utf8'), rfc1123()); break;
  }
  // The body of a hash-mismatch case must differ from what was hashed: change it after signing.
  const sentBody = prng.chance(0.2) ? `${body} ` : body;
  headers['content-length'] = String(Buffer.byteLength(sentBody));
  return { method: op.method, path: op.path, headers, body: sentBody };
}

function oversized(prng: Prng, world: FuzzWorld, op: Operation): RawRequest {
  if (prng.chance(0.3)) {
    // Declared, not sent: far beyond any limit, so a server must refuse on the header instead of waiting for bytes.
    const request = signedRequest(world.accessKey, world.host, op.method, op.path, '');
    return { ...request, headers: { ...request.headers, 'content-length': String(prng.pick([100 * 1024 * 1024, 10 * 1024 ** 3, Number.MAX_SAFE_INTEGER])), 'content-type': 'application/json' }, body: '' };
  }
  const size = world.bodyLimit + prng.pick([1, 1024, world.bodyLimit]);
  const filler = 'x'.repeat(size);
  return signedRequest(world.accessKey, world.host, op.method, op.path, `{"note":"${filler}"}`);
}

/** One case per index, drawn in order from one PRNG stream: a seed and an index reproduce any case. */
export function nextCase(prng: Prng, world: FuzzWorld, index: number): FuzzCase {
  const category = prng.weighted<string>([
    [34, 'options-wrong-types'], [20, 'upsert-wrong-types'], [12, 'broken-json'], [5, 'content-type'], [10, 'paths'],
    [5, 'methods'], [9, 'bad-signature'], [1, 'oversized'], [4, 'socket'],
  ]);
  const sign = (method: string, path: string, body: Buffer | string = '', extra: Record<string, string> = {}): FuzzCase =>
    ({ index, category, transport: 'http', request: signedRequest(world.accessKey, world.host, method, path, body, extra), expect: 'any' });
  switch (category) {
    case 'options-wrong-types': { const op = operation(prng, world); return sign(op.method, op.path, json(hostileBody(prng, op.shape, world))); }
    case 'upsert-wrong-types': { const op = upsert(prng, world); return sign(op.method, op.path, json(hostileBody(prng, op.shape, world))); }
    case 'broken-json': {
      const op = prng.chance(0.6) ? operation(prng, world) : upsert(prng, world);
      const field = Object.keys(op.shape)[0] ?? 'note';
      return sign(op.method, op.path, brokenJson(prng, field, json(validValue(prng, { object: op.shape }, world))));
    }
    case 'content-type': {
      const op = prng.chance(0.6) ? operation(prng, world) : upsert(prng, world);
      const body = prng.chance(0.7) ? json(hostileBody(prng, op.shape, world)) : prng.pick(['<a/>', 'a=1&b=2', '--x\r\n\r\n--x--', '']);
      return sign(op.method, op.path, body, { 'content-type': prng.pick(BAD_CONTENT_TYPES) });
    }
    case 'paths': {
      const path = `${hostilePath(prng, world)}${hostileQuery(prng)}`;
      const method = prng.pick(['GET', 'GET', 'POST', 'PATCH', 'DELETE']);
      return sign(method, path, method === 'GET' || method === 'DELETE' ? '' : json(hostileBody(prng, SHAPES.CloseJobOptions, world)));
    }
    case 'methods': {
      const op = prng.chance(0.5) ? operation(prng, world) : upsert(prng, world);
      const method = prng.pick(['PUT', 'OPTIONS', 'TRACE', 'GET', 'PATCH', 'POST', 'PROPFIND', 'FOO', 'M-SEARCH', 'MERGE']);
      // DELETE only on unknown ids: deleting the seeded world would starve the rest of the storm of real targets.
      if (prng.chance(0.15)) return sign('DELETE', `/routing/${prng.pick(['jobs', 'workers', 'queues', 'distributionPolicies'])}/fuzz-${prng.string(6)}${Q}`, prng.chance(0.5) ? '' : '{}');
      return sign(method, op.path, method === 'TRACE' ? '' : json(hostileBody(prng, op.shape, world)));
    }
    case 'bad-signature': return { index, category, transport: 'http', request: badSignature(prng, world, prng.chance(0.5) ? operation(prng, world) : upsert(prng, world)), expect: 'not-2xx' };
    case 'oversized': return { index, category, transport: 'http', request: oversized(prng, world, operation(prng, world)), expect: 'status-413' };
    default: return { index, category, transport: 'socket', bytes: socketCase(prng, world), expect: 'any' };
  }
}
