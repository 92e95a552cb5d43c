import { describeTally } from '../contract/transport';
import { EVENTS_ANNOTATION, parseEventTally, summariseEvents } from './events';
import { coverageOfRun } from './coverage-run';
import { kitVersion } from '../paths';
import { resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { displayTarget, type KitConfig, loadConfig, secretsOf } from '../config/index';
import { REQUIREMENTS } from '../contract/requirements';
import { buildReport, type TestOutcome } from './build';
import { withFindings } from './findings';
import { outcomeOf, requirementIdOf, stripAnsi } from './collect';
import { isUnwantedRetry, withEarlierAttempts } from './attempts';
import { type ConformanceReport, exitCodeFor } from './model';
import { redactText } from './redact';
import { detectScope, type Scope } from './scope';
import { loadWaivers } from './waivers';
import { readReport, writeReports } from './write';
import { writeSummary } from './summary';

export interface ConformanceReporterOptions {
  /** Where to write; defaults to the kit config's reportsDir (JOBROUTER_REPORTS_DIR, else `reports`). */
  readonly outputDir?: string;
  /** 'auto' (default) detects shards and filters; tests pin it. */
  readonly scope?: Scope | 'auto';
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Folds Playwright's events into per-test outcomes, then builds the conformance model once at the end and writes
 * conformance.json, conformance.html and junit.xml. Works the same live, sharded and under `merge-reports`.
 */
export default class ConformanceReporter implements Reporter {
  private readonly options: ConformanceReporterOptions;
  private readonly results = new Map<string, { test: TestCase; result: TestResult; earlier: readonly TestResult[] }>();
  private readonly globalErrors: string[] = [];
  private scope: Scope = 'full';
  private planned: string[] = [];
  private startedAt = new Date();

  constructor(options: ConformanceReporterOptions = {}) {
    this.options = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.startedAt = new Date();
    try {
      this.scope = detectScope(config, process.argv, this.options.scope);
      this.planned = suite.allTests().flatMap((t) => requirementIdOf(t) ?? []);
    } catch (error) {
      this.globalErrors.push(`Reporter could not read the run plan: ${message(error)}`);
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // A retry the kit skipped (the attempt before it was judged, not lost) leaves that attempt standing.
    if (isUnwantedRetry(result)) return;
    // Keyed by test id, so a retry replaces the earlier attempt: the final attempt decides, the earlier ones are kept.
    const before = this.results.get(test.id);
    this.results.set(test.id, { test, result, earlier: before ? [...before.earlier, before.result] : [] });
  }

  onError(error: TestError): void {
    this.globalErrors.push(`Run error: ${stripAnsi(error.message ?? error.value ?? 'unknown error')}`);
  }

  async onEnd(result: FullResult): Promise<void> {
    // `playwright test --list` runs nothing by design: writing an "error" report would overwrite the last real one.
    if (this.results.size === 0 && process.argv.includes('--list')) return;
    let config: KitConfig | undefined;
    const errors = [...this.globalErrors];
    try {
      config = loadConfig();
    } catch (error) {
      errors.push(`Configuration: ${message(error)}`);
    }
    const secrets = config ? secretsOf(config) : [];
    const dir = resolve(this.options.outputDir ?? config?.reportsDir ?? 'reports');
    let report: ConformanceReport;
    try {
      report = this.build(result, config, errors);
    } catch (error) {
      report = this.fallback(result, config, `Reporter failed to build the report: ${message(error)}`);
    }
    try {
      const written = writeReports(report, dir, secrets);
      written.errors.push(...writeSummary(report, dir, secrets, config?.stepSummaryFile));
      for (const trouble of written.errors) process.stderr.write(`Conformance reporter: ${redactText(trouble, secrets)}\n`);
      const s = report.summary.byStatus;
      const line = `Conformance: ${report.verdict} (exit ${exitCodeFor(report.verdict)}) · ${report.summary.total} requirements: ` +
        `${s.passed} passed, ${s.failed} failed, ${s.error} error, ${s.waived} waived, ${s.xpassed} xpassed, ${s.skipped} skipped · ${dir}`;
      const transport = report.transport ? `Transport: ${describeTally(report.transport)}\n` : '';
      const events = report.events ? `Events: ${report.events.line}\n` : '';
      process.stdout.write(`${redactText(line, secrets)}\n${redactText(report.verdictReason, secrets)}\n${transport}${redactText(events, secrets)}`);
    } catch (error) {
      process.stderr.write(`Conformance reporter could not write ${dir}: ${redactText(message(error), secrets)}\n`);
    }
  }

  private build(result: FullResult, config: KitConfig | undefined, errors: string[]): ConformanceReport {
    const outcomes: TestOutcome[] = [...this.results.values()].map(({ test, result: r, earlier }) => withEarlierAttempts(outcomeOf(test, r), r, earlier));
    const loaded = config ? loadWaivers(config) : { waivers: [], errors: [] };
    errors.push(...loaded.errors);
    let baseline: ConformanceReport | undefined;
    if (config?.baselineFile) {
      try {
        baseline = readReport(config.baselineFile);
      } catch (error) {
        errors.push(`Baseline: ${message(error)}`);
      }
    }
    if (result.status === 'interrupted') errors.push('The run was interrupted.');
    const report = buildReport({
      catalog: REQUIREMENTS,
      outcomes,
      scope: this.scope,
      planned: this.planned,
      waivers: loaded.waivers,
      errors,
      ...(baseline ? { baseline } : {}),
      meta: this.meta(result, config),
    });
    const tallies = [...this.results.values()].flatMap(({ test, result: r }) => {
      const tally = parseEventTally([...test.annotations, ...r.annotations].find((a) => a.type === EVENTS_ANNOTATION)?.description);
      return tally ? [tally] : [];
    });
    const events = summariseEvents(config, report, tallies);
    const coverage = coverageOfRun([...this.results.values()].map(({ test, result: r }) => [...test.annotations, ...r.annotations]));
    return withFindings({ ...report, ...(events ? { events } : {}), ...(coverage ? { coverage } : {}) });
  }

  private meta(result: FullResult, config: KitConfig | undefined) {
    // FullResult.startTime is the earliest shard's start under merge-reports, so it survives merging.
    const started = result.startTime instanceof Date && !Number.isNaN(result.startTime.getTime()) ? result.startTime : this.startedAt;
    return {
      target: config ? displayTarget(config) : 'unknown (configuration error)',
      apiVersion: config?.apiVersion ?? 'unknown',
      profile: config?.profile ?? 'unknown',
      kitVersion: kitVersion(),
      startedAt: started.toISOString(),
      durationMs: Math.round(result.duration),
    };
  }

  private fallback(result: FullResult, config: KitConfig | undefined, why: string): ConformanceReport {
    return buildReport({ catalog: [], outcomes: [], scope: 'partial', errors: [why], meta: this.meta(result, config) });
  }
}
