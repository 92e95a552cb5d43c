import { expect, test } from '@playwright/test';
import { holdsUntil, InconclusiveWindow, poll, widening } from '../../fixtures/poll';
import { ServerClock } from '../../fixtures/server-clock';
import { HarnessError } from '../../src/contract/evidence';

/**
 * holdsUntil judges "still holds" windows on a target that may serve stale reads and slow answers: a contradiction
 * that a later in-window read clears was a stale read; one that lasts is a failure; an answer that arrives after the
 * window proves nothing.
 */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A read that returns the scripted values in turn (the last repeats), each after `delayMs`. */
function scripted(values: boolean[], delayMs = 0): () => Promise<boolean> {
  let i = 0;
  return async () => {
    await sleep(delayMs);
    const value = values[Math.min(i, values.length - 1)] ?? true;
    i += 1;
    return value;
  };
}

const options = { intervalMs: 20, message: 'state holds', settleMs: 150 };

test('a state that holds throughout passes, with several reads', async () => {
  expect(await holdsUntil(scripted([true]), (v) => v, Date.now() + 120, options)).toBeGreaterThan(2);
});

test('one stale contradiction that the next read clears is not judged', async () => {
  await holdsUntil(scripted([true, false, true]), (v) => v, Date.now() + 150, options);
});

test('a contradiction that lasts the settle budget fails', async () => {
  await expect(holdsUntil(scripted([true, false]), (v) => v, Date.now() + 1000, options)).rejects.toThrow(/^expected: state holds\nobserved: broken from read 2 on, still \d+ ms later: false$/);
});

test('a contradiction still there when the window ends fails, even when the budget is longer', async () => {
  await expect(holdsUntil(scripted([false]), (v) => v, Date.now() + 300, { ...options, settleMs: 10_000 })).rejects.toThrow(/^expected: state holds\nobserved: broken from read 1 on/);
});

test('a read answered after the window proves nothing: the check ends on the in-window reads', async () => {
  const deadline = Date.now() + 80;
  // In time: true; then one slow read that answers after the window with a state that may rightly have changed.
  let n = 0;
  const read = async (): Promise<boolean> => {
    n += 1;
    if (n === 1) return true;
    await sleep(200);
    return false;
  };
  expect(await holdsUntil(read, (v) => v, deadline, options)).toBe(2);
});

test('when no answer arrives inside the window the kit cannot judge: a HarnessError (error), not a failure', async () => {
  await expect(holdsUntil(scripted([false], 200), (v) => v, Date.now() + 50, options)).rejects.toThrow(InconclusiveWindow);
  await expect(holdsUntil(scripted([false], 200), (v) => v, Date.now() + 50, options)).rejects.toThrow(HarnessError);
});

test('an inconclusive window is tried again, wider; a failure is not retried', async () => {
  const windows: number[] = [];
  const result = await widening(100, 3, async (windowMs, attempt) => {
    windows.push(windowMs);
    if (attempt < 2) throw new InconclusiveWindow('no answer in time');
    return 'judged';
  });
  expect(result).toBe('judged');
  expect(windows).toEqual([100, 200, 400]);
  let runs = 0;
  await expect(widening(100, 3, async () => {
    runs += 1;
    throw new Error('the target broke it');
  })).rejects.toThrow('the target broke it');
  expect(runs).toBe(1);
  await expect(widening(10, 2, async () => {
    throw new InconclusiveWindow('never');
  })).rejects.toThrow(InconclusiveWindow);
});

/** A read answered at once (first byte) whose body then takes `transferMs` to arrive, as a 20 MB body does. */
function slowTransfer<T>(values: T[], transferMs: number): () => Promise<{ value: T; answeredAt: number }> {
  let i = 0;
  return async () => {
    const answeredAt = Date.now();
    const value = values[Math.min(i, values.length - 1)] as T;
    i += 1;
    await sleep(transferMs);
    return { value, answeredAt };
  };
}

test('a read is dated by its answer, not its arrival: a slow transfer inside the window is judged, not inconclusive', async () => {
  // Answered 0 ms into an 80 ms window, delivered 200 ms later: it counts, and a contradiction it carries is judged.
  expect(await holdsUntil(slowTransfer([true], 200), (r) => r.value, Date.now() + 80, options)).toBeGreaterThanOrEqual(1);
  await expect(holdsUntil(slowTransfer([false], 200), (r) => r.value, Date.now() + 80, { ...options, settleMs: 0 })).rejects.toThrow(/^expected: state holds\nobserved: broken from read 1 on/);
});

test('a poll whose read was answered before the deadline reads once more instead of failing on a slow transfer', async () => {
  const read = slowTransfer([false, true], 300);
  const seen = await poll(read, (r) => r.value, { timeoutMs: 100, intervalMs: 10, message: 'released' });
  expect(seen.value).toBe(true);
  // Answered after the deadline, still not holding: that is the target's failure.
  await expect(poll(slowTransfer([false], 300), (r) => r.value, { timeoutMs: 100, intervalMs: 10, message: 'released' })).rejects.toThrow(/^expected: released within 100 ms\nobserved: after \d reads? over \d\.\d s, still \{"value":false/);
});

test('the server clock dates a read by its Date header when that is earlier than its first byte', () => {
  const answeredAt = Date.now();
  const clock = ServerClock.from({ serverDate: new Date(answeredAt - 5000) }, answeredAt);
  // A read stamped 3 s after the clock's read by the target, but whose first byte came 10 s later (a busy kit).
  const read = { serverDate: new Date(answeredAt - 2000), answeredAt: answeredAt + 13_000 };
  expect(clock.answeredBy(read)).toBe(clock.toLocal(read.serverDate) + 1500);
  expect(clock.answeredBy(read)).toBeLessThan(read.answeredAt);
  expect(clock.answeredBy({ answeredAt: answeredAt + 1 })).toBe(answeredAt + 1);
});

test('a broken hold about an instant is a finding with a timeline of the reads relative to it, and no matcher text', async () => {
  const instant = { name: 'closeAt', localMs: Date.now() + 3000 };
  const error: unknown = await holdsUntil(scripted([true, true, false]), (v) => v, Date.now() + 1000, { ...options, instant, states: ['held', 'released'] }).catch((e: unknown) => e);
  const text = error instanceof Error ? error.message : '';
  expect(text).toMatch(/^expected: state holds\nobserved: released from closeAt − \d\.\d s on, still \d+ ms later: false\ntimeline: closeAt − 3\.\d s … − \d\.\d s: held \(2 reads\) · closeAt − \d\.\d s … − \d\.\d s: released \(\d+ reads\) ← before closeAt$/);
  expect(text).not.toMatch(/expect\(received\)|Object\.is|Received:/);
});
