import { html, trusted } from './html-escape';
import { displayOrder, requirementCard } from './html-requirement';
import { SCRIPT } from './html-script';
import { STYLE } from './html-style';
import { banner, diffSection, filters, matrix, meta, problems, summaryTable } from './html-view';
import type { ConformanceReport } from './model';

/**
 * The self-contained conformance.html: inline CSS and JS, no external loads, rendered server-side from the model so
 * it reads without JavaScript; the script only filters.
 */
export function renderHtml(report: ConformanceReport): string {
  const ordered = displayOrder(report.requirements);
  const title = `Job Router conformance: ${report.verdict} (${report.target})`;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${title}</title><style>${trusted(STYLE)}</style></head>
<body>${banner(report)}<main>
${meta(report)}${problems(report)}${summaryTable(report)}${diffSection(report)}${matrix(report.requirements)}
<h2>Requirements (${report.requirements.length})</h2>${filters(report)}
<div id="requirements">${ordered.map(requirementCard)}</div>
<footer>Job Router conformance kit ${report.kitVersion} · api-version ${report.apiVersion} · machine-readable: conformance.json, junit.xml</footer>
</main><script>${trusted(SCRIPT)}</script></body></html>
`;
  return page.value;
}
