/**
 * The effect model: predict(action, subject, before, input, response) → Prediction; diff(prediction, before, after,
 * response) → Finding[]. Pure: the fixture seam (fixtures/effects.ts) reads the target and polls; this decides.
 */
export { predict, unchangedFrame } from './predict';
export { diff, eventFindings, formatFindings, newEvents, pickEvent } from './diff';
export { jobArrivalEvent, offerIssuedEvent, workerDeregisteredEvent, workerRegistrationEvent } from './events';
export { canonicalJob, canonicalWorker, treesOf } from './tree';
export * from './types';
