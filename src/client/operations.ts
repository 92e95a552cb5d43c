import type { ApiResponse, JobRouterClient, SendOptions } from './client';
import { routes } from './routes';
import type { DistributionPolicyUpsert, RouterJobUpsert, RouterQueueUpsert, RouterWorkerUpsert } from './types';

export * from './types';

/**
 * One method per operation the kit covers. Every method returns the raw ApiResponse (specs assert on status and
 * headers too) and checks a 2xx body against the operation's schema. Extra SendOptions pass through, so a spec can
 * send an odd body or auth mode through the same operation.
 */
export class JobRouterApi {
  constructor(readonly client: JobRouterClient) {}

  upsertDistributionPolicy(id: string, body: DistributionPolicyUpsert | Record<string, unknown>, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('PATCH', routes.distributionPolicy(id), { json: body, expectSchema: 'DistributionPolicy', ...options });
  }

  upsertQueue(id: string, body: RouterQueueUpsert | Record<string, unknown>, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('PATCH', routes.queue(id), { json: body, expectSchema: 'RouterQueue', ...options });
  }

  upsertWorker(id: string, body: RouterWorkerUpsert | Record<string, unknown>, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('PATCH', routes.worker(id), { json: body, expectSchema: 'RouterWorker', ...options });
  }

  upsertJob(id: string, body: RouterJobUpsert | Record<string, unknown>, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('PATCH', routes.job(id), { json: body, expectSchema: 'RouterJob', ...options });
  }

  getJob(id: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('GET', routes.job(id), { expectSchema: 'RouterJob', ...options });
  }

  getWorker(id: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('GET', routes.worker(id), { expectSchema: 'RouterWorker', ...options });
  }

  getQueue(id: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('GET', routes.queue(id), { expectSchema: 'RouterQueue', ...options });
  }

  getDistributionPolicy(id: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('GET', routes.distributionPolicy(id), { expectSchema: 'DistributionPolicy', ...options });
  }

  /** query: e.g. { status: 'active', queueId, maxpagesize: '20' }. */
  listJobs(query: Record<string, string> = {}, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('GET', routes.jobs(), { query, expectSchema: 'PagedRouterJob', ...options });
  }

  deleteJob(id: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('DELETE', routes.job(id), options);
  }

  deleteWorker(id: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('DELETE', routes.worker(id), options);
  }

  deleteQueue(id: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('DELETE', routes.queue(id), options);
  }

  deleteDistributionPolicy(id: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('DELETE', routes.distributionPolicy(id), options);
  }

  /** No options → the documented empty-body request (no body, no Content-Type). */
  cancelJob(jobId: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('POST', routes.cancel(jobId), { expectSchema: 'ActionResult', ...options });
  }

  completeJob(jobId: string, assignmentId: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('POST', routes.complete(jobId, assignmentId), { expectSchema: 'ActionResult', ...options });
  }

  closeJob(jobId: string, assignmentId: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('POST', routes.close(jobId, assignmentId), { expectSchema: 'ActionResult', ...options });
  }

  unassignJob(jobId: string, assignmentId: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('POST', routes.unassign(jobId, assignmentId), { expectSchema: 'UnassignJobResult', ...options });
  }

  acceptOffer(workerId: string, offerId: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('POST', routes.accept(workerId, offerId), { expectSchema: 'AcceptJobOfferResult', ...options });
  }

  declineOffer(workerId: string, offerId: string, options: SendOptions = {}): Promise<ApiResponse> {
    return this.client.send('POST', routes.decline(workerId, offerId), { expectSchema: 'ActionResult', ...options });
  }
}
