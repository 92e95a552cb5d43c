import { parseStatusTally, STATUS_CONTRACT_ANNOTATION } from '../contract/status-contract';
import { existsSync, readFileSync } from 'node:fs';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { EVIDENCE_ATTACHMENT, type ExchangeRecord, HARNESS_ERROR_MARKER, REQUIREMENT_ANNOTATION } from '../contract/evidence';
import { count, parseAnnotation } from '../contract/annotation';
import { ERROR_CONTRACT_ANNOTATION, parseErrorTally } from '../contract/error-contract';
import { EVIDENCE_BOUNDS_ANNOTATION } from '../contract/evidence-bounds';
import { parseTally, TRANSPORT_ANNOTATION } from '../contract/transport';
import type { TestOutcome } from './build';
import type { CaseCount } from './model';
import { eventsEvidenceOf } from './events';
import { normaliseMessage } from './normalise';
import { REQUIREMENTS } from '../contract/requirements';

/** Turns Playwright's test/result pair into a TestOutcome; never throws on odd input. */

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const ID_PREFIX = /^([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\s/;

type Annotation = { type: string; description?: string };

function annotationsOf(test: TestCase, result: TestResult): Annotation[] {
  // Runtime annotations (testInfo.annotations) land on the result in recent Playwright versions.
  const fromResult = (result as { annotations?: Annotation[] }).annotations ?? [];
  return [...test.annotations, ...fromResult];
}

export function requirementIdOf(test: Pick<TestCase, 'title' | 'annotations'>, annotations: readonly Annotation[] = test.annotations): string | undefined {
  const annotated = annotations.find((a) => a.type === REQUIREMENT_ANNOTATION && a.description)?.description;
  return annotated?.trim() ?? ID_PREFIX.exec(test.title)?.[1];
}

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function errorText(result: TestResult): string {
  const errors = result.errors.length ? result.errors : result.error ? [result.error] : [];
  return errors.map((e) => stripAnsi(e.message ?? e.value ?? '')).filter(Boolean).join('\n\n');
}

/** The engine's own limits (a stack overflow on a deep value) are the kit's trouble, never the target's fault. */
const KIT_LIMITS = [HARNESS_ERROR_MARKER, 'Maximum call stack size exceeded'];

function isHarnessError(result: TestResult): boolean {
  const errors = result.errors.length ? result.errors : result.error ? [result.error] : [];
  return errors.some((e) => [e.message, e.stack, e.value].some((t) => KIT_LIMITS.some((marker) => t?.includes(marker))));
}

function isExchange(value: unknown): value is ExchangeRecord {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v['method'] === 'string' && typeof v['url'] === 'string';
}

/** Evidence comes from the attachment body (live run) or its file (blob merge, large attachments). */
export function evidenceOf(result: Pick<TestResult, 'attachments'>): { evidence: ExchangeRecord[]; problems: string[] } {
  const evidence: ExchangeRecord[] = [];
  const problems: string[] = [];
  for (const attachment of result.attachments) {
    if (attachment.name !== EVIDENCE_ATTACHMENT) continue;
    try {
      let text: string | undefined;
      if (attachment.body) text = attachment.body.toString('utf8');
      else if (attachment.path && existsSync(attachment.path)) text = readFileSync(attachment.path, 'utf8');
      if (text === undefined) continue;
      const parsed: unknown = JSON.parse(text);
      const list = Array.isArray(parsed) ? parsed : [parsed];
      for (const item of list) {
        if (isExchange(item)) evidence.push(normaliseExchange(item));
      }
    } catch (error) {
      problems.push(`unreadable evidence attachment: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { evidence, problems };
}

function normaliseExchange(e: ExchangeRecord): ExchangeRecord {
  return {
    ...e,
    requestHeaders: e.requestHeaders ?? {},
    durationMs: typeof e.durationMs === 'number' ? e.durationMs : 0,
    curl: typeof e.curl === 'string' ? e.curl : '',
  };
}

function parseCases(text: string | undefined): CaseCount | undefined {
  const v = parseAnnotation(text);
  return v ? { ran: count(v['ran']), seed: count(v['seed']), failing: count(v['failing']) } : undefined;
}

export function outcomeOf(test: TestCase, result: TestResult): TestOutcome {
  const annotations = annotationsOf(test, result);
  const base = {
    requirementId: requirementIdOf(test, annotations),
    key: `${test.titlePath().join(' › ')} #${test.repeatEachIndex}`,
    title: test.title,
    durationMs: Math.max(0, result.duration),
  };
  const { evidence, problems } = evidenceOf(result);
  const transport = parseTally(annotations.find((a) => a.type === TRANSPORT_ANNOTATION)?.description);
  const errorContract = parseErrorTally(annotations.find((a) => a.type === ERROR_CONTRACT_ANNOTATION)?.description);
  const statusContract = parseStatusTally(annotations.find((a) => a.type === STATUS_CONTRACT_ANNOTATION)?.description);
  const cases = parseCases(annotations.find((a) => a.type === 'cases')?.description);
  const events = eventsEvidenceOf(result);
  const evidenceNote = annotations.find((a) => a.type === EVIDENCE_BOUNDS_ANNOTATION)?.description?.slice(0, 1000);
  const withEvidence = { ...(evidence.length ? { evidence } : {}), ...(evidenceNote ? { evidenceNote } : {}), ...(events.length ? { events } : {}), ...(transport ? { transport } : {}), ...(errorContract ? { errorContract } : {}), ...(statusContract ? { statusContract } : {}), ...(cases ? { cases } : {}) };
  const retryNote = result.retry > 0 && result.status === 'passed' ? ` (passed on retry ${result.retry})` : '';
  switch (result.status) {
    case 'passed':
      if (problems.length) return { ...base, ...withEvidence, status: 'error', message: `Harness: ${problems.join('; ')}` };
      return { ...base, ...withEvidence, status: 'passed', ...(retryNote ? { message: `Flaky${retryNote}.` } : {}) };
    case 'skipped': {
      const skip = annotations.find((a) => a.type === 'skip' || a.type === 'fixme');
      // A skip with no skip annotation is a test the runner never started (max failures, interrupted run).
      if (!skip) return { ...base, status: 'error', message: 'The test did not run.' };
      return { ...base, status: 'skipped', message: skip.description ? `Not applicable: ${skip.description}` : 'Not applicable.' };
    }
    case 'failed':
    case 'timedOut': {
      const text = errorText(result) || (result.status === 'timedOut' ? 'Test timed out.' : 'Test failed.');
      const status = isHarnessError(result) ? 'error' : 'failed';
      const title = REQUIREMENTS.find((r) => r.id === base.requirementId)?.title ?? test.title;
      return { ...base, ...withEvidence, status, message: normaliseMessage(text, status, title) };
    }
    default:
      return { ...base, ...withEvidence, status: 'error', message: `The run was interrupted: ${errorText(result) || 'no result'}` };
  }
}
