import { BoundedText } from './bounded';
import { REPORT_BOUNDS } from './bounds';
import type { ConformanceReport, RequirementResult } from './model';

/** Indents every line but the first of a JSON.stringify(…, null, 2) text by `spaces`. */
function nested(json: string, spaces: number): string {
  return json.replace(/\n/g, `\n${' '.repeat(spaces)}`);
}

function withoutEvidence(r: RequirementResult): RequirementResult {
  const { evidence: _e, events: _v, ...rest } = r;
  const note = 'Evidence not kept: conformance.json reached its size bound.';
  return { ...rest, evidenceNote: rest.evidenceNote ? `${rest.evidenceNote} ${note}` : note };
}

function minimal(r: RequirementResult): Pick<RequirementResult, 'id' | 'level' | 'area' | 'operation' | 'title' | 'source' | 'status' | 'durationMs' | 'message' | 'evidenceNote'> {
  const message = (r.message ?? '').split('\n', 1)[0]?.slice(0, 500);
  const { id, level, area, operation, title, source, status, durationMs } = r;
  return { id, level, area, operation, title, source, status, durationMs, ...(message ? { message } : {}), evidenceNote: 'Cut to its summary: conformance.json reached its size bound.' };
}

/**
 * conformance.json, assembled requirement by requirement under `limit` bytes: a requirement that no longer fits is
 * written without its evidence, then as its summary; the file says so in `truncated`.
 */
export function renderJson(report: ConformanceReport, limit: number = REPORT_BOUNDS.fileBytes['conformance.json']): string {
  const { requirements, ...rest } = report;
  const closing = (note?: string): string => `\n  ]${note ? `,\n  "truncated": ${JSON.stringify(note)}` : ''}\n}\n`;
  const out = new BoundedText(limit, 512);
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  const bare = JSON.stringify({ verdict: report.verdict, verdictReason: report.verdictReason.slice(0, 2000), target: report.target, summary: report.summary }, null, 2).replace(/\n}$/, '');
  out.add(`${head},\n  "requirements": [`, `${bare},\n  "requirements": [`);
  let first = true;
  for (const r of requirements) {
    const sep = first ? '\n    ' : ',\n    ';
    if (out.add(() => sep + nested(JSON.stringify(r, null, 2), 4), () => sep + nested(JSON.stringify(withoutEvidence(r), null, 2), 4), () => sep + nested(JSON.stringify(minimal(r), null, 2), 4))) first = false;
  }
  const cutNote = out.shortened || out.leftOut ? `${out.shortened} requirement(s) written without their evidence or as a summary, ${out.leftOut} left out: the file keeps within ${limit} bytes.` : undefined;
  out.close(closing(cutNote));
  return out.toString();
}
