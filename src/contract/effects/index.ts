/**
 * The effect model: predict(action, subject, before, input, response) → Prediction; diff(prediction, before, after,
 * response) → Finding[]. Pure: the fixture seam (fixtures/effects.ts) reads the target and polls; this decides.
 */
export { predict, unchangedFrame } from './predict';
export { diff, formatFindings, newEvents } from './diff';
export { canonicalJob, canonicalWorker, treesOf } from './tree';
export * from './types';
