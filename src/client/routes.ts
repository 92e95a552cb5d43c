/** Paths of the Job Router API, already encoded: every id is one segment, whatever characters it holds. */
const seg = (value: string): string => encodeURIComponent(value);

export const routes = {
  jobs: (): string => '/routing/jobs',
  job: (id: string): string => `/routing/jobs/${seg(id)}`,
  cancel: (jobId: string): string => `/routing/jobs/${seg(jobId)}:cancel`,
  reclassify: (jobId: string): string => `/routing/jobs/${seg(jobId)}:reclassify`,
  complete: (jobId: string, assignmentId: string): string => `/routing/jobs/${seg(jobId)}/assignments/${seg(assignmentId)}:complete`,
  close: (jobId: string, assignmentId: string): string => `/routing/jobs/${seg(jobId)}/assignments/${seg(assignmentId)}:close`,
  unassign: (jobId: string, assignmentId: string): string => `/routing/jobs/${seg(jobId)}/assignments/${seg(assignmentId)}:unassign`,
  position: (jobId: string): string => `/routing/jobs/${seg(jobId)}/position`,
  workers: (): string => '/routing/workers',
  worker: (id: string): string => `/routing/workers/${seg(id)}`,
  accept: (workerId: string, offerId: string): string => `/routing/workers/${seg(workerId)}/offers/${seg(offerId)}:accept`,
  decline: (workerId: string, offerId: string): string => `/routing/workers/${seg(workerId)}/offers/${seg(offerId)}:decline`,
  queues: (): string => '/routing/queues',
  queue: (id: string): string => `/routing/queues/${seg(id)}`,
  distributionPolicies: (): string => '/routing/distributionPolicies',
  distributionPolicy: (id: string): string => `/routing/distributionPolicies/${seg(id)}`,
} as const;
