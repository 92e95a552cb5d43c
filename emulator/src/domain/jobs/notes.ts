import type { DomainContext, JobState } from '../state/model';

/** Appends a note from an action (cancel, complete, close) stamped with the current time. */
export function addNote(ctx: DomainContext, job: JobState, message: string | undefined): void {
  if (message === undefined) return;
  job.notes.push({ message, addedAt: ctx.clock.now() });
}
