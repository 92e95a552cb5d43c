import { expect, test } from '@playwright/test';
import { startEmulator, type RunningEmulator } from '../src';
import { parseChaos, type ChaosSettings } from '../src/chaos';
import { at, clientFor, type Send } from './client';

/** Each chaos switch changes what a client sees, leaves the state alone, and replays from its seed. */

async function withEmulator(chaos: ChaosSettings | undefined, body: (send: Send, emulator: RunningEmulator) => Promise<void>): Promise<void> {
  const emulator = await startEmulator(chaos ? { chaos } : {});
  try {
    await body(clientFor(emulator.url, emulator.accessKey), emulator);
  } finally {
    await emulator.close();
  }
}

/** A request that may have its connection dropped: the status, or 0 for no answer. */
async function statusOf(send: Send, method: string, path: string, body?: unknown): Promise<number> {
  try {
    return (await send(method, path, body === undefined ? {} : { body })).status;
  } catch {
    return 0;
  }
}

test('the --chaos syntax parses every switch and refuses what it does not know, in one sentence', () => {
  expect(parseChaos('throttle=0.07,unavailable=0.04,reset=0.02,lost=0.1,lag=1000,latency=0-250,retry-after=2', 9)).toEqual({
    throttle: 0.07, unavailable: 0.04, reset: 0.02, lost: 0.1, lagMs: 1000, latencyMs: [0, 250], retryAfterS: 2, seed: 9,
  });
  expect(() => parseChaos('lost=1.5')).toThrow(/lost must be a share from 0 to 1/);
  expect(parseChaos('latency=40').latencyMs).toEqual([40, 40]);
  expect(() => parseChaos('throttle=2')).toThrow(/share from 0 to 1/);
  expect(() => parseChaos('storm=1')).toThrow(/Unknown --chaos switch "storm"/);
  expect(() => parseChaos('latency=9-3')).toThrow(/below/);
  expect(() => parseChaos('throttle=0.6,reset=0.6')).toThrow(/must not exceed 1/);
});

for (const [name, spec, status] of [['throttle', 'throttle=1', 429], ['unavailable', 'unavailable=1', 503]] as const) {
  test(`${name}: every request is answered ${status} with Retry-After and a documented error`, async () => {
    await withEmulator(parseChaos(spec), async (send) => {
      const answer = await send('PATCH', '/routing/distributionPolicies/chaos-p', { body: { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } } });
      expect(answer.status).toBe(status);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.headers.get('x-ms-error-code')).toBe(at(answer.body, 'error', 'code'));
    });
  });
}

test('reset: connections are dropped before processing, so a dropped write never takes effect', async () => {
  await withEmulator(parseChaos('reset=0.5', 3), async (send) => {
    let dropped = 0;
    for (let i = 0; i < 40; i += 1) {
      const status = await statusOf(send, 'PATCH', `/routing/distributionPolicies/chaos-${i}`, { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } });
      if (status === 0) dropped += 1;
      else expect(status).toBe(201);
    }
    expect(dropped).toBeGreaterThan(5);
    expect(dropped).toBeLessThan(35);
  });
  // Which ones were dropped: with reset only, a created policy proves its PATCH got through, a missing one that it did not.
  await withEmulator(parseChaos('reset=0.5', 3), async (send) => {
    const outcomes: boolean[] = [];
    for (let i = 0; i < 20; i += 1) outcomes.push((await statusOf(send, 'PATCH', `/routing/distributionPolicies/c-${i}`, { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } })) === 201);
    // Reads may be dropped too: retry each until it answers.
    for (let i = 0; i < 20; i += 1) {
      let status = 0;
      while (status === 0) status = await statusOf(send, 'GET', `/routing/distributionPolicies/c-${i}`);
      expect(status === 200, `policy c-${i} exists exactly when its PATCH was answered`).toBe(outcomes[i]);
    }
  });
});

test('lost: an action is applied, then its connection dropped with no answer; reads and upserts are never dropped', async () => {
  await withEmulator(parseChaos('lost=0.5', 4), async (send) => {
    const policy = { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } };
    for (let i = 0; i < 10; i += 1) expect(await statusOf(send, 'PATCH', `/routing/distributionPolicies/l-${i}`, policy)).toBe(201);
    let lost = 0;
    for (let i = 0; i < 10; i += 1) {
      const status = await statusOf(send, 'DELETE', `/routing/distributionPolicies/l-${i}`);
      if (status === 0) lost += 1;
      else expect(status).toBe(204);
      // Whatever the answer, the delete was applied: the policy is gone.
      expect(await statusOf(send, 'GET', `/routing/distributionPolicies/l-${i}`)).toBe(404);
    }
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThan(10);
  });
});

test('the same seed replays the same disruptions; another seed differs', async () => {
  const pattern = async (seed: number): Promise<string> => {
    let seen = '';
    await withEmulator(parseChaos('throttle=0.3,unavailable=0.3', seed), async (send) => {
      for (let i = 0; i < 30; i += 1) seen += String((await send('GET', '/routing/jobs/none')).status)[0];
    });
    return seen;
  };
  const first = await pattern(11);
  expect(await pattern(11)).toBe(first);
  expect(await pattern(12)).not.toBe(first);
  expect(first).toMatch(/4/);
  expect(first).toMatch(/5/);
});

test('lag: a read right after a write shows the state before it, then catches up, and never goes back', async () => {
  await withEmulator(parseChaos('lag=600', 5), async (send) => {
    await send('PATCH', '/routing/distributionPolicies/lag-p', { body: { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } } });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const created = await send('PATCH', '/routing/queues/lag-q', { body: { distributionPolicyId: 'lag-p' } });
    expect(created.status).toBe(201);
    const statuses: number[] = [];
    const started = Date.now();
    while (Date.now() - started < 900) {
      statuses.push((await send('GET', '/routing/queues/lag-q')).status);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(statuses[statuses.length - 1]).toBe(200);
    const firstFound = statuses.indexOf(200);
    // Monotonic: once the replica has the write, every later read has it too.
    expect(statuses.slice(firstFound).every((s) => s === 200)).toBe(true);
    // The write itself went to the primary: a second write sees it at once (a conflict-free upsert → 200).
    expect((await send('PATCH', '/routing/queues/lag-q', { body: { name: 'again' } })).status).toBe(200);
  });
});

test('lag: with seed 5 at least one read within the window is stale (the switch is not a no-op)', async () => {
  await withEmulator(parseChaos('lag=1000', 5), async (send) => {
    let stale = 0;
    for (let i = 0; i < 10; i += 1) {
      await send('PATCH', `/routing/distributionPolicies/stale-${i}`, { body: { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } } });
      if ((await send('GET', `/routing/distributionPolicies/stale-${i}`)).status === 404) stale += 1;
    }
    expect(stale).toBeGreaterThan(0);
  });
});

test('latency: responses are delayed within the range', async () => {
  await withEmulator(parseChaos('latency=120-160'), async (send) => {
    const started = Date.now();
    await send('GET', '/routing/jobs/none');
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });
});

test('with chaos off nothing is disrupted', async () => {
  await withEmulator(undefined, async (send) => {
    for (let i = 0; i < 20; i += 1) expect((await send('GET', '/routing/jobs/none')).status).toBe(404);
  });
});
