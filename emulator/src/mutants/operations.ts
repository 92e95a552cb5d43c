/**
 * The operations a mutant can be placed on, by the short name of their published operationId
 * (`JobRouterOperations_GetJob` → `getJob`), with the method and path template of the published document.
 */
export const MUTABLE_OPERATIONS = [
  { name: 'cancelJob', method: 'POST', path: '/routing/jobs/{jobId}:cancel' },
  { name: 'completeJob', method: 'POST', path: '/routing/jobs/{jobId}/assignments/{assignmentId}:complete' },
  { name: 'closeJob', method: 'POST', path: '/routing/jobs/{jobId}/assignments/{assignmentId}:close' },
  { name: 'acceptJobOffer', method: 'POST', path: '/routing/workers/{workerId}/offers/{offerId}:accept' },
  { name: 'declineJobOffer', method: 'POST', path: '/routing/workers/{workerId}/offers/{offerId}:decline' },
  { name: 'getJob', method: 'GET', path: '/routing/jobs/{jobId}' },
  { name: 'upsertJob', method: 'PATCH', path: '/routing/jobs/{jobId}' },
  { name: 'deleteJob', method: 'DELETE', path: '/routing/jobs/{jobId}' },
  { name: 'listJobs', method: 'GET', path: '/routing/jobs' },
  { name: 'getWorker', method: 'GET', path: '/routing/workers/{workerId}' },
  { name: 'upsertWorker', method: 'PATCH', path: '/routing/workers/{workerId}' },
  { name: 'deleteWorker', method: 'DELETE', path: '/routing/workers/{workerId}' },
  { name: 'listWorkers', method: 'GET', path: '/routing/workers' },
  { name: 'upsertQueue', method: 'PATCH', path: '/routing/queues/{queueId}' },
  { name: 'deleteQueue', method: 'DELETE', path: '/routing/queues/{queueId}' },
  { name: 'upsertDistributionPolicy', method: 'PATCH', path: '/routing/distributionPolicies/{distributionPolicyId}' },
  { name: 'deleteDistributionPolicy', method: 'DELETE', path: '/routing/distributionPolicies/{distributionPolicyId}' },
] as const;

export type OperationName = (typeof MUTABLE_OPERATIONS)[number]['name'];

export const shortOperationName = (operationId: string): string => {
  const bare = operationId.slice(operationId.indexOf('_') + 1);
  return bare.charAt(0).toLowerCase() + bare.slice(1);
};

const COMPILED = MUTABLE_OPERATIONS.map((op) => ({
  ...op,
  // A path parameter is one non-empty segment; the action suffix (`:cancel`) is literal.
  pattern: new RegExp(`^${op.path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('([^/]+?)')}$`),
}));

export interface RecognisedCall {
  readonly operation: OperationName;
  /** The path parameters, percent-decoded, in template order. */
  readonly params: readonly string[];
}

/** Which operation a request is, or undefined for any other request. */
export function recognise(method: string, rawPath: string): RecognisedCall | undefined {
  for (const op of COMPILED) {
    if (op.method !== method) continue;
    const m = op.pattern.exec(rawPath);
    if (!m) continue;
    try {
      return { operation: op.name, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
