import type { DomainContext, Versioned } from './model';

/**
 * Classification policies and the classification of jobs that name one (issue 11, in progress): policy CRUD,
 * pendingClassification → queued / classificationFailed, queue and worker selector attachments, prioritization.
 */
export interface ClassificationPolicyState extends Versioned {
  id: string;
}

/** Classifies every job waiting in pendingClassification; called from advance() before matching. */
export function classifyPending(_ctx: DomainContext, _now: number): void {
  // Not served yet: jobs that name a classification policy stay pendingClassification.
}
