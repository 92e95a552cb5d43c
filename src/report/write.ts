import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitReport, REPORT_BOUNDS } from './bounds';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderJUnit } from './junit';
import type { ConformanceReport } from './model';
import { redactDeep, redactText } from './redact';

export const REPORT_FILES = { json: 'conformance.json', html: 'conformance.html', junit: 'junit.xml' } as const;

type Render = (report: ConformanceReport, limit: number) => string;

const WRITERS: readonly [name: keyof typeof REPORT_BOUNDS.fileBytes, render: Render][] = [
  [REPORT_FILES.json, renderJson],
  [REPORT_FILES.html, renderHtml],
  [REPORT_FILES.junit, renderJUnit],
];

/** The model with only its summary left: what a writer gets when the whole model made it fail. */
function bare(report: ConformanceReport): ConformanceReport {
  return { ...report, requirements: report.requirements.map(({ evidence: _e, events: _v, ...r }) => ({ ...r, message: (r.message ?? '').slice(0, 500) })), problems: report.problems.slice(0, 10) };
}

/**
 * Writes the three reports, each within its bound (REPORT_BOUNDS.fileBytes): the model is redacted and fitted first and
 * every output redacted once more, so no path can leak. A writer that fails (or overshoots once redacted) is tried
 * again on the bare model, and one file's trouble never keeps the others from being written.
 */
export function writeReports(report: ConformanceReport, dir: string, secrets: readonly string[]): { files: string[]; bytes: Record<string, number>; errors: string[] } {
  const safe = fitReport(redactDeep(report, secrets));
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const bytes: Record<string, number> = {};
  const errors: string[] = [];
  for (const [name, render] of WRITERS) {
    const bound = REPORT_BOUNDS.fileBytes[name];
    const attempt = (model: ConformanceReport, limit: number): string => redactText(render(model, limit), secrets);
    let content: string;
    try {
      content = attempt(safe, bound);
      if (Buffer.byteLength(content) > bound) content = attempt(bare(safe), Math.floor(bound / 4));
    } catch (error) {
      try {
        content = attempt(bare(safe), Math.floor(bound / 4));
        errors.push(`${name} was written from the summary only: ${error instanceof Error ? error.message : String(error)}`);
      } catch (again) {
        errors.push(`${name}: ${again instanceof Error ? again.message : String(again)}`);
        continue;
      }
    }
    const path = join(dir, name);
    writeFileSync(path, content);
    files.push(path);
    bytes[name] = Buffer.byteLength(content);
  }
  return { files, bytes, errors };
}

/** Reads a conformance.json back (baseline, diff CLI); throws with a message a CI log can show. */
export function readReport(path: string): ConformanceReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read report ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const requirements = (parsed as { requirements?: unknown } | null)?.requirements;
  const ok = Array.isArray(requirements) && requirements.every((r) => typeof (r as { id?: unknown })?.id === 'string' && typeof (r as { status?: unknown })?.status === 'string');
  if (!ok) throw new Error(`${path} is not a conformance.json (no requirements[] with id and status).`);
  return parsed as ConformanceReport;
}
