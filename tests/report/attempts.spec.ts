import { expect, test } from '@playwright/test';
import type { TestResult } from '@playwright/test/reporter';
import { EVIDENCE_ATTACHMENT, type ExchangeRecord } from '../../src/contract/evidence';
import { LOST_ANSWER_ANNOTATION, NOT_RUN_AGAIN_ANNOTATION } from '../../src/contract/lost-answers';
import { isUnwantedRetry, withEarlierAttempts } from '../../src/report/attempts';
import type { TestOutcome } from '../../src/report/build';

const exchange = (url: string, transportError?: string): ExchangeRecord => ({ method: 'POST', url, requestHeaders: {}, durationMs: 1, curl: '', ...(transportError ? { transportError } : {}) });

function result(retry: number, status: TestResult['status'], annotations: { type: string; description?: string }[], evidence: ExchangeRecord[]): TestResult {
  const attachments = [{ name: EVIDENCE_ATTACHMENT, contentType: 'application/json', body: Buffer.from(JSON.stringify(evidence)) }];
  return { retry, status, duration: 100, annotations, attachments, errors: [], steps: [], stdout: [], stderr: [], startTime: new Date(), parallelIndex: 0, workerIndex: 0 } as unknown as TestResult;
}

const lost = (attempts: number[]) => ({ type: LOST_ANSWER_ANNOTATION, description: JSON.stringify(attempts.map((attempt) => ({ attempt, lost: `connection closed before a response arrived (attempt ${attempt})` }))) });
const outcome = (status: TestOutcome['status'], evidence: ExchangeRecord[], message?: string): TestOutcome => ({ requirementId: 'CLOSE-NOW-01', key: 'k', title: 't', status, durationMs: 100, evidence, ...(message ? { message } : {}) });

test('a requirement that passed on a fresh setup after a lost answer says so and keeps both attempts\' exchanges', () => {
  const first = result(0, 'failed', [lost([1])], [exchange('http://t/first', 'closed before a response arrived')]);
  const final = result(1, 'passed', [lost([1])], [exchange('http://t/second')]);
  const merged = withEarlierAttempts(outcome('passed', [exchange('http://t/second')]), final, [first]);
  expect(merged.status).toBe('passed');
  expect(merged.message).toMatch(/^Passed on attempt 2, on a fresh setup: attempt\(s\) 1 lost an action's answer/);
  expect(merged.evidence?.map((e) => e.url)).toEqual(['http://t/first', 'http://t/second']);
  expect(merged.durationMs).toBe(200);
});

test('a requirement that lost an answer on every attempt is error, naming each attempt', () => {
  const earlier = [result(0, 'failed', [lost([1])], []), result(1, 'failed', [lost([1, 2])], [])];
  const final = result(2, 'failed', [lost([1, 2, 3])], []);
  const merged = withEarlierAttempts(outcome('error', [], 'HarnessError: the answer was lost'), final, earlier);
  expect(merged.status).toBe('error');
  expect(merged.message).toMatch(/Gave up after 3 attempt\(s\).*\n.*attempt 1: .*\nattempt 2: .*\nattempt 3: /s);
});

test('a failure after a lost answer stays a failure; an unwanted retry is recognised; no lost answer changes nothing', () => {
  const final = result(1, 'failed', [lost([1])], []);
  const merged = withEarlierAttempts(outcome('failed', [], 'expected 200'), final, [result(0, 'failed', [lost([1])], [])]);
  expect(merged.status).toBe('failed');
  expect(merged.message).toMatch(/^expected 200\n\(Attempt 2; earlier attempt\(s\) 1 lost an answer/);
  expect(isUnwantedRetry(result(1, 'skipped', [{ type: NOT_RUN_AGAIN_ANNOTATION }], []))).toBe(true);
  expect(isUnwantedRetry(final)).toBe(false);
  const plain = outcome('passed', []);
  expect(withEarlierAttempts(plain, result(0, 'passed', [], []), [])).toBe(plain);
});
