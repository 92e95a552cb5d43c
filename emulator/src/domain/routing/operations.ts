import { closeJob, completeJob } from '../jobs/assignments';
import { cancelJob, deleteJob } from '../jobs/jobs';
import { acceptOffer, declineOffer } from '../offers/offers';
import { jobView, workerView } from './views';

/**
 * The operations the HTTP adapter calls through the domain rather than by import, so that an outer layer (the
 * emulator's fault layer) can substitute them. The domain itself only ever provides the correct ones.
 */
export interface DomainOperations {
  readonly cancelJob: typeof cancelJob;
  readonly closeJob: typeof closeJob;
  readonly completeJob: typeof completeJob;
  readonly deleteJob: typeof deleteJob;
  readonly acceptOffer: typeof acceptOffer;
  readonly declineOffer: typeof declineOffer;
  readonly jobView: typeof jobView;
  readonly workerView: typeof workerView;
}

export const OPERATIONS: DomainOperations = { cancelJob, closeJob, completeJob, deleteJob, acceptOffer, declineOffer, jobView, workerView };
