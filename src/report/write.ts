import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html';
import { renderJUnit } from './junit';
import type { ConformanceReport } from './model';
import { redactDeep, redactText } from './redact';

export const REPORT_FILES = { json: 'conformance.json', html: 'conformance.html', junit: 'junit.xml' } as const;

/** Writes the three reports; the model is redacted first and every output once more, so no path can leak. */
export function writeReports(report: ConformanceReport, dir: string, secrets: readonly string[]): { files: string[]; bytes: Record<string, number> } {
  const safe = redactDeep(report, secrets);
  mkdirSync(dir, { recursive: true });
  const outputs: [string, string][] = [
    [REPORT_FILES.json, `${JSON.stringify(safe, null, 2)}\n`],
    [REPORT_FILES.html, renderHtml(safe)],
    [REPORT_FILES.junit, renderJUnit(safe)],
  ];
  const files: string[] = [];
  const bytes: Record<string, number> = {};
  for (const [name, text] of outputs) {
    const path = join(dir, name);
    const content = redactText(text, secrets);
    writeFileSync(path, content);
    files.push(path);
    bytes[name] = Buffer.byteLength(content);
  }
  return { files, bytes };
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
