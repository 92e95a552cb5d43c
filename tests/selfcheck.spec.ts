import { test, expect } from '@playwright/test';
import { buildPlan } from '../scripts/selfcheck/plan';
import { runCase } from '../scripts/selfcheck/run-case';

// The fast subset of the self-check (`npm run selfcheck -- --full` runs every fault; .ci/run adds `-- --ci` after
// npm test). JOBROUTER_SELFCHECK_SUBSET=skip leaves it out of a run that does the whole self-check next.
const skip = process.env['JOBROUTER_SELFCHECK_SUBSET'] === 'skip';

test.describe('self-check (fast subset)', () => {
  test.describe.configure({ mode: 'parallel', timeout: 240_000 });
  for (const c of buildPlan({ full: false })) {
    test(`${c.name}: ${c.expect.kind} ${'ids' in c.expect ? c.expect.ids.join(', ') : ''}`.trim(), async () => {
      test.skip(skip, 'the whole self-check runs after npm test in CI');
      const result = await runCase(c, { workDir: '.tmp/selfcheck-subset', workersPerRun: 3 });
      expect(result.ok, `${c.name}: ${result.why}`).toBe(true);
    });
  }
});
