import { LOST_ANSWER_AGAIN_ANNOTATION } from '../contract/lost-answers';
import { isUnwantedRetry } from './attempts';
import { basename } from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { stripAnsi } from './collect';
import { findingLine } from '../contract/finding';
import { HARNESS_ERROR_MARKER } from '../contract/evidence';
import { REQUIREMENTS } from '../contract/requirements';
import { normaliseFailure } from './normalise';

/**
 * What a person watching a run sees: requirements done / total and the area being worked on, without a line per
 * test. On a terminal one status line is redrawn in place; in a CI log (no TTY) a plain line is written every 10 % or
 * 15 s. Failures and errors are written as they happen, one line each; the conformance reporter prints the verdict.
 */
const EVERY_MS = 15_000;

export default class ProgressReporter implements Reporter {
  private total = 0;
  private done = 0;
  private failed = 0;
  private skipped = 0;
  private started = Date.now();
  private lastLine = 0;
  private lastShare = 0;
  private readonly running = new Map<string, string>();
  private readonly tty: boolean;
  private readonly out: NodeJS.WriteStream = process.stdout;

  constructor() {
    this.tty = Boolean(this.out.isTTY);
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
    this.started = Date.now();
    // `--list`: what would run, one requirement per line, and nothing else.
    if (process.argv.includes('--list')) {
      for (const test of suite.allTests()) this.write(`${areaOf(test)}: ${test.title}`);
      this.write(`${this.total} requirement${this.total === 1 ? '' : 's'}`);
      this.total = 0;
      return;
    }
    this.write(`Running ${this.total} requirement${this.total === 1 ? '' : 's'} with ${config.workers} worker${config.workers === 1 ? '' : 's'}`);
  }

  onTestBegin(test: TestCase): void {
    this.running.set(test.id, areaOf(test));
    this.status();
  }

  onStdOut(chunk: string | Buffer): void {
    this.write(String(chunk).replace(/\n$/, ''));
  }

  onStdErr(chunk: string | Buffer): void {
    this.write(String(chunk).replace(/\n$/, ''));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.running.delete(test.id);
    // A retry the kit skipped is no attempt; an attempt that lost an answer runs again and is not done yet.
    if (isUnwantedRetry(result)) return;
    const again = (result as { annotations?: { type: string }[] }).annotations?.some((a) => a.type === LOST_ANSWER_AGAIN_ANNOTATION);
    if (again) {
      this.write(`↻ ${test.title.split(' ')[0] ?? test.title} (${areaOf(test)}): an action's answer was lost after the target applied it; running it again on a fresh setup`);
      return;
    }
    this.done += 1;
    if (result.status === 'skipped') this.skipped += 1;
    if (result.status === 'failed' || result.status === 'timedOut' || result.status === 'interrupted') {
      this.failed += 1;
      this.write(`✘ ${test.title.split(' ')[0] ?? test.title} (${areaOf(test)}): ${failureLine(test, result)}`);
    }
    this.status();
  }

  onEnd(): void {
    if (this.total === 0) return;
    if (this.tty) this.out.write('\r\x1b[2K');
    else if (this.printed !== this.line()) this.write(this.line());
  }

  private line(): string {
    const areas = [...new Set(this.running.values())].join(', ');
    const seconds = Math.round((Date.now() - this.started) / 1000);
    return `progress: ${this.done}/${this.total} requirements${areas ? ` · now: ${areas}` : ''} · ${this.failed} not passed, ${this.skipped} skipped · ${seconds} s`;
  }

  private status(): void {
    if (this.tty) {
      this.out.write(`\r\x1b[2K${this.line()}`);
      return;
    }
    const share = this.total ? Math.floor((this.done / this.total) * 10) : 0;
    if (share > this.lastShare || Date.now() - this.lastLine >= EVERY_MS) {
      this.lastShare = share;
      this.write(this.line());
    }
  }

  private printed = '';

  private write(text: string): void {
    if (text === '') return;
    this.printed = text;
    this.out.write(`${this.tty ? '\r\x1b[2K' : ''}${text}\n`);
    this.lastLine = Date.now();
    if (this.tty && this.total > 0 && this.done < this.total) this.out.write(this.line());
  }
}

/** A failure as one expected/observed line (or "not checked (step): why"), never a matcher's text. */
function failureLine(test: TestCase, result: TestResult): string {
  const error = result.errors[0] ?? result.error;
  const raw = stripAnsi(error?.message ?? error?.value ?? result.status);
  const harness = [error?.message, error?.stack, error?.value].some((t) => t?.includes(HARNESS_ERROR_MARKER));
  const id = test.title.split(' ')[0] ?? '';
  const title = REQUIREMENTS.find((r) => r.id === id)?.title ?? test.title;
  return findingLine(normaliseFailure(raw, harness ? 'error' : 'failed', title), 240);
}

/** The requirement area of a test: its spec file's name (specs/close.spec.ts → close). */
function areaOf(test: TestCase): string {
  return basename(test.location.file).replace(/\.spec\.[jt]s$/, '');
}
