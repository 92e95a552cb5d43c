import type { ExchangeRecord } from '../contract/evidence';
import type { Area, Level, OperationId, Requirement } from '../contract/requirements';
import { type BuildInputs, type TestOutcome, buildReport } from './build';
import type { ConformanceReport } from './model';

/**
 * A deterministic synthetic run of `count` requirements, for the benchmark and the report's size and rendering
 * tests: a catalog bigger than the real one, realistic evidence, every status present.
 */

const AREAS: readonly Area[] = ['path-parameters', 'api-version', 'cancel', 'close', 'offers', 'error-contract', 'result-schema', 'authentication'];
const OPERATIONS: readonly OperationId[] = [
  'JobRouterOperations_CancelJob', 'JobRouterOperations_CloseJob', 'JobRouterOperations_CompleteJob', 'JobRouterOperations_AcceptJobOffer',
  'JobRouterOperations_DeclineJobOffer', 'JobRouterOperations_GetWorker', 'JobRouterOperations_GetJob', 'JobRouterOperations_DeleteJob',
];
const LEVELS: readonly Level[] = ['MUST', 'MUST', 'MUST', 'SHOULD', 'MAY'];

function exchange(id: string, n: number, status: number): ExchangeRecord {
  const url = `https://contoso.communication.azure.com/routing/jobs/jrck-${id.toLowerCase()}-${n}:cancel?api-version=2023-11-01`;
  const job = { id: `jrck-${id.toLowerCase()}-${n}`, status: 'cancelled', dispositionCode: 'Cancelled', queueId: 'q1', priority: 1, notes: [{ message: 'x'.repeat(200), addedAt: '2025-01-01T00:00:00+00:00' }], labels: {}, tags: {}, assignments: {} };
  return {
    method: 'POST',
    url,
    requestHeaders: { 'content-type': 'application/json', 'x-ms-date': 'Wed, 01 Jan 2025 00:00:00 GMT', 'x-ms-content-sha256': '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', authorization: '[REDACTED]' },
    requestBody: JSON.stringify({ note: 'synthetic', dispositionCode: 'Done' }),
    status,
    responseHeaders: { 'content-type': 'application/json; charset=utf-8', 'api-supported-versions': '2023-11-01', 'trace-id': `${n}` },
    responseBody: JSON.stringify(status >= 400 ? { error: { code: 'BadRequest', message: 'synthetic </script><img src=x onerror=alert(1)>' } } : job),
    durationMs: 12 + (n % 40),
    curl: `curl -X POST '${url}' -H 'content-type: application/json' -H 'Authorization: <signature>' --data '{"note":"synthetic"}'`,
  };
}

export function syntheticInputs(count: number, exchangesPerRequirement = 3): BuildInputs {
  const catalog: Requirement[] = [];
  const outcomes: TestOutcome[] = [];
  for (let i = 0; i < count; i++) {
    const id = `SYN-${String(i + 1).padStart(4, '0')}`;
    const requirement: Requirement = {
      id,
      level: LEVELS[i % LEVELS.length] ?? 'MUST',
      area: AREAS[i % AREAS.length] ?? 'cancel',
      operation: OPERATIONS[(i * 3) % OPERATIONS.length] ?? 'JobRouterOperations_CancelJob',
      title: `synthetic requirement ${i + 1} holds for the operation`,
      source: 'Synthetic benchmark catalog',
    };
    catalog.push(requirement);
    const kind = i % 20;
    const status = kind === 0 ? 'failed' : kind === 1 ? 'skipped' : kind === 2 && i % 40 === 2 ? 'error' : 'passed';
    const evidence = Array.from({ length: exchangesPerRequirement }, (_, n) => exchange(id, n, status === 'failed' && n === 0 ? 500 : 200));
    outcomes.push({
      requirementId: id,
      key: id,
      title: `${id} ${requirement.title}`,
      status,
      durationMs: 40 + (i % 97),
      ...(status === 'failed' ? { message: `Error: expected 400, got 500\n\nexpect(received).toBe(expected)` } : {}),
      ...(status === 'skipped' ? { message: 'Not applicable: synthetic skip' } : {}),
      ...(status === 'error' ? { message: 'HarnessError: synthetic transport failure' } : {}),
      ...(status === 'skipped' ? {} : { evidence }),
    });
  }
  return {
    catalog,
    outcomes,
    scope: 'full',
    waivers: [{ id: 'SYN-0021', reason: 'synthetic known deviation', link: 'https://example.org/waiver', expires: '2099-12-31' }],
    meta: { target: 'https://contoso.communication.azure.com', apiVersion: '2023-11-01', profile: 'default', kitVersion: 'bench', startedAt: '2025-01-01T00:00:00.000Z', durationMs: 123456 },
  };
}

export function syntheticReport(count: number, exchangesPerRequirement = 3): ConformanceReport {
  return buildReport(syntheticInputs(count, exchangesPerRequirement));
}
