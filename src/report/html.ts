import { BoundedText } from './bounded';
import { REPORT_BOUNDS } from './bounds';
import { html, trusted } from './html-escape';
import { coverageSection } from './html-coverage';
import { displayOrder, requirementCard } from './html-requirement';
import { SCRIPT } from './html-script';
import { STYLE } from './html-style';
import { FINDING_STYLE, findingsSection } from './html-finding';
import { banner, diffSection, filters, matrix, meta, problems, summaryTable } from './html-view';
import type { ConformanceReport } from './model';

/**
 * The self-contained conformance.html: inline CSS and JS, no external loads, rendered server-side from the model so
 * it reads without JavaScript; the script only filters. The page never grows past `limit` bytes: cards that no longer
 * fit lose their evidence (with a note), then all but their head.
 */
export function renderHtml(report: ConformanceReport, limit: number = REPORT_BOUNDS.fileBytes['conformance.html']): string {
  const ordered = displayOrder(report.requirements);
  const title = `Job Router conformance: ${report.verdict} (${report.target})`;
  const head = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${title}</title><style>${trusted(STYLE + FINDING_STYLE)}</style></head>
<body>${banner(report)}<main>
${findingsSection(report)}${meta(report)}${problems(report)}${summaryTable(report)}${diffSection(report)}${matrix(report.requirements)}${coverageSection(report.coverage)}
<h2>Requirements (${report.requirements.length})</h2>${filters(report)}
<div id="requirements">`.value;
  const tail = html`</div>
<footer>Job Router conformance kit ${report.kitVersion} · api-version ${report.apiVersion} · machine-readable: conformance.json, junit.xml</footer>
</main><script>${trusted(SCRIPT)}</script></body></html>
`.value;
  const NOTE_RESERVE = 512;
  const page = new BoundedText(limit, Buffer.byteLength(tail) + NOTE_RESERVE);
  page.add(head, () => html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Job Router conformance: ${report.verdict}</title></head><body><main><div id="requirements">`.value);
  for (const r of ordered) page.add(() => requirementCard(r).value, () => requirementCard(r, 'no-evidence').value, () => requirementCard(r, 'minimal').value);
  if (page.shortened || page.leftOut) {
    const note = html`<p class="bounded">${page.shortened} card(s) shown without their evidence and ${page.leftOut} left out: the page keeps within ${limit} bytes; conformance.json keeps the rest.</p>`.value;
    if (Buffer.byteLength(note) <= NOTE_RESERVE) page.close(note);
  }
  page.close(tail);
  return page.toString();
}
