import { explore, proves, test } from '../fixtures';
import type { ModelName } from '../fixtures';

/**
 * Each operation's input model (schemas/input-model/<name>.json), explored: the body shapes, the text and date-time
 * classes of every property, the state the action meets (each action after each other, and racing), and each error
 * status the documents name — every class at the default depth, every pair of classes with --depth thorough. What
 * each case must get comes from the model, and one judge (fixtures/judge.ts) holds every answer and state to it.
 */
const EXPLORED: readonly (readonly [string, ModelName])[] = [
  ['EXPLORE-CLOSE-01', 'close'],
  ['EXPLORE-CANCEL-01', 'cancel'],
  ['EXPLORE-COMPLETE-01', 'complete'],
  ['EXPLORE-DECLINE-01', 'decline'],
  ['EXPLORE-ACCEPT-01', 'accept'],
  ['EXPLORE-UPSERT-JOB-01', 'upsertJob'],
  ['EXPLORE-UPSERT-WORKER-01', 'upsertWorker'],
  ['EXPLORE-GET-JOB-01', 'getJob'],
  ['EXPLORE-GET-WORKER-01', 'getWorker'],
];

test.describe('explore', () => {
  for (const [id, model] of EXPLORED) {
    test(...proves(id), async ({ router, config, caseSeed }, testInfo) => {
      test.setTimeout(config.depth === 'thorough' ? 600_000 : 240_000);
      await explore(router, testInfo, model, caseSeed, config.depth);
    });
  }
});
