import http from 'node:http';
import { expect, test } from '@playwright/test';
import { BODY_LIMIT_BYTES } from '../../emulator/src/http/settings';
import { startEmulator } from 'jobrouter-emulator';
import { API_VERSION, callJson, exchange, targetOf } from '../../scripts/lib/http';
import { createPrng } from '../../scripts/lib/prng';
import { nextCase, type FuzzCase } from './cases';
import { socketExchange } from './socket';
import { storm, type Outcome, type Tally } from './storm';
import { SENTINEL_POLICY, seedWorld } from './world';

// FUZZ_SEED replays a run exactly (cases are drawn in index order from one stream); the default keeps CI stable.
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_231_101);
const TOTAL = Number(process.env['FUZZ_REQUESTS'] ?? 12_000);
const CONCURRENCY = 32;
const DEADLINE_MS = 90_000;
const REQUEST_TIMEOUT_MS = 10_000;

function summary(tally: Tally): string {
  const classes = [...tally.byClass.entries()].sort().map(([k, v]) => `${k}=${v}`).join(' ');
  const statuses = [...tally.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`).join(' ');
  const categories = [...tally.byCategory.entries()].sort().map(([k, v]) => `${k}=${v}`).join(' ');
  return [
    `seed ${SEED}: ${tally.sent} requests in ${(tally.durationMs / 1000).toFixed(1)} s (${CONCURRENCY} in flight)`,
    `by class: ${classes}`,
    `by status: ${statuses}`,
    `by category: ${categories}`,
    `5xx (excluding 501): ${tally.serverErrors}; 501 not implemented: ${tally.notImplemented}`,
    `answered before routing (node's parser → clientError): ${tally.parserAnswers} (${tally.parserAnswersNotJson} not JSON); raw sockets closed without an answer: ${tally.socketClosedWithoutResponse}`,
    `violations: ${tally.violationCount}${[...tally.violationsByKind.entries()].map(([kind, n]) => `\n  ${n} × ${kind}`).join('')}`,
  ].join('\n');
}

test('the emulator answers 12,000 hostile requests without a 5xx, with JSON errors only, and stays live', async () => {
  test.setTimeout(DEADLINE_MS + 60_000);
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown): void => {
    uncaught.push(error);
  };
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  // Oversized bodies may end their connection early; a separate pool keeps that from touching other cases.
  const oneShot = new http.Agent({ keepAlive: false });
  try {
    const target = targetOf(emulator.url, agent);
    const world = await seedWorld(target, emulator.accessKey, BODY_LIMIT_BYTES);
    const prng = createPrng(SEED);
    test.info().annotations.push({ type: 'fuzz-seed', description: String(SEED) });

    const send = async (c: FuzzCase): Promise<Outcome> => {
      if (c.transport === 'socket') {
        const outcome = await socketExchange(target.port, c.bytes, REQUEST_TIMEOUT_MS);
        if (outcome.kind === 'hung') return { kind: 'error', code: 'TIMEOUT', message: `no answer or close within ${REQUEST_TIMEOUT_MS} ms` };
        return outcome.kind === 'error' ? { kind: 'closed' } : outcome;
      }
      return exchange({ ...target, agent: c.category === 'oversized' ? oneShot : agent }, c.request, REQUEST_TIMEOUT_MS);
    };
    const tally = await storm({ total: TOTAL, concurrency: CONCURRENCY, deadlineMs: DEADLINE_MS, next: (i) => nextCase(prng, world, i), send });

    const text = summary(tally);
    console.log(text);
    for (const v of tally.violations) console.log(`#${v.index} [${v.category}] ${v.check}: ${v.detail}\n  ${v.reproduce}`);
    test.info().annotations.push(
      { type: 'fuzz-summary', description: text },
      ...tally.violations.map((v) => ({ type: `violation ${v.check}`, description: `#${v.index} [${v.category}] ${v.detail} — ${v.reproduce}` })),
    );

    // After the storm: a normal signed read of a resource no case touched, and a fresh write-then-read round trip.
    const sentinel = await callJson(target, emulator.accessKey, 'GET', `/routing/distributionPolicies/${SENTINEL_POLICY}?api-version=${API_VERSION}`);
    const probeId = `fuzz-after-${SEED}`;
    await callJson(target, emulator.accessKey, 'PATCH', `/routing/queues/${probeId}?api-version=${API_VERSION}`, { distributionPolicyId: 'fuzz-policy' });
    const probe = await callJson(target, emulator.accessKey, 'GET', `/routing/queues/${probeId}?api-version=${API_VERSION}`);

    // Soft: every property is reported in one run, so a 5xx finding does not hide whether the server stayed live.
    expect.soft(tally.deadlineHit, `the storm did not finish within ${DEADLINE_MS} ms (${tally.sent} sent)`).toBe(false);
    expect.soft(tally.sent).toBeGreaterThanOrEqual(10_000);
    expect.soft(tally.serverErrors, 'responses with status >= 500 other than 501').toBe(0);
    expect.soft(Object.fromEntries(tally.violationsByKind), 'violations by check [category] (the log has reproductions)').toEqual({});
    expect.soft(sentinel.json).toMatchObject({ id: SENTINEL_POLICY, name: 'sentinel' });
    expect.soft(probe.json).toMatchObject({ id: probeId, distributionPolicyId: 'fuzz-policy' });
    expect.soft(uncaught.map(String), 'uncaught exceptions or unhandled rejections in the test process').toEqual([]);
  } finally {
    agent.destroy();
    oneShot.destroy();
    await emulator.close();
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
  }
});
